"""The participant's side of appointments: the branch offices, days and free slots, a
booking with its code, what to bring, moving or cancelling it. The same use cases serve
``/janji-temu`` and ``/api/v1/appointments``.

Booking does not need Pengkinian Data done: the flows that send a person to a branch
(no reference photo, too many face checks) end before it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import appointments as rules
from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose
from jmo.domain.backoffice.branches import BranchOffice, branch_of
from jmo.domain.errors import Conflict, NotFound, ValidationFailed
from jmo.domain.participant import Participant
from jmo.usecases.access import access_own_participant, require_participant
from jmo.usecases.appointments import notify
from jmo.usecases.auditing import audit
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

MAX_LIST = 50
# What is recorded (``appointment.<event>``): the participant's changes and the marks.
AUDITED_EVENTS = ("booked", "rescheduled", "cancelled", "arrived", "done", "no_show")


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    free: int


@dataclass(frozen=True)
class BookingOptions:
    """What the booking page offers: the branch chosen (the participant's own by
    default), the bookable days, and the chosen day's slots with the seats left."""

    purpose: Purpose
    reference: str
    branch: BranchOffice
    branches: tuple[BranchOffice, ...]
    days: list[date]
    day: date
    slots: list[Slot]
    bring: tuple[str, ...]
    capacity: int


def _subject(uow: UnitOfWork, participant: Participant, purpose: Purpose, ref: str) -> UUID | None:
    """The participant's own record the visit is for: an open claim (required), or an
    identity correction when its reference is given. Another's or a closed one: refused,
    the same way as a missing one."""
    if purpose is Purpose.CLAIM:
        claim = uow.claims.get_by_number(ref)
        if claim is None or claim.claimant_participant_id != participant.id or not claim.is_open:
            raise ValidationFailed.single("reference", "appointment.reference_unknown")
        return claim.id
    if purpose is Purpose.IDENTITY_CORRECTION and ref:
        for request in uow.change_requests.for_participant(participant.id):
            if request.reference.upper() == ref:
                return request.id
        raise ValidationFailed.single("reference", "appointment.reference_unknown")
    return None


def _slots(uow: UnitOfWork, branch: BranchOffice, day: date, capacity: int) -> list[Slot]:
    starts = rules.day_slots(branch, day)
    start, end = rules.office_day_bounds(branch.office_province, day)
    taken = uow.appointments.taken_between(branch.code, start, end)
    return [Slot(at, max(capacity - taken.get(at, 0), 0)) for at in starts]


def booking_options(
    uow: UnitOfWork,
    actor: Actor,
    *,
    purpose: str | None,
    reference: str | None = None,
    branch_code: str | None = None,
    day: str | None = None,
    capacity: int,
    now: datetime,
) -> BookingOptions:
    chosen = rules.parse_purpose(purpose)
    ref = rules.clean_reference(reference, chosen)
    with uow:
        participant = access_own_participant(uow, actor)
        return options_for(uow, participant, chosen, ref, branch_code, day, capacity, now)


def options_for(
    uow: UnitOfWork,
    participant: Participant,
    chosen: Purpose,
    ref: str,
    branch_code: str | None,
    day: str | None,
    capacity: int,
    now: datetime,
) -> BookingOptions:
    """Inside the caller's unit of work, for a participant the caller has established
    (a session, or Lupa akun's flow token)."""
    _subject(uow, participant, chosen, ref)
    branch = rules.branch_or_error(branch_code or branch_of(participant))
    days = rules.bookable_days(branch, now)
    picked = days[0]
    if day:
        try:
            picked = date.fromisoformat(day)
        except ValueError:
            raise ValidationFailed.single("day", "field.invalid") from None
        if picked not in days:
            raise ValidationFailed.single("day", "appointment.day_closed")
    return BookingOptions(
        purpose=chosen,
        reference=ref,
        branch=branch,
        branches=rules.bookable_branches(),
        days=days,
        day=picked,
        slots=_slots(uow, branch, picked, capacity),
        bring=rules.WHAT_TO_BRING[chosen],
        capacity=capacity,
    )


def _take_seat(uow: UnitOfWork, branch: BranchOffice, starts_at: datetime, capacity: int) -> None:
    rules.require_free(uow.appointments.taken(branch.code, starts_at), capacity)


def book_appointment(
    uow: UnitOfWork,
    actor: Actor,
    *,
    purpose: str | None,
    reference: str | None,
    branch_code: str | None,
    starts_at: str | None,
    capacity: int,
    notices: NoticeComposer,
    rng: random.Random,
    now: datetime,
) -> Appointment:
    """A seat in a slot, a booking code, a notice. One open booking per purpose and
    reference: booking again is refused (move the one there is)."""
    chosen = rules.parse_purpose(purpose)
    ref = rules.clean_reference(reference, chosen)
    branch = rules.branch_or_error(branch_code)
    at = rules.parse_slot(branch, starts_at, now)
    with seat_conflicts(), uow:
        participant = access_own_participant(uow, actor)
        appointment = book_for(
            uow,
            participant,
            actor,
            chosen,
            ref,
            branch,
            at,
            capacity=capacity,
            rng=rng,
            now=now,
        )
        notify.notify_appointment(uow, notices, appointment, notify.BOOKED, now=now)
        uow.commit()
        return appointment


