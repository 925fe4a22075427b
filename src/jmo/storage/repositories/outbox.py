from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.notices import Notice, NoticeChannel
from jmo.storage.rows import OutboxRow


class SqlOutbox:
    """Notices are rows written in the same transaction as the change they report."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(self, notice: Notice) -> None:
        self._s.add(
            OutboxRow(
                id=notice.id,
                channel=notice.channel.value,
                recipient=notice.recipient,
                kind=notice.kind,
                subject=notice.subject,
                body=notice.body,
                idempotency_key=notice.idempotency_key,
                participant_id=notice.participant_id,
                created_at=notice.created_at,
                attempts=0,
            )
        )
        self._s.flush()

    def latest(self, limit: int) -> list[Notice]:
        rows = self._s.scalars(select(OutboxRow).order_by(OutboxRow.created_at.desc()).limit(limit))
        return [
            Notice(
                id=row.id,
                channel=NoticeChannel(row.channel),
                recipient=row.recipient,
                kind=row.kind,
                subject=row.subject,
                body=row.body,
                idempotency_key=row.idempotency_key,
                created_at=row.created_at,
                participant_id=row.participant_id,
                sent_at=row.sent_at,
                attempts=row.attempts,
                last_error=row.last_error,
            )
            for row in rows
        ]
