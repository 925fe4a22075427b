"""Risk flags staff see about a participant, and the bank cooling-off claims must respect."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.participant import Profile
from jmo.domain.pengkinian.policy import money_holds
from jmo.domain.risk import PayoutHold, RiskFlag, risk_flags
from jmo.domain.risk import payout_hold as running_hold
from jmo.usecases.access import access_participant_as_staff
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy
from jmo.usecases.staff_reads import StaffRead, record_staff_read


def _versions(uow: UnitOfWork, participant_id: UUID) -> list[tuple[datetime, Profile]]:
    return [(v.recorded_at, v.profile) for v in uow.participants.history(participant_id)]


def participant_risk(
    uow: UnitOfWork, actor: Actor, participant_id: UUID, *, policy: Policy, now: datetime
) -> list[RiskFlag]:
    with uow:
        participant = access_participant_as_staff(uow, actor, participant_id)
        holds = money_holds(bank_days=policy.bank_cooling_off_days)
        flags = risk_flags(
            _versions(uow, participant.id),
            now=now,
            cooling_off=holds["bank_account"],
            contact_hold=holds["phone"],
        )
        record_staff_read(uow, actor, StaffRead.RISK, [participant.id], at=now)
        uow.commit()
        return flags


def payout_hold(
    uow: UnitOfWork,
    participant_id: UUID,
    *,
    cooling_off_days: int,
    now: datetime,
    contact_days: int | None = None,
) -> PayoutHold | None:
    """The payout hold running at ``now`` (call inside a unit of work): the field policy's
    waits after a new bank account, phone or email, the bank's as configured."""
    holds = money_holds(bank_days=cooling_off_days, contact_days=contact_days)
    return running_hold(_versions(uow, participant_id), holds, now)


def payout_hold_until(
    uow: UnitOfWork,
    participant_id: UUID,
    *,
    cooling_off_days: int,
    now: datetime,
    contact_days: int | None = None,
) -> datetime | None:
    """Until when a claim may not be paid, if a hold still runs at ``now``."""
    hold = payout_hold(
        uow, participant_id, cooling_off_days=cooling_off_days, now=now, contact_days=contact_days
    )
    return hold.until if hold is not None else None
