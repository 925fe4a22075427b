from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.accounts import Role
from jmo.domain.complaints import (
    AttachmentInfo,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
)
from jmo.storage.crypto import FieldCipher
from jmo.storage.rows_services import ComplaintAttachmentRow, ComplaintMessageRow, ComplaintRow

DESCRIPTION = "complaints.description"
RATING_COMMENT = "complaints.rating_comment"
MESSAGE_BODY = "complaint_messages.body"


class SqlComplaints:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    # --- mapping ---
    def _to_domain(self, row: ComplaintRow) -> Complaint:
        return Complaint(
            id=row.id,
            participant_id=row.participant_id,
            category=row.category,
            description=self._c.decrypt(row.description_enc, context=DESCRIPTION) or "",
            status=ComplaintStatus(row.status),
            created_by=row.created_by,
            created_at=row.created_at,
            updated_at=row.updated_at,
            due_at=row.due_at,
            paused_at=row.paused_at,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            rating=row.rating,
            rating_comment=self._c.decrypt(row.rating_comment_enc, context=RATING_COMMENT),
            idempotency_key=row.idempotency_key,
            version=row.version,
        )

    def _write(self, row: ComplaintRow, c: Complaint) -> None:
        row.category = c.category
        row.status = c.status.value
        row.description_enc = self._c.encrypt(c.description, context=DESCRIPTION) or ""
        row.updated_at = c.updated_at
        row.due_at = c.due_at
        row.paused_at = c.paused_at
        row.resolved_at = c.resolved_at
        row.closed_at = c.closed_at
        row.rating = c.rating
        row.rating_comment_enc = self._c.encrypt(c.rating_comment, context=RATING_COMMENT)

    def _message(self, row: ComplaintMessageRow) -> ComplaintMessage:
        return ComplaintMessage(
            id=row.id,
            complaint_id=row.complaint_id,
            author_account_id=row.author_account_id,
            author_role=Role(row.author_role),
            body=self._c.decrypt(row.body_enc, context=MESSAGE_BODY) or "",
            created_at=row.created_at,
            status_from=ComplaintStatus(row.status_from) if row.status_from else None,
            status_to=ComplaintStatus(row.status_to) if row.status_to else None,
        )

    @staticmethod
    def _attachment(row: ComplaintAttachmentRow) -> AttachmentInfo:
        return AttachmentInfo(
            id=row.id,
            complaint_id=row.complaint_id,
            message_id=row.message_id,
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            storage_key=row.storage_key,
            uploaded_by=row.uploaded_by,
            created_at=row.created_at,
        )

    # --- queries ---
    def get(self, complaint_id: UUID) -> Complaint | None:
        row = self._s.get(ComplaintRow, complaint_id)
        if row is None:
            return None
        complaint = self._to_domain(row)
        messages = self._s.scalars(
            select(ComplaintMessageRow)
            .where(ComplaintMessageRow.complaint_id == complaint_id)
            .order_by(ComplaintMessageRow.seq)
        )
        complaint.messages = [self._message(m) for m in messages]
        attachments = self._s.scalars(
            select(ComplaintAttachmentRow)
            .where(ComplaintAttachmentRow.complaint_id == complaint_id)
            .order_by(ComplaintAttachmentRow.created_at, ComplaintAttachmentRow.id)
        )
        complaint.attachments = [self._attachment(a) for a in attachments]
        return complaint

    def by_idempotency_key(self, participant_id: UUID, key: str) -> Complaint | None:
        found = self._s.scalar(
            select(ComplaintRow.id).where(
                ComplaintRow.participant_id == participant_id,
                ComplaintRow.idempotency_key == key,
            )
        )
        return self.get(found) if found else None

    def for_participant(self, participant_id: UUID) -> list[Complaint]:
        rows = self._s.scalars(
            select(ComplaintRow)
            .where(ComplaintRow.participant_id == participant_id)
            .order_by(ComplaintRow.created_at.desc(), ComplaintRow.id)
        )
        return [self._to_domain(r) for r in rows]

    def queue(self, statuses: Sequence[ComplaintStatus], limit: int) -> list[Complaint]:
        rows = self._s.scalars(
            select(ComplaintRow)
            .where(ComplaintRow.status.in_([s.value for s in statuses]))
            .order_by(ComplaintRow.due_at, ComplaintRow.id)
            .limit(limit)
        )
        return [self._to_domain(r) for r in rows]

    # --- writes ---
    def add(self, complaint: Complaint) -> None:
        row = ComplaintRow(
            id=complaint.id,
            participant_id=complaint.participant_id,
            created_by=complaint.created_by,
            created_at=complaint.created_at,
            idempotency_key=complaint.idempotency_key,
            version=complaint.version,
        )
        self._write(row, complaint)
        self._s.add(row)
        self._s.flush()

    def save(self, complaint: Complaint) -> None:
        row = self._s.get(ComplaintRow, complaint.id)
        if row is None:
            raise LookupError("complaint vanished")
        self._write(row, complaint)
        # UPDATE ... WHERE version = <the version read>: a lost race raises StaleDataError,
        # which the unit of work turns into Conflict("record.changed").
        row.version = complaint.version + 1
        self._s.flush()
        complaint.version = row.version

    def add_message(self, message: ComplaintMessage) -> None:
        last = self._s.scalar(
            select(func.max(ComplaintMessageRow.seq)).where(
                ComplaintMessageRow.complaint_id == message.complaint_id
            )
        )
        self._s.add(
            ComplaintMessageRow(
                id=message.id,
                complaint_id=message.complaint_id,
                seq=(last or 0) + 1,
                author_account_id=message.author_account_id,
                author_role=message.author_role.value,
                body_enc=self._c.encrypt(message.body, context=MESSAGE_BODY) or "",
                status_from=message.status_from.value if message.status_from else None,
                status_to=message.status_to.value if message.status_to else None,
                created_at=message.created_at,
            )
        )
        self._s.flush()

    def add_attachment(self, attachment: AttachmentInfo) -> None:
        self._s.add(
            ComplaintAttachmentRow(
                id=attachment.id,
                complaint_id=attachment.complaint_id,
                message_id=attachment.message_id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                size=attachment.size,
                sha256=attachment.sha256,
                storage_key=attachment.storage_key,
                uploaded_by=attachment.uploaded_by,
                created_at=attachment.created_at,
            )
        )
        self._s.flush()
