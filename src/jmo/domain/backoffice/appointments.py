"""Appointments at a branch office ("janji temu"): every flow that ends with "go to a
branch" offers one. The purposes and what to bring for each, the opening hours and
slots, the capacity of a slot, the booking code and the states live here, once.

Times are stored in UTC; a slot is a wall-clock time at the branch office, in the zone of
the province the office stands in (WIB, WITA or WIT).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID

from jmo.domain.backoffice.branches import BRANCHES, BranchOffice, get_branch
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.domain.input_rules import Text
from jmo.domain.time import to_local, zone_for_province


class Purpose(StrEnum):
    """Why the participant goes to the branch: the ``keperluan`` of ``/janji-temu/baru``."""

    # (Indonesian: they are read in the address, /janji-temu/baru?keperluan=...)
    CLAIM = "klaim"  # a JHT claim above the self-service limit (Route.BRANCH)
    IDENTITY_CORRECTION = "koreksi_identitas"  # "Data tidak sesuai": the originals
    REFERENCE_PHOTO = "foto_referensi"  # no reference photo on file
    FACE_CHECK = "selfie_gagal"  # face checks used up, or a selfie waiting for review
    ACCOUNT_RECOVERY = "lupa_akun"  # Lupa akun without a face check


# The purpose as typed: the API's schema states it, ``parse_purpose`` checks it (issue 13).
PURPOSE = Text(max_length=30, min_length=1, choices=tuple(p.value for p in Purpose))


# What to bring, per purpose (codes; the edge has the words). The booking code always.
WHAT_TO_BRING: dict[Purpose, tuple[str, ...]] = {
    Purpose.CLAIM: (
        "booking_code",
        "e_ktp",
        "membership_card",
        "claim_documents",
        "bank_book",
    ),
    Purpose.IDENTITY_CORRECTION: (
        "booking_code",
        "e_ktp",
        "kartu_keluarga",
        "supporting_documents",
    ),
    Purpose.REFERENCE_PHOTO: ("booking_code", "e_ktp", "membership_card"),
    Purpose.FACE_CHECK: ("booking_code", "e_ktp", "membership_card"),
    Purpose.ACCOUNT_RECOVERY: ("booking_code", "e_ktp", "membership_card"),
}

# Purposes whose reference (``rujukan``) must name one of the participant's own records:
# the officer opens it from the day's list, and marking the appointment done acts on it.
REFERENCE_REQUIRED = frozenset({Purpose.CLAIM})

# Slot start times at the office (local wall clock), Monday to Friday; an hour each.
SLOT_TIMES: tuple[time, ...] = (
    time(8, 0),
    time(9, 0),
    time(10, 0),
    time(11, 0),
    time(13, 0),
    time(14, 0),
    time(15, 0),
)
SLOT_LENGTH = timedelta(hours=1)
OPEN_WEEKDAYS = frozenset({0, 1, 2, 3, 4})
BOOK_AHEAD_DAYS = 30  # the furthest day that can be booked, from today at the office
# People per branch and slot when the operator sets nothing (JMO_APPOINTMENT_SLOT_CAPACITY).
DEFAULT_SLOT_CAPACITY = 4

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out at the counter
CODE_LENGTH = 6
CODE_PREFIX = "JT-"
MAX_REFERENCE = 40


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    ARRIVED = "arrived"
    DONE = "done"
    NO_SHOW = "no_show"

    @property
    def is_open(self) -> bool:
        return self in (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)


# What an officer may mark, from where.
STAFF_MOVES: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.BOOKED: frozenset(
        {AppointmentStatus.ARRIVED, AppointmentStatus.DONE, AppointmentStatus.NO_SHOW}
    ),
    AppointmentStatus.ARRIVED: frozenset({AppointmentStatus.DONE, AppointmentStatus.NO_SHOW}),
}


@dataclass(frozen=True)
class Appointment:
    id: UUID
    code: str
    participant_id: UUID
    purpose: Purpose
    reference: str  # the claim number or request reference the visit is for ("" if none)
    subject_id: UUID | None  # the claim (purpose claim) the visit completes
    branch_code: str
    starts_at: datetime  # UTC
    status: AppointmentStatus
    created_at: datetime
    updated_at: datetime
    status_by: UUID | None = None  # who made the last change (participant or officer)
    reschedules: int = 0
    version: int = 1

    @property
    def bring(self) -> tuple[str, ...]:
        return WHAT_TO_BRING[self.purpose]

    @property
    def office_province(self) -> str:
        branch = get_branch(self.branch_code)
        return branch.office_province if branch else "31"


def bookable_branches() -> tuple[BranchOffice, ...]:
    """Every branch office receives visitors (the head office too)."""
    return BRANCHES


def parse_purpose(raw: str | None) -> Purpose:
    try:
        return Purpose((raw or "").strip())
    except ValueError:
        raise ValidationFailed.single("purpose", "field.choice") from None


def clean_reference(raw: str | None, purpose: Purpose) -> str:
    text = "".join((raw or "").split()).upper()
    if len(text) > MAX_REFERENCE or any(not (c.isalnum() or c == "-") for c in text):
        raise ValidationFailed.single("reference", "field.invalid")
    if purpose in REFERENCE_REQUIRED and not text:
        raise ValidationFailed.single("reference", "appointment.reference_required")
    return text


def branch_or_error(code: str | None) -> BranchOffice:
    branch = get_branch((code or "").strip().upper())
    if branch is None:
        raise ValidationFailed.single("branch", "field.choice")
    return branch


def office_today(branch: BranchOffice, now: datetime) -> date:
    return to_local(now, branch.office_province).date()


def bookable_days(branch: BranchOffice, now: datetime) -> list[date]:
    """Working days from tomorrow (at the office) to ``BOOK_AHEAD_DAYS`` ahead."""
    today = office_today(branch, now)
    days = (today + timedelta(days=n) for n in range(1, BOOK_AHEAD_DAYS + 1))
    return [d for d in days if d.weekday() in OPEN_WEEKDAYS]


def slot_start(branch: BranchOffice, day: date, at: time) -> datetime:
    """The UTC instant of a slot's wall-clock start at the office."""
    local = datetime.combine(day, at, tzinfo=zone_for_province(branch.office_province))
    return local.astimezone(UTC)


