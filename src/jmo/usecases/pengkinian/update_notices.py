"""The notices of an applied data update, whatever the channel (the app's submit, the
branch counter, a supervisor approving a held bank change)."""

from __future__ import annotations

from datetime import datetime

from jmo.domain.notices import NoticeChannel
from jmo.domain.participant import FieldChange, Participant
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.domain.risk import changes_bank_account
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of


def queue_update_notices(
    uow: UnitOfWork,
    notices: NoticeComposer,
    participant: Participant,
    request: ChangeRequest,
    changes: tuple[FieldChange, ...],
    now: datetime,
    bank_days: int,
) -> None:
    """A notice of the update to the current contacts, and to the old ones where the
    phone or email changed (an account taken over shows up at the old address)."""
    params = {
        "name": participant.identity.full_name,
        "reference": reference_of(uow, request.id, request.reference),
    }
    targets: list[tuple[NoticeChannel, str, str]] = []
    if participant.profile.email:
        targets.append((NoticeChannel.EMAIL, participant.profile.email, "pengkinian.applied"))
    if participant.profile.phone:
        targets.append((NoticeChannel.SMS, participant.profile.phone, "pengkinian.applied"))
    old = {c.field: c.old for c in changes}
    old_email = old.get("email") or participant.profile.email
    old_phone = old.get("phone") or participant.profile.phone
    for change in changes:
        if change.field == "email" and change.old:
            targets.append((NoticeChannel.EMAIL, change.old, "pengkinian.contact_changed"))
        if change.field == "phone" and change.old:
            targets.append((NoticeChannel.SMS, change.old, "pengkinian.contact_changed"))
    if changes_bank_account(c.field for c in changes):
        # A new payout account is told to the contacts as they were before this update:
        # if the account was taken over, the real owner hears of it, with the wait.
        params["days"] = str(bank_days)
        if old_email:
            targets.append((NoticeChannel.EMAIL, old_email, "pengkinian.bank_changed"))
        if old_phone:
            targets.append((NoticeChannel.SMS, old_phone, "pengkinian.bank_changed"))
    for channel, recipient, kind in targets:
        queue_notice(
            uow,
            notices,
            kind=kind,
            channel=channel,
            recipient=recipient,
            participant_id=participant.id,
            event_key=str(request.id),
            now=now,
            params=params,
        )
