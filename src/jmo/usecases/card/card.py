"""The participant's card: open it (issuing one when needed), download it, reissue it;
staff revoke one; anyone verifies a scanned token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.card import (
    Card,
    CardClaims,
    CardFace,
    CardStatus,
    EmploymentFact,
    Program,
    current_employment,
    mask_kpj,
    mask_name,
    programs_for,
    valid_through,
)
from jmo.domain.errors import TooManyAttempts, ValidationFailed
from jmo.domain.identifiers.nik import mask_nik
from jmo.domain.participant import Participant
from jmo.usecases.access import access_card, access_current_participant, require_staff
from jmo.usecases.auditing import audit
from jmo.usecases.ports.card import CardRenderer, CardTokens
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

REVOKE_REASONS = ("replaced", "reissued", "lost", "fraud", "data_corrected")


@dataclass(frozen=True)
class CardView:
    card: Card
    token: str
    verify_url: str
    nik_masked: str
    province_code: str | None

    def face(self) -> CardFace:
        return CardFace(
            full_name=self.card.full_name,
            kpj=self.card.kpj,
            nik_masked=self.nik_masked,
            programs=tuple(p.value for p in self.card.programs),
            employer_name=self.card.employer_name,
            valid_through=self.card.valid_through,
            verify_url=self.verify_url,
        )


def verify_url(policy: Policy, token: str) -> str:
    return f"{policy.public_url}/verify/{token}"


def _view(participant: Participant, card: Card, tokens: CardTokens, policy: Policy) -> CardView:
    # Ed25519 signatures are deterministic: the same card and key give the same token, so
    # tokens are not stored. After a key rotation the card is shown with a token of the new
    # key; tokens already printed keep verifying while the old key is listed.
    token = tokens.sign(CardClaims(card.id, card.issued_at, card.valid_through))
    return CardView(
        card=card,
        token=token,
        verify_url=verify_url(policy, token),
        nik_masked=mask_nik(participant.identity.nik),
        province_code=participant.profile.province_code,
    )


def _what_the_card_shows(
    uow: UnitOfWork, participant: Participant, now: datetime
) -> tuple[tuple[Program, ...], str | None]:
    facts = [
        EmploymentFact(e.employer_name, e.start_date, e.end_date)
        for e in uow.participants.employments(participant.id)
    ]
    today = now.date()
    programs = programs_for(
        facts,
        birth_date=participant.identity.birth_date,
        citizenship=participant.profile.citizenship,
        today=today,
    )
    job = current_employment(facts, today)
    return programs, job.employer_name if job else None


def _issue(
    uow: UnitOfWork,
    actor: Actor,
    participant: Participant,
    tokens: CardTokens,
    now: datetime,
    *,
    programs: tuple[Program, ...],
    employer: str | None,
    previous: Card | None,
    revoke_reason: str | None,
) -> Card:
    if previous is not None and revoke_reason and previous.revoked_at is None:
        previous.revoke(revoke_reason, now)
        uow.cards.save(previous)
        audit(
            uow,
            actor,
            "card.revoked",
            subject_type="card",
            subject_id=previous.id,
            at=now,
            reason=revoke_reason,
        )
    card = Card(
        id=uuid.uuid4(),
        participant_id=participant.id,
        kpj=participant.identity.kpj,
        full_name=participant.identity.full_name,
        programs=programs,
        employer_name=employer,
        issued_at=now.replace(microsecond=0),
        valid_through=valid_through(now),
        key_id=tokens.current_key_id,
    )
    uow.cards.add(card)
    audit(
        uow,
        actor,
        "card.issued",
        subject_type="card",
        subject_id=card.id,
        at=now,
        participant_id=str(participant.id),
        programs=[p.value for p in programs],
        key_id=card.key_id,
    )
    return card


def open_card(
    uow: UnitOfWork, actor: Actor, *, tokens: CardTokens, policy: Policy, now: datetime
) -> CardView:
    """Kartu Digital: the current card, or a new one when there is none, it expired, it
    was revoked, or what it shows changed (the old one is then revoked as replaced)."""
    with uow:
        participant = access_current_participant(uow, actor)
        programs, employer = _what_the_card_shows(uow, participant, now)
        latest = uow.cards.latest_for(participant.id)
        if (
            latest is not None
            and latest.status(now) is CardStatus.VALID
            and latest.shows_the_same(participant.identity.full_name, programs, employer)
        ):
            return _view(participant, latest, tokens, policy)
        reason = "replaced" if latest and latest.status(now) is CardStatus.VALID else None
        card = _issue(
            uow,
            actor,
            participant,
            tokens,
            now,
            programs=programs,
            employer=employer,
            previous=latest,
            revoke_reason=reason,
        )
        uow.commit()
        return _view(participant, card, tokens, policy)


def reissue_card(
    uow: UnitOfWork, actor: Actor, *, tokens: CardTokens, policy: Policy, now: datetime
) -> CardView:
    """The participant revokes the current card (a lost phone, a card shared by mistake)
    and gets a new one: the old QR code then verifies as revoked."""
    with uow:
        participant = access_current_participant(uow, actor)
        programs, employer = _what_the_card_shows(uow, participant, now)
        card = _issue(
            uow,
            actor,
            participant,
            tokens,
            now,
            programs=programs,
            employer=employer,
            previous=uow.cards.latest_for(participant.id),
            revoke_reason="reissued",
        )
        uow.commit()
        return _view(participant, card, tokens, policy)


def card_file(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: Literal["png", "pdf"],
    locale: str,
    tokens: CardTokens,
    renderer: CardRenderer,
    policy: Policy,
    now: datetime,
) -> bytes:
    """The card as an image or a PDF (the same card the page shows)."""
    view = open_card(uow, actor, tokens=tokens, policy=policy, now=now)
    face = view.face()
    return renderer.png(face, locale) if kind == "png" else renderer.pdf(face, locale)


def revoke_card(
    uow: UnitOfWork, actor: Actor, card_id: UUID, *, reason: str, now: datetime
) -> Card:
    """Staff revoke a card (fraud, data corrected at a branch). The participant's next visit
    to Kartu Digital issues a new one."""
    require_staff(actor)
    if reason not in REVOKE_REASONS:
        raise ValidationFailed.single("reason", "field.choice")
    with uow:
        card = access_card(uow, actor, card_id)
        if card.revoked_at is None:
            card.revoke(reason, now)
            uow.cards.save(card)
            audit(
                uow,
                actor,
                "card.revoked",
                subject_type="card",
                subject_id=card.id,
                at=now,
                reason=reason,
            )
            uow.commit()
        return card


# --- verification (public) ---------------------------------------------------------------


@dataclass(frozen=True)
class CardVerification:
    """What the public page may show. Personal data only for a valid card, and then only
    the masked name and KPJ with the programs: never the NIK, birth date, employer, bank or
    address."""

    status: CardStatus
    name_masked: str | None = None
    kpj_masked: str | None = None
    programs: tuple[Program, ...] = ()
    valid_through: datetime | None = None
    revoked_at: datetime | None = None


def verify_card(
    uow: UnitOfWork,
    tokens: CardTokens,
    token: str,
    *,
    now: datetime,
    limiter: RateLimiter,
    client_ip: str | None,
    policy: Policy,
) -> CardVerification:
    """Anyone with the QR code: valid, revoked, expired or invalid. The signature is checked
    before the database is touched, so forged tokens cost one signature check. Read only:
    scans write nothing (a public page must not let strangers fill the audit log). Scans
    per client address are limited (``card_verify_ip_limit`` a minute): a desk scanning
    cards all day stays far below it; a script walking tokens does not."""
    count_scan(limiter, policy, client_ip, now=now)
    try:
        claims = tokens.verify(token)
    except ValueError:
        return CardVerification(CardStatus.INVALID)
    with uow:
        card = uow.cards.get(claims.card_id)
    if card is None or int(card.valid_through.timestamp()) != int(claims.expires_at.timestamp()):
        return CardVerification(CardStatus.INVALID)
    status = card.status(now)
    if status is CardStatus.REVOKED:
        return CardVerification(status, revoked_at=card.revoked_at)
    if status is CardStatus.EXPIRED:
        return CardVerification(status, valid_through=card.valid_through)
    return CardVerification(
        status,
        name_masked=mask_name(card.full_name),
        kpj_masked=mask_kpj(card.kpj),
        programs=card.programs,
        valid_through=card.valid_through,
    )


def count_scan(
    limiter: RateLimiter, policy: Policy, client_ip: str | None, *, now: datetime
) -> None:
    """One scan of a public verification page (a card, a printed document): one budget
    per client address for all of them."""
    scans = limiter.hit(
        f"verify:ip:{client_ip}", limit=policy.card_verify_ip_limit, window_s=60, now=now
    )
    if not scans.allowed:
        raise TooManyAttempts("card.verify_too_many", minutes=max(1, -(-scans.retry_after_s // 60)))