def book_for(
    uow: UnitOfWork,
    participant: Participant,
    actor: Actor | None,
    chosen: Purpose,
    ref: str,
    branch: BranchOffice,
    at: datetime,
    *,
    capacity: int,
    rng: random.Random,
    now: datetime,
) -> Appointment:
    """The booking rules inside the caller's unit of work (no notice, no commit): the
    participant comes from a session or from Lupa akun's flow token (no actor then)."""
    subject = _subject(uow, participant, chosen, ref)
    if uow.appointments.open_for(participant.id, chosen, ref) is not None:
        raise Conflict("appointment.already_booked")
    _take_seat(uow, branch, at, capacity)
    appointment = Appointment(
        id=uuid.uuid4(),
        code=rules.booking_code(
            [rng.randrange(len(rules.CODE_ALPHABET)) for _ in range(rules.CODE_LENGTH)]
        ),
        participant_id=participant.id,
        purpose=chosen,
        reference=ref,
        subject_id=subject,
        branch_code=branch.code,
        starts_at=at,
        status=AppointmentStatus.BOOKED,
        created_at=now,
        updated_at=now,
        status_by=actor.account_id if actor else None,
    )
    uow.appointments.add(appointment)
    audit_appointment(uow, actor, appointment, "booked", now)
    return appointment


@contextmanager
def seat_conflicts() -> Iterator[None]:
    """Two people took the slot's last seat at once (or the same code was drawn): the
    unique index refused the second; nothing was written."""
    try:
        yield
    except Conflict as exc:
        if exc.code == "record.duplicate":
            raise Conflict("appointment.slot_full") from exc
        raise


def audit_appointment(
    uow: UnitOfWork, actor: Actor | None, appointment: Appointment, event: str, now: datetime
) -> None:
    # On the participant, so that it shows in their "who accessed my data".
    audit(
        uow,
        actor,
        f"appointment.{event}",
        subject_type="participant",
        subject_id=appointment.participant_id,
        at=now,
        code=appointment.code,
        purpose=appointment.purpose.value,
        branch_code=appointment.branch_code,
        starts_at=appointment.starts_at.isoformat(),
    )


def my_appointments(uow: UnitOfWork, actor: Actor) -> list[Appointment]:
    participant_id = require_participant(actor)
    with uow:
        return uow.appointments.of_participant(participant_id, MAX_LIST)


def _own(uow: UnitOfWork, actor: Actor, appointment_id: UUID) -> Appointment:
    participant_id = require_participant(actor)
    found = uow.appointments.get(appointment_id)
    if found is None or found.participant_id != participant_id:
        raise NotFound("appointment")
    return found


def my_appointment(uow: UnitOfWork, actor: Actor, appointment_id: UUID) -> Appointment:
    with uow:
        return _own(uow, actor, appointment_id)


def cancel_my_appointment(
    uow: UnitOfWork,
    actor: Actor,
    appointment_id: UUID,
    *,
    notices: NoticeComposer,
    now: datetime,
) -> Appointment:
    with uow:
        appointment = _own(uow, actor, appointment_id)
        changed = uow.appointments.save(rules.cancel(appointment, by=actor.account_id, now=now))
        audit_appointment(uow, actor, changed, "cancelled", now)
        notify.notify_appointment(uow, notices, changed, notify.CANCELLED, now=now)
        uow.commit()
        return changed


def reschedule_my_appointment(
    uow: UnitOfWork,
    actor: Actor,
    appointment_id: UUID,
    *,
    branch_code: str | None,
    starts_at: str | None,
    capacity: int,
    notices: NoticeComposer,
    now: datetime,
) -> Appointment:
    """Another slot (and branch, if given), the same code; the old seat is given back."""
    try:
        with uow:
            appointment = _own(uow, actor, appointment_id)
            branch = rules.branch_or_error(branch_code or appointment.branch_code)
            at = rules.parse_slot(branch, starts_at, now)
            moved = rules.reschedule(
                appointment, branch_code=branch.code, starts_at=at, by=actor.account_id, now=now
            )
            _take_seat(uow, branch, at, capacity)
            changed = uow.appointments.save(moved)
            audit_appointment(uow, actor, changed, "rescheduled", now)
            notify.notify_appointment(uow, notices, changed, notify.RESCHEDULED, now=now)
            uow.commit()
            return changed
    except Conflict as exc:
        if exc.code == "record.duplicate":
            raise Conflict("appointment.slot_full") from exc
        raise
