"""What registration and "Lupa akun" share: the identity check (one answer for "not
found" and "does not match", rate limited per address and per NIK), the flow token, and
proving a new email and mobile number with one-time codes (``ContactCheck``, the same
rules as the data update's step 7)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from jmo.domain.errors import (
    CollectErrors,
    Conflict,
    DomainError,
    NotFound,
    TooManyAttempts,
    ValidationFailed,
)
from jmo.domain.identifiers.dates import parse_birth_date
from jmo.domain.identifiers.email import parse_email
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import normalise_nik, parse_nik
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.notices import NoticeChannel
from jmo.domain.onboarding import IdentityClaim, Onboarding, Purpose
from jmo.domain.pengkinian.verification import (
    CODE_KINDS,
    CODE_LENGTH,
    CODES_WINDOW,
    ContactCheck,
    check_code_budget,
    code_hash,
    wrong_code_state,
)
from jmo.usecases.accounts.sessions import Client, hash_token
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.participants import ParticipantRegistry
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

NO_MATCH = "onboarding.no_match"  # one code for "not found" and "does not match"
_NOTICE = {"phone": (NoticeChannel.SMS, "otp.phone"), "email": (NoticeChannel.EMAIL, "otp.email")}


@dataclass(frozen=True)
class Started:
    token: str  # the person keeps it (cookie or API); only its hash is stored
    onboarding: Onboarding


def parse_identity(
    raw: Mapping[str, str], regions: RegionDirectory, *, today: date, with_name: bool
) -> IdentityClaim:
    """The typed identity, every format error at once (these say nothing about records)."""
    errors = CollectErrors()
    birth = errors.run("birth_date", parse_birth_date, raw.get("birth_date"), today)
    nik = errors.run("nik", parse_nik, raw.get("nik"), regions, today=today, birth_date=birth)
    kpj = errors.run("kpj", parse_kpj, raw.get("kpj"))
    name = (
        errors.run("full_name", parse_person_name, raw.get("full_name"), "full_name")
        if with_name
        else None
    )
    errors.raise_if_any()
    return IdentityClaim(nik=nik.value, kpj=kpj, birth_date=birth, full_name=name)


def _nik_bucket(nik: str) -> str:
    # No NIK in the limits table or Redis: a hash names the bucket.
    return hashlib.sha256(normalise_nik(nik).encode()).hexdigest()[:32]


def check_identity(
    registry: ParticipantRegistry,
    limiter: RateLimiter,
    claim: IdentityClaim,
    *,
    client: Client,
    policy: Policy,
    now: datetime,
) -> uuid.UUID:
    """The participant the identity belongs to, or ``DomainError(NO_MATCH)`` whether the
    NIK or KPJ is unknown or a detail differs; every try counts, per address and per NIK."""
    for bucket, limit, window in (
        (f"idchk:ip:{client.ip}", policy.identity_checks_per_ip_hour, 3600),
        (f"idchk:nik:{_nik_bucket(claim.nik)}", policy.identity_checks_per_nik_day, 86400),
    ):
        decision = limiter.hit(bucket, limit=limit, window_s=window, now=now)
        if not decision.allowed:
            raise TooManyAttempts(
                "auth.too_many_attempts", minutes=-(-decision.retry_after_s // 60)
            )
    found = registry.match(claim)
    if found is None:
        raise DomainError(NO_MATCH)
    return found


def begin(uow: UnitOfWork, purpose: Purpose, participant_id: uuid.UUID, now: datetime) -> Started:
    """Inside the caller's unit of work: a new flow and its token."""
    secret = secrets.token_urlsafe(32)
    item = Onboarding(uuid.uuid4(), purpose, participant_id, now)
    uow.onboardings.add(item, hash_token(secret))
    return Started(secret, item)


def load(uow: UnitOfWork, token: str, purpose: Purpose, now: datetime) -> Onboarding:
    item = uow.onboardings.by_token_hash(hash_token(token or ""))
    if item is None or item.purpose is not purpose:
        raise NotFound("onboarding")
    item.require_open(now)
    return item


def current(uow: UnitOfWork, token: str, purpose: Purpose, *, now: datetime) -> Onboarding:
    """Where a flow stands (the pages ask before showing a step)."""
    with uow:
        return load(uow, token, purpose, now)


def send_contact_codes(
    uow: UnitOfWork,
    notices: NoticeComposer,
    *,
    token: str,
    purpose: Purpose,
    email: str,
    phone: str,
    now: datetime,
    locale: str = "id",
) -> Onboarding:
    """A code to the new email and one by SMS to the new mobile number. An address that
    already opens another account is refused (one address, one account)."""
    errors = CollectErrors()
    new_email = errors.run("email", parse_email, email)
    new_phone = errors.run("phone", parse_mobile, phone)
    errors.raise_if_any()
    with uow:
        item = load(uow, token, purpose, now)
        item.require_face()
        holder = uow.accounts.get_by_email(new_email)
        if holder is not None and holder.participant_id != item.participant_id:
            raise Conflict("account.email_taken", field="email")
        planned: dict[str, tuple[ContactCheck, str]] = {}
        for channel, target in (("email", new_email), ("phone", new_phone)):
            previous = item.checks.get(channel)
            if previous is not None and previous.is_verified_for(target):
                continue
            if (
                previous is not None
                and previous.target == target
                and previous.verified_at is None
                and now <= previous.expires_at
            ):
                continue  # the code already sent can still be typed
            code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
            planned[channel] = (
                ContactCheck(channel, target, code_hash(code, item.salt(channel)), now),
                code,
            )
        if planned:
            check_code_budget(
                wanted=len(planned),
                sent_in_draft=item.codes_sent,
                sent_recently=uow.outbox.queued_at(
                    item.participant_id, CODE_KINDS, now - CODES_WINDOW
                ),
                now=now,
                field=next(iter(planned)),
            )
        for channel, (check, code) in planned.items():
            item.checks[channel] = check
            item.codes_sent += 1
            notice_channel, kind = _NOTICE[channel]
            queue_notice(
                uow,
                notices,
                kind=kind,
                channel=notice_channel,
                recipient=check.target,
                participant_id=item.participant_id,
                event_key=f"onb:{item.id}:{item.codes_sent}",
                now=now,
                params={},
                locale=locale,
                secrets={"code": code},
                secrets_valid_until=check.expires_at,
            )
        uow.onboardings.save(item)
        uow.commit()
        return item


def verify_contact_codes(
    uow: UnitOfWork, *, token: str, purpose: Purpose, codes: Mapping[str, str], now: datetime
) -> Onboarding:
    """The typed codes (``email_code``, ``phone_code``); wrong tries are counted."""
    with uow:
        item = load(uow, token, purpose, now)
        item.require_face()
        failure: ValidationFailed | None = None
        for channel, check in list(item.checks.items()):
            if check.verified_at is not None:
                continue
            field = f"{channel}_code"
            try:
                item.checks[channel] = check.attempt(
                    codes.get(field, ""), item.salt(channel), now, field
                )
            except ValidationFailed as exc:
                tried = wrong_code_state(exc)
                if tried is not None:
                    item.checks[channel] = tried
                failure = (
                    exc if failure is None else ValidationFailed([*failure.errors, *exc.errors])
                )
        uow.onboardings.save(item)
        uow.commit()
    if failure is not None:
        raise failure
    return item


def require_contacts(item: Onboarding) -> tuple[str, str]:
    email, phone = item.verified("email"), item.verified("phone")
    if email is None or phone is None:
        raise ValidationFailed.single("email_code", "onboarding.contacts_first")
    return email, phone
