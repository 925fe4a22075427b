"""Tables of Kartu Digital and Pengaduan (revision 0003). Text a participant writes
(descriptions, messages, rating comments) may hold personal data and is encrypted
(``_enc``); attachment contents live in the file store, encrypted, under random keys.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class CardRow(Base):
    """Every card issued; a revoked card verifies as "revoked", never as valid."""

    __tablename__ = "cards"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"))
    kpj: Mapped[str] = mapped_column(String(11))
    full_name: Mapped[str] = mapped_column(String(100))
    programs: Mapped[list[Any]]
    employer_name: Mapped[str | None] = mapped_column(String(200))
    key_id: Mapped[str] = mapped_column(String(40))
    issued_at: Mapped[datetime]
    valid_through: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (Index("ix_cards_participant_issued", "participant_id", "issued_at"),)


class ComplaintRow(Base):
    __tablename__ = "complaints"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    category: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30))
    description_enc: Mapped[str] = mapped_column(Text)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    due_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment_enc: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)

    # Optimistic concurrency, as for participants: an officer and the participant acting
    # on the same ticket at once cannot overwrite each other's status change.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("participant_id", "idempotency_key"),
        Index("ix_complaints_status_due", "status", "due_at"),
    )


class ComplaintMessageRow(Base):
    __tablename__ = "complaint_messages"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # order in the thread (times can be equal)
    author_account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    author_role: Mapped[str] = mapped_column(String(20))
    body_enc: Mapped[str] = mapped_column(Text)
    status_from: Mapped[str | None] = mapped_column(String(30))
    status_to: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("complaint_id", "seq"),)


class ComplaintAttachmentRow(Base):
    __tablename__ = "complaint_attachments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    complaint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("complaints.id"), index=True)
    message_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("complaint_messages.id"))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]
