"""Telling the claimant at each step (email and SMS through the outbox, same transaction)."""

from __future__ import annotations

from datetime import datetime

from jmo.domain.claims.model import Claim, ClaimStatus
from jmo.domain.money import format_rupiah
from jmo.domain.participant import Participant
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork


def notice_kind(claim: Claim, event_reason: str | None = None) -> str:
    if claim.status is ClaimStatus.REJECTED:
        return f"claim.rejected.{event_reason or 'other'}"
    return f"claim.{claim.status.value}"


def notify_claimant(
    uow: UnitOfWork,
    notices: NoticeComposer,
    claimant: Participant,
    claim: Claim,
    *,
    now: datetime,
    reason: str | None = None,
) -> None:
    kind = notice_kind(claim, reason)
    params = {
        "name": claimant.identity.full_name,
        "number": claim.number,
        "program": claim.program.value.upper(),
        "amount": format_rupiah(claim.benefit.net),
    }
    seq = len(claim.events)
    notify_participant(
        uow,
        notices,
        claimant,
        kind=kind,
        event_key=f"{claim.id}:{seq}",
        now=now,
        params=params,
        sms=True,
    )
