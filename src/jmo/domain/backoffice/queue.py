"""The officers' work queue: one list of everything that waits for a person, whatever it
is, with a due time per kind (the service levels as data), oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jmo.domain.backoffice import appointments, corrections


class WorkKind(StrEnum):
    IDENTITY_CORRECTION = "identity_correction"  # "Data tidak sesuai" (step 5)
    FACE_REVIEW = "face_review"  # a borderline selfie waiting for an officer
    CLAIM = "claim"  # to verify, approve or pay
    COMPLAINT = "complaint"  # Pengaduan
    APPOINTMENT = "appointment"  # a visit to the branch today (or one not yet marked)
    # prepared at the branch counter, waiting for a second person (four eyes)
    REFERENCE_PHOTO = "reference_photo"
    BANK_CHANGE = "bank_change"  # a new payout account the risk rules flagged
    EMPLOYER_CORRECTION = "employer_correction"  # filed by a company (its signed letter)


# How long each kind may wait (complaints carry their own due time from their category).
SLA: dict[WorkKind, timedelta] = {
    WorkKind.IDENTITY_CORRECTION: timedelta(days=corrections.SLA_DAYS),
    WorkKind.EMPLOYER_CORRECTION: timedelta(days=corrections.SLA_DAYS),
    WorkKind.FACE_REVIEW: timedelta(days=1),
    WorkKind.CLAIM: timedelta(days=5),
    # An appointment is due by the end of its slot (marked arrived, done or no-show).
    WorkKind.APPOINTMENT: appointments.SLOT_LENGTH,
    # the person may still be at the counter, or waits to use the app: the same day
    WorkKind.REFERENCE_PHOTO: timedelta(days=1),
    WorkKind.BANK_CHANGE: timedelta(days=1),
}


@dataclass(frozen=True)
class WorkItem:
    """A line of the queue: what and how urgent, never whose (opening it is recorded)."""

    kind: WorkKind
    item_id: UUID
    reference: str
    participant_id: UUID
    status: str
    since: datetime
    due_at: datetime
    assigned_to: UUID | None = None
    assigned_email: str | None = None
    # Where the item is worked when that is not the participant's branch (an appointment
    # at the office the participant chose).
    branch_code: str | None = None

    def is_overdue(self, now: datetime) -> bool:
        return now > self.due_at


def due(kind: WorkKind, since: datetime) -> datetime:
    return since + SLA[kind]


def oldest_first(items: list[WorkItem]) -> list[WorkItem]:
    return sorted(items, key=lambda i: (i.since, i.reference))


def classify_search(text: str) -> tuple[str, str]:
    """What the officer typed: a KPJ (11 digits), a NIK (16 digits) or a name."""
    cleaned = "".join(ch for ch in text if ch not in " .-")
    if cleaned.isdigit() and len(cleaned) == 11:
        return "kpj", cleaned
    if cleaned.isdigit() and len(cleaned) == 16:
        return "nik", cleaned
    return "name", " ".join(text.split())
