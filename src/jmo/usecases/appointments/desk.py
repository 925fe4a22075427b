"""The officer's side of appointments: the day's list of the branch (by booking code,
purpose and the request it is for, never by name: the participant reads out the code at
the counter, and opening the request attached is the recorded read), and the marks
arrived, done and no-show.

Marking a claim's appointment done records the claim's ``appointment_done`` branch step
(``jmo.usecases.claims.branch.record_step_in``), which a claim routed to a branch needs
before it can be paid (``jmo.domain.claims.tracking.require_branch_step``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import appointments as rules
from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose
from jmo.domain.backoffice.branches import get_branch, serves
from jmo.domain.backoffice.permissions import Action
from jmo.domain.claims.model import BranchStep
from jmo.domain.errors import NotFound
from jmo.domain.time import WIB, WIT, to_local
from jmo.usecases.access import require_action
from jmo.usecases.appointments import notify
from jmo.usecases.appointments.booking import audit_appointment
from jmo.usecases.claims.branch import record_step_in
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

DAY_LIMIT = 500


def _local_day(appointment: Appointment) -> date:
    return to_local(appointment.starts_at, appointment.office_province).date()


def day_appointments(
    uow: UnitOfWork, actor: Actor, *, day: date | None = None, now: datetime
) -> list[Appointment]:
    """The appointments of a day (today at the office by default) at the branches the
    actor serves (the head office: every branch), by start time."""
    require_action(actor, Action.APPOINTMENT_READ)
    branch = get_branch(actor.branch_code)
    wanted = day or to_local(now, branch.office_province if branch else None).date()
    # The widest UTC window any zone's day covers (WIT starts first, WIB ends last).
    start = datetime.combine(wanted, datetime.min.time(), tzinfo=WIT)
    end = datetime.combine(wanted + timedelta(days=1), datetime.min.time(), tzinfo=WIB)
    own = None if branch is None or branch.national else branch.code
    with uow:
        found = uow.appointments.between(start, end, branch_code=own, limit=DAY_LIMIT)
    return [
        a for a in found if _local_day(a) == wanted and serves(actor.branch_code, a.branch_code)
    ]


def waiting_appointments(uow: UnitOfWork, now: datetime) -> list[Appointment]:
    """For the work queue (inside its transaction): appointments still to be marked, from
    the past week up to the end of today."""
    end = datetime.combine(
        to_local(now).date() + timedelta(days=1), datetime.min.time(), tzinfo=WIB
    )
    return uow.appointments.between(
        now - timedelta(days=7),
        end,
        statuses=(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED),
        limit=DAY_LIMIT,
    )


def mark_appointment(
    uow: UnitOfWork,
    actor: Actor,
    appointment_id: UUID,
    *,
    status: str,
    notices: NoticeComposer,
    now: datetime,
) -> Appointment:
    """Arrived, done or no-show, by an officer of the appointment's branch. Done on a
    claim's appointment records the claim's branch step, in the same transaction."""
    to = rules.parse_mark(status)
    require_action(actor, Action.APPOINTMENT_MARK)
    with uow:
        appointment = uow.appointments.get(appointment_id)
        if appointment is None:
            raise NotFound("appointment")
        require_action(
            actor, Action.APPOINTMENT_MARK, branch=appointment.branch_code, missing="appointment"
        )
        changed = uow.appointments.save(rules.mark(appointment, to, by=actor.account_id, now=now))
        if to is AppointmentStatus.DONE and changed.purpose is Purpose.CLAIM:
            claim = uow.claims.get(changed.subject_id) if changed.subject_id else None
            if claim is not None and claim.is_open:
                record_step_in(
                    uow,
                    actor,
                    claim,
                    BranchStep.APPOINTMENT_DONE,
                    branch=changed.branch_code,
                    note=changed.code,
                    now=now,
                )
        audit_appointment(uow, actor, changed, to.value, now)
        if to is AppointmentStatus.DONE:
            notify.notify_appointment(uow, notices, changed, notify.DONE, now=now)
        uow.commit()
        return changed


def appointments_of_subject(uow: UnitOfWork, actor: Actor, subject_id: UUID) -> list[Appointment]:
    """The appointments booked for a claim or request the caller already opened (the
    caller checked the actor may read it)."""
    require_action(actor, Action.APPOINTMENT_READ)
    with uow:
        return uow.appointments.of_subject(subject_id)
