"""Tables of the back office (revision 0006_backoffice): staff recovery codes, the
documents and timeline of a change request worked by staff, and work assignments. The
TOTP secret and the disabled flag are columns of ``accounts``; the four-eyes fields are
columns of ``change_requests``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class StaffRecoveryCodeRow(Base):
    """One of the ten codes shown at enrolment; only the SHA-256 is stored."""

    __tablename__ = "staff_recovery_codes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ChangeRequestDocumentRow(Base):
    """A document the participant uploaded for a change request (checked like complaint
    attachments; contents encrypted in the file store)."""

    __tablename__ = "change_request_documents"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    change_request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("change_requests.id"), index=True
    )
    document_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[datetime]


class ChangeRequestEventRow(Base):
    """The timeline of a change request: who did what, and the message the participant
    reads (encrypted: a reason may quote personal data)."""

    __tablename__ = "change_request_events"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    change_request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("change_requests.id"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # the timeline's order (times can be equal)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(30))
    by_account: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    by_role: Mapped[str] = mapped_column(String(20))
    message_enc: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("change_request_id", "seq"),)


class WorkAssignmentRow(Base):
    """Who took an item of the work queue (any kind: a change request, a claim...)."""

    __tablename__ = "work_assignments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    item_kind: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    assigned_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("item_kind", "item_id"),)
