from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as DbSession

from jmo.domain.inbox import InboxMessage
from jmo.storage.rows_accounts import InboxRow


def _message(row: InboxRow) -> InboxMessage:
    return InboxMessage(
        id=row.id,
        participant_id=row.participant_id,
        kind=row.kind,
        subject=row.subject,
        body=row.body,
        created_at=row.created_at,
        read_at=row.read_at,
    )


class SqlInbox:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add_once(self, message: InboxMessage, event: str) -> bool:
        """Add unless the same event is already in this person's inbox (a notice sent by
        email and SMS is one message)."""
        exists = self._s.scalar(
            select(InboxRow.id).where(
                InboxRow.participant_id == message.participant_id, InboxRow.event == event
            )
        )
        if exists is not None:
            return False
        self._s.add(
            InboxRow(
                id=message.id,
                participant_id=message.participant_id,
                event=event,
                kind=message.kind,
                subject=message.subject[:300],
                body=message.body,
                created_at=message.created_at,
                read_at=None,
            )
        )
        self._s.flush()
        return True

    def for_participant(self, participant_id: UUID, limit: int) -> list[InboxMessage]:
        rows = self._s.scalars(
            select(InboxRow)
            .where(InboxRow.participant_id == participant_id)
            .order_by(InboxRow.created_at.desc(), InboxRow.id)
            .limit(limit)
        )
        return [_message(r) for r in rows]

    def unread_count(self, participant_id: UUID) -> int:
        return int(
            self._s.scalar(
                select(func.count())
                .select_from(InboxRow)
                .where(InboxRow.participant_id == participant_id, InboxRow.read_at.is_(None))
            )
            or 0
        )

    def mark_read(self, participant_id: UUID, message_id: UUID | None, at: datetime) -> int:
        """One message (or all when ``message_id`` is None) of this person, read now."""
        stmt = update(InboxRow).where(
            InboxRow.participant_id == participant_id, InboxRow.read_at.is_(None)
        )
        if message_id is not None:
            stmt = stmt.where(InboxRow.id == message_id)
        result = self._s.execute(stmt.values(read_at=at))
        return int(getattr(result, "rowcount", 0) or 0)
