"""The participant's heirs (ahli waris, ``jmo.domain.heirs``): recorded in the rule's
order (docs/domain-rules.md §6) from /akun/ahli-waris or /api/v1/me/heirs, and, for a
person a participant named as heir, the death claim's form pre-filled
(docs/decisions/heirs-and-death-claims.md)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.claims.model import HeirRelationship
from jmo.domain.errors import Conflict, NotFound, ValidationFailed
from jmo.domain.heirs import MAX_HEIRS, Heir, in_order, parse_heir
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.notices import NoticeChannel
from jmo.usecases.access import (
    access_claim_as_staff,
    access_own_participant,
    require_participant,
)
from jmo.usecases.accounts.not_me import require_not_frozen
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class HeirPrefill:
    """A participant who named the logged-in person as heir: what the death claim's form
    starts with. The deceased's NIK is not given: the heir types it from the KTP or KK
    (together with the KPJ it is the check that they hold the documents)."""

    deceased_kpj: str
    deceased_name: str
    heir_relationship: HeirRelationship


def _tell_owner(uow: UnitOfWork, notices: NoticeComposer, actor: Actor, now: datetime) -> None:
    """Who receives the death benefits is worth taking over an account for: every change
    is told to the account's email, with "Bukan saya"."""
    account = uow.accounts.get(actor.account_id)
    if account is not None:
        queue_notice(
            uow,
            notices,
            kind="heirs.changed",
            channel=NoticeChannel.EMAIL,
            recipient=account.email,
            participant_id=actor.participant_id,
            event_key=f"{account.id}:{uuid.uuid4()}",  # each change is its own event
            now=now,
            params={},
        )


def my_heirs(uow: UnitOfWork, actor: Actor) -> list[Heir]:
    participant_id = require_participant(actor)
    with uow:
        return in_order(uow.heirs.for_participant(participant_id))


def add_heir(
    uow: UnitOfWork,
    actor: Actor,
    raw: Mapping[str, str],
    *,
    regions: RegionCodes,
    notices: NoticeComposer,
    now: datetime,
) -> Heir:
    entered = parse_heir(raw, regions, today=now.date())
    with uow:
        participant = access_own_participant(uow, actor)
        require_not_frozen(uow, participant.id)  # "Bukan saya" stops data changes
        if entered.nik == participant.identity.nik:
            raise ValidationFailed.single("nik", "heir.is_self")
        listed = uow.heirs.for_participant(participant.id)
        if any(h.nik == entered.nik for h in listed):
            raise ValidationFailed.single("nik", "heir.duplicate")
        if len(listed) >= MAX_HEIRS:
            raise ValidationFailed.single("nik", "heir.too_many", max=MAX_HEIRS)
        heir = Heir(
            id=uuid.uuid4(),
            participant_id=participant.id,
            relationship=entered.relationship,
            full_name=entered.full_name,
            nik=entered.nik,
            created_at=now,
        )
        uow.heirs.add(heir)
        audit(
            uow,
            actor,
            "heir.added",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            heir_id=str(heir.id),
            relationship=heir.relationship.value,
        )
        _tell_owner(uow, notices, actor, now)
        uow.commit()
        return heir


def remove_heir(
    uow: UnitOfWork,
    actor: Actor,
    heir_id: uuid.UUID,
    *,
    notices: NoticeComposer,
    now: datetime,
) -> None:
    participant_id = require_participant(actor)
    with uow:
        require_not_frozen(uow, participant_id)
        if not uow.heirs.remove(participant_id, heir_id):
            raise NotFound("heir")  # another participant's heir is as missing as none
        audit(
            uow,
            actor,
            "heir.removed",
            subject_type="participant",
            subject_id=participant_id,
            at=now,
            heir_id=str(heir_id),
        )
        _tell_owner(uow, notices, actor, now)
        uow.commit()


def heir_claim_prefill(uow: UnitOfWork, actor: Actor) -> list[HeirPrefill]:
    """The participants who named the logged-in person (by NIK) as heir."""
    with uow:
        me = access_own_participant(uow, actor)
        found: list[HeirPrefill] = []
        for entry in uow.heirs.naming(me.identity.nik):
            named_by = uow.participants.get(entry.participant_id)
            if named_by is None or named_by.identity.nik == me.identity.nik:
                continue
            found.append(
                HeirPrefill(
                    deceased_kpj=named_by.identity.kpj,
                    deceased_name=named_by.identity.full_name,
                    heir_relationship=entry.relationship,
                )
            )
        return found


@dataclass(frozen=True)
class DeathClaimHeirs:
    """For the officer checking a death claim: the heirs the deceased recorded, and the
    relationship under which the deceased named the claimant, if they did. The heir
    certificate still decides; this says whom to expect."""

    recorded: list[Heir]
    claimant_recorded_as: HeirRelationship | None


def heirs_for_death_claim(
    uow: UnitOfWork, actor: Actor, claim_id: uuid.UUID, *, now: datetime
) -> DeathClaimHeirs:
    """Staff of the claimant's branch; recorded in the access log of both the deceased
    member and the claimant. Only for a claim filed by an heir."""
    with uow:
        claim = access_claim_as_staff(uow, actor, claim_id)
        if not claim.filed_by_heir:
            raise Conflict("claim.not_by_heir")
        recorded = in_order(uow.heirs.for_participant(claim.member_participant_id))
        claimant = uow.participants.get(claim.claimant_participant_id)
        named = next(
            (h for h in recorded if claimant is not None and h.nik == claimant.identity.nik),
            None,
        )
        record_staff_read(
            uow,
            actor,
            StaffRead.HEIRS,
            [claim.member_participant_id, claim.claimant_participant_id],
            at=now,
            number=claim.number,
        )
        uow.commit()
        return DeathClaimHeirs(recorded, named.relationship if named else None)
