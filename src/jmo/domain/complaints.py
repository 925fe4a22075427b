"""Pengaduan: a complaint ticket with a category, a message thread between the participant
and an officer, statuses, an SLA due time and a satisfaction rating on close.

Statuses and who moves them (anything else is refused with ``complaint.illegal_transition``):

=====================  =========================================  ======================
from                   to                                         by
=====================  =========================================  ======================
new                    in_progress, waiting_for_participant,      officer
                       resolved
in_progress            waiting_for_participant, resolved          officer
waiting_for_participant in_progress (a reply moves it there too)  officer, participant
                       resolved                                   officer
resolved               in_progress ("not solved yet")             participant
resolved               closed (with a rating 1-5, once)           participant
closed                 (final)
=====================  =========================================  ======================

The SLA clock starts when the ticket is made and pauses while the fund waits for the
participant: the due time moves later by the time spent waiting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from jmo.domain.accounts import Role
from jmo.domain.errors import Conflict, PermissionDenied, ValidationFailed
from jmo.domain.input_rules import Text, Whole, visible_text


@dataclass(frozen=True)
class Category:
    code: str
    label: str  # Indonesian; translated at the edge
    sla: timedelta


# The SLA table, as data. Calendar hours (a working-day calendar with national holidays is
# not in the data yet). 72 hours where UU 27/2022 sets 3x24 hours for the request behind the
# complaint (access Art 32, correction Art 30: docs/domain-rules.md section 5); 120 hours where
# the fund has to investigate with an employer or a branch; 24 hours for a locked account.
CATEGORIES: tuple[Category, ...] = (
    Category("klaim", "Klaim jaminan (JHT, JKK, JKM, JP)", timedelta(hours=120)),
    Category("saldo-iuran", "Saldo JHT dan iuran", timedelta(hours=120)),
    Category("data-peserta", "Data kepesertaan dan Pengkinian Data", timedelta(hours=72)),
    Category("data-pribadi", "Data pribadi (akses, koreksi, hapus)", timedelta(hours=72)),
    Category("kartu", "Kartu Digital", timedelta(hours=72)),
    Category("akun", "Akun dan login JMO", timedelta(hours=24)),
    Category("layanan", "Pelayanan kantor cabang", timedelta(hours=120)),
    Category("lainnya", "Lainnya", timedelta(hours=120)),
)
CATEGORIES_BY_CODE = {c.code: c for c in CATEGORIES}
# Pengaduan opens after Pengkinian Data, except a ticket about the data update itself: a
# person it blocks (no reference photo, refused selfies...) must be able to ask for help.
PENGKINIAN_HELP = "data-peserta"


def open_before_data_update(category: str) -> bool:
    return category == PENGKINIAN_HELP


CATEGORY = Text(
    max_length=max(len(c) for c in CATEGORIES_BY_CODE), choices=tuple(CATEGORIES_BY_CODE)
)


class ComplaintStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting_for_participant"
    RESOLVED = "resolved"
    CLOSED = "closed"


STATUS_LABELS: dict[ComplaintStatus, str] = {
    ComplaintStatus.NEW: "Baru",
    ComplaintStatus.IN_PROGRESS: "Sedang diproses",
    ComplaintStatus.WAITING: "Menunggu tanggapan peserta",
    ComplaintStatus.RESOLVED: "Selesai",
    ComplaintStatus.CLOSED: "Ditutup",
}

LABELS: tuple[str, ...] = tuple(c.label for c in CATEGORIES) + tuple(STATUS_LABELS.values())

_STAFF = frozenset({Role.OFFICER, Role.SUPERVISOR})
_PARTICIPANT = frozenset({Role.PARTICIPANT})

# (from, to) -> the roles that may make the move.
TRANSITIONS: dict[tuple[ComplaintStatus, ComplaintStatus], frozenset[Role]] = {
    (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS): _STAFF,
    (ComplaintStatus.NEW, ComplaintStatus.WAITING): _STAFF,
    (ComplaintStatus.NEW, ComplaintStatus.RESOLVED): _STAFF,
    (ComplaintStatus.IN_PROGRESS, ComplaintStatus.WAITING): _STAFF,
    (ComplaintStatus.IN_PROGRESS, ComplaintStatus.RESOLVED): _STAFF,
    (ComplaintStatus.WAITING, ComplaintStatus.IN_PROGRESS): _STAFF | _PARTICIPANT,
    (ComplaintStatus.WAITING, ComplaintStatus.RESOLVED): _STAFF,
    (ComplaintStatus.RESOLVED, ComplaintStatus.IN_PROGRESS): _PARTICIPANT,
    (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED): _PARTICIPANT,
}

# The rules of what is typed (the API's request schema states the same, jmo.api.input_fields).
DESCRIPTION = Text(max_length=2000, min_length=10)
MESSAGE = Text(max_length=2000)
REQUIRED_MESSAGE = Text(max_length=MESSAGE.max_length, min_length=1)  # reopening: the reason
RATING_COMMENT = Text(max_length=500)
RATING = Whole(1, 5)
MAX_DESCRIPTION = DESCRIPTION.max_length
MIN_DESCRIPTION = DESCRIPTION.min_length
MAX_MESSAGE = MESSAGE.max_length
MAX_RATING_COMMENT = RATING_COMMENT.max_length


def clean_text(value: str | None) -> str:
    """Trim, drop what no one sees, keep line breaks (a description has paragraphs) and
    every character that counts, emoji of any Unicode version included."""
    text = visible_text((value or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def parse_category(code: str | None) -> Category:
    category = CATEGORIES_BY_CODE.get((code or "").strip())
    if category is None:
        raise ValidationFailed.single("category", "field.choice")
    return category


def parse_description(value: str | None) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationFailed.single("description", "field.required")
    if not DESCRIPTION.long_enough(value):  # counted as typed, as the API schema states
        raise ValidationFailed.single("description", "complaint.too_short", min=MIN_DESCRIPTION)
    if len(text) > MAX_DESCRIPTION:
        raise ValidationFailed.single("description", "field.too_long", max=MAX_DESCRIPTION)
    return text


def parse_message(value: str | None, *, required: bool = True) -> str:
    text = clean_text(value)
    if required and not REQUIRED_MESSAGE.long_enough(value):
        raise ValidationFailed.single("body", "field.required")
    if len(text) > MAX_MESSAGE:
        raise ValidationFailed.single("body", "field.too_long", max=MAX_MESSAGE)
    return text


def parse_rating(value: object) -> int:
    try:
        rating = int(str(value).strip())
    except ValueError:
        rating = 0
    if rating not in RATING:
        raise ValidationFailed.single("rating", "complaint.rating_range")
    return rating


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    complaint_id: uuid.UUID
    message_id: uuid.UUID | None  # None: attached to the complaint itself
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str
    uploaded_by: uuid.UUID
    created_at: datetime


@dataclass(frozen=True)
class ComplaintMessage:
    id: uuid.UUID
    complaint_id: uuid.UUID
    author_account_id: uuid.UUID
    author_role: Role
    body: str
    created_at: datetime
    status_from: ComplaintStatus | None = None
    status_to: ComplaintStatus | None = None


@dataclass
class Complaint:
    id: uuid.UUID
    participant_id: uuid.UUID
    category: str
    description: str
    status: ComplaintStatus
    created_by: uuid.UUID
    created_at: datetime
    updated_at: datetime
    due_at: datetime
    paused_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    idempotency_key: str | None = None
    version: int = 1
    messages: list[ComplaintMessage] = field(default_factory=list)
    attachments: list[AttachmentInfo] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        *,
        participant_id: uuid.UUID,
        account_id: uuid.UUID,
        category: Category,
        description: str,
        now: datetime,
        idempotency_key: str | None = None,
    ) -> Complaint:
        return cls(
            id=uuid.uuid4(),
            participant_id=participant_id,
            category=category.code,
            description=description,
            status=ComplaintStatus.NEW,
            created_by=account_id,
            created_at=now,
            updated_at=now,
            due_at=now + category.sla,
            idempotency_key=idempotency_key,
        )

    @property
    def reference(self) -> str:
        """What people read out on the phone: ADU- and the first 8 hex digits."""
        return "ADU-" + self.id.hex[:8].upper()

    def is_overdue(self, now: datetime) -> bool:
        if self.status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED):
            return False
        if self.paused_at is not None:
            return self.paused_at > self.due_at
        return now > self.due_at

    def move(self, to: ComplaintStatus, role: Role, now: datetime) -> ComplaintStatus:
        """Change the status by the table above; returns the status it came from."""
        allowed = TRANSITIONS.get((self.status, to))
        if allowed is None:
            raise Conflict("complaint.illegal_transition", status=self.status.value, to=to.value)
        if role not in allowed:
            raise PermissionDenied("complaint.not_allowed", status=self.status.value, to=to.value)
        previous = self.status
        if previous is ComplaintStatus.WAITING and self.paused_at is not None:
            self.due_at += now - self.paused_at  # the SLA clock did not run while waiting
            self.paused_at = None
        if to is ComplaintStatus.WAITING:
            self.paused_at = now
        if to is ComplaintStatus.RESOLVED:
            self.resolved_at = now
        if to is ComplaintStatus.IN_PROGRESS:
            self.resolved_at = None
        if to is ComplaintStatus.CLOSED:
            self.closed_at = now
        self.status = to
        self.updated_at = now
        return previous

    def require_open_for_messages(self) -> None:
        if self.status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED):
            raise Conflict("complaint.closed_for_messages", status=self.status.value)

    def close_with_rating(
        self, rating: int, comment: str, role: Role, now: datetime
    ) -> ComplaintStatus:
        if self.rating is not None:
            raise Conflict("complaint.already_rated")
        previous = self.move(ComplaintStatus.CLOSED, role, now)
        self.rating = rating
        self.rating_comment = comment or None
        return previous