def day_slots(branch: BranchOffice, day: date) -> list[datetime]:
    return [slot_start(branch, day, t) for t in SLOT_TIMES]


def office_day_bounds(branch_province: str, day: date) -> tuple[datetime, datetime]:
    """A day at an office, as UTC instants [start, end)."""
    start = datetime.combine(day, time(0, 0), tzinfo=zone_for_province(branch_province))
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def parse_slot(branch: BranchOffice, raw: str | None, now: datetime) -> datetime:
    """An ISO start time (as the slot list gives it) that is one of the branch's slots on a
    bookable day."""
    try:
        at = datetime.fromisoformat((raw or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed.single("starts_at", "appointment.slot_unknown") from None
    if at.tzinfo is None:
        raise ValidationFailed.single("starts_at", "appointment.slot_unknown")
    at = at.astimezone(UTC)
    local = to_local(at, branch.office_province)
    if local.date() not in bookable_days(branch, now) or at not in day_slots(branch, local.date()):
        raise ValidationFailed.single("starts_at", "appointment.slot_unknown")
    return at


def require_free(taken: int, capacity: int) -> None:
    """Capacity per branch and slot: ``taken`` open bookings already hold it."""
    if taken >= capacity:
        raise Conflict("appointment.slot_full")


def booking_code(random_indexes: list[int]) -> str:
    """``JT-`` and six characters of an alphabet without look-alikes (indexes from the
    caller's random source: the domain draws nothing)."""
    chars = "".join(CODE_ALPHABET[i % len(CODE_ALPHABET)] for i in random_indexes[:CODE_LENGTH])
    if len(chars) != CODE_LENGTH:
        raise ValueError("a booking code needs six characters")
    return CODE_PREFIX + chars


def changeable(appointment: Appointment, now: datetime) -> bool:
    """The participant may still move or cancel it (booked, and not started)."""
    return appointment.status is AppointmentStatus.BOOKED and appointment.starts_at > now


def _require_changeable(appointment: Appointment, now: datetime) -> None:
    if appointment.status is not AppointmentStatus.BOOKED:
        raise Conflict("appointment.not_changeable", status=appointment.status.value)
    if appointment.starts_at <= now:
        raise Conflict("appointment.already_started")


def cancel(appointment: Appointment, *, by: UUID, now: datetime) -> Appointment:
    _require_changeable(appointment, now)
    return replace(appointment, status=AppointmentStatus.CANCELLED, status_by=by, updated_at=now)


def reschedule(
    appointment: Appointment, *, branch_code: str, starts_at: datetime, by: UUID, now: datetime
) -> Appointment:
    _require_changeable(appointment, now)
    if (branch_code, starts_at) == (appointment.branch_code, appointment.starts_at):
        raise ValidationFailed.single("starts_at", "appointment.same_slot")
    return replace(
        appointment,
        branch_code=branch_code,
        starts_at=starts_at,
        status_by=by,
        updated_at=now,
        reschedules=appointment.reschedules + 1,
    )


def mark(
    appointment: Appointment, to: AppointmentStatus, *, by: UUID, now: datetime
) -> Appointment:
    """An officer's mark: arrived, done or no-show (done and no-show close it). Not before
    the day of the appointment at the office."""
    if to not in STAFF_MOVES.get(appointment.status, frozenset()):
        raise Conflict(
            "appointment.illegal_transition", status=appointment.status.value, to=to.value
        )
    province = appointment.office_province
    if to_local(now, province).date() < to_local(appointment.starts_at, province).date():
        raise Conflict("appointment.not_today")
    return replace(appointment, status=to, status_by=by, updated_at=now)


def parse_mark(raw: str | None) -> AppointmentStatus:
    try:
        chosen = AppointmentStatus((raw or "").strip())
    except ValueError:
        raise ValidationFailed.single("status", "field.choice") from None
    if chosen not in STAFF_MOVES[AppointmentStatus.BOOKED]:
        raise ValidationFailed.single("status", "field.choice")
    return chosen
