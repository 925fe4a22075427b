"""Request and response shapes of Kartu Digital, Pengaduan and the staff API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from jmo.api.input_fields import field
from jmo.api.schemas import StrictIn
from jmo.domain.card import PROGRAM_LABELS, Program
from jmo.domain.complaints import (
    CATEGORIES_BY_CODE,
    RATING,
    RATING_COMMENT,
    REQUIRED_MESSAGE,
    STATUS_LABELS,
    AttachmentInfo,
    ComplaintMessage,
)
from jmo.i18n import translate
from jmo.usecases.card.card import CardVerification, CardView
from jmo.usecases.complaints.views import ComplaintSummary, ComplaintView

# --- card --------------------------------------------------------------------------------


class ProgramOut(BaseModel):
    code: str
    label: str


def programs_out(programs: tuple[Program, ...], locale: str) -> list[ProgramOut]:
    return [ProgramOut(code=p.value, label=translate(locale, PROGRAM_LABELS[p])) for p in programs]


class CardOut(BaseModel):
    id: UUID
    full_name: str
    kpj: str
    nik_masked: str
    programs: list[ProgramOut]
    employer_name: str | None
    issued_at: datetime
    valid_through: datetime
    token: str
    verify_url: str

    @classmethod
    def from_view(cls, view: CardView, locale: str) -> CardOut:
        card = view.card
        return cls(
            id=card.id,
            full_name=card.full_name,
            kpj=card.kpj,
            nik_masked=view.nik_masked,
            programs=programs_out(card.programs, locale),
            employer_name=card.employer_name,
            issued_at=card.issued_at,
            valid_through=card.valid_through,
            token=view.token,
            verify_url=view.verify_url,
        )


class VerificationOut(BaseModel):
    status: str  # valid | revoked | expired | invalid
    name: str | None
    kpj: str | None
    programs: list[ProgramOut]
    valid_through: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_result(cls, result: CardVerification, locale: str) -> VerificationOut:
        return cls(
            status=result.status.value,
            name=result.name_masked,
            kpj=result.kpj_masked,
            programs=programs_out(result.programs, locale),
            valid_through=result.valid_through,
            revoked_at=result.revoked_at,
        )


class RevokeIn(StrictIn):
    reason: str = Field(max_length=40)


# --- complaints --------------------------------------------------------------------------


class CategoryOut(BaseModel):
    code: str
    label: str
    sla_hours: int


class AttachmentOut(BaseModel):
    id: UUID
    message_id: UUID | None
    filename: str
    content_type: str
    size: int
    url: str

    @classmethod
    def from_info(cls, info: AttachmentInfo, prefix: str) -> AttachmentOut:
        return cls(
            id=info.id,
            message_id=info.message_id,
            filename=info.filename,
            content_type=info.content_type,
            size=info.size,
            url=f"{prefix}/complaints/{info.complaint_id}/attachments/{info.id}",
        )


class MessageOut(BaseModel):
    id: UUID
    author: str  # "participant" or "officer"
    body: str
    created_at: datetime
    status_from: str | None
    status_to: str | None

    @classmethod
    def from_domain(cls, message: ComplaintMessage) -> MessageOut:
        return cls(
            id=message.id,
            author="participant" if message.author_role.value == "participant" else "officer",
            body=message.body,
            created_at=message.created_at,
            status_from=message.status_from.value if message.status_from else None,
            status_to=message.status_to.value if message.status_to else None,
        )


class ComplaintSummaryOut(BaseModel):
    id: UUID
    reference: str
    category: str
    category_label: str
    status: str
    status_label: str
    created_at: datetime
    due_at: datetime
    overdue: bool

    @classmethod
    def from_summary(cls, summary: ComplaintSummary, locale: str) -> ComplaintSummaryOut:
        c = summary.complaint
        return cls(
            id=c.id,
            reference=c.reference,
            category=c.category,
            category_label=translate(locale, CATEGORIES_BY_CODE[c.category].label),
            status=c.status.value,
            status_label=translate(locale, STATUS_LABELS[c.status]),
            created_at=c.created_at,
            due_at=c.due_at,
            overdue=summary.overdue,
        )


class ComplaintOut(ComplaintSummaryOut):
    description: str
    messages: list[MessageOut]
    attachments: list[AttachmentOut]
    rating: int | None
    can_reply: bool
    can_reopen: bool
    can_close: bool
    staff_moves: list[str]

    @classmethod
    def from_view(cls, view: ComplaintView, locale: str, prefix: str = "/api/v1") -> ComplaintOut:
        base = ComplaintSummaryOut.from_summary(
            ComplaintSummary(view.complaint, view.overdue), locale
        )
        c = view.complaint
        return cls(
            **base.model_dump(),
            description=c.description,
            messages=[MessageOut.from_domain(m) for m in c.messages],
            attachments=[AttachmentOut.from_info(a, prefix) for a in c.attachments],
            rating=c.rating,
            can_reply=view.can_reply,
            can_reopen=view.can_reopen,
            can_close=view.can_close,
            staff_moves=[s.value for s in view.staff_moves],
        )


class StaffComplaintOut(ComplaintOut):
    participant_name: str
    participant_kpj: str

    @classmethod
    def from_staff_view(cls, view: ComplaintView, locale: str) -> StaffComplaintOut:
        base = ComplaintOut.from_view(view, locale, prefix="/api/v1/staff")
        return cls(
            **base.model_dump(),
            participant_name=view.participant_name,
            participant_kpj=view.participant_kpj,
        )


class ReopenIn(StrictIn):
    body: str = field(REQUIRED_MESSAGE)


class CloseIn(StrictIn):
    rating: int = field(RATING)
    comment: str = field(RATING_COMMENT, "")


class StatusIn(StrictIn):
    status: str = Field(max_length=40)
    body: str = Field("", max_length=4000)


def status_label(status: str, locale: str) -> str:
    for key, label in STATUS_LABELS.items():
        if key.value == status:
            return translate(locale, label)
    return status
