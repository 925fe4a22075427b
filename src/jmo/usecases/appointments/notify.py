"""Telling the participant about their appointment (email, SMS and the inbox, in the same
transaction as the change): booked, moved, cancelled, done."""

from __future__ import annotations

from datetime import datetime

from jmo.domain.backoffice.appointments import Appointment
from jmo.domain.backoffice.branches import get_branch
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

# The notice kinds (texts in jmo.adapters.notice_texts.appointments).
BOOKED = "appointment.booked"
RESCHEDULED = "appointment.rescheduled"
CANCELLED = "appointment.cancelled"
DONE = "appointment.done"


def notify_appointment(
    uow: UnitOfWork,
    notices: NoticeComposer,
    appointment: Appointment,
    kind: str,
    *,
    now: datetime,
) -> None:
    participant = uow.participants.get(appointment.participant_id)
    if participant is None:
        return
    branch = get_branch(appointment.branch_code)
    notify_participant(
        uow,
        notices,
        participant,
        kind=kind,
        event_key=f"{appointment.id}:{appointment.version}",
        now=now,
        params={
            "name": participant.identity.full_name,
            "booking": appointment.code,
            "branch": branch.name if branch else appointment.branch_code,
            "starts_at": appointment.starts_at.isoformat(),
            # the office's clock (WIB/WITA/WIT), not the participant's
            "province": appointment.office_province,
        },
        sms=kind != DONE,
    )
