from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC

from sqlalchemy import or_, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.audit import GENESIS_HASH, AuditEntry, entry_hash
from jmo.storage.rows import AuditHeadRow, AuditRow


class SqlAuditLog:
    """Append-only, hash-chained. Appends take the head row's lock, so the chain never
    forks under concurrent writers (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the
    transaction already holds the database write lock)."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def append(self, entry: AuditEntry) -> None:
        # Normalise first: the hash must cover exactly what is stored.
        entry = replace(
            entry, at=entry.at.astimezone(UTC), user_agent=(entry.user_agent or "")[:300] or None
        )
        head = self._s.scalar(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update())
        if head is None:
            head = AuditHeadRow(id=1, last_seq=0, last_hash=GENESIS_HASH)
            self._s.add(head)
        seq = head.last_seq + 1
        digest = entry_hash(entry, head.last_hash, seq)
        self._s.add(
            AuditRow(
                seq=seq,
                at=entry.at,
                action=entry.action,
                actor_account_id=entry.actor_account_id,
                actor_role=entry.actor_role,
                channel=entry.channel,
                subject_type=entry.subject_type,
                subject_id=entry.subject_id,
                client_ip=entry.client_ip,
                user_agent=entry.user_agent,
                details=entry.details,
                prev_hash=head.last_hash,
                hash=digest,
            )
        )
        head.last_seq = seq
        head.last_hash = digest
        self._s.flush()

    def for_subjects(self, subjects: Sequence[tuple[str, str]]) -> list[AuditEntry]:
        if not subjects:
            return []
        condition = or_(
            *(
                (AuditRow.subject_type == kind) & (AuditRow.subject_id == sid)
                for kind, sid in subjects
            )
        )
        rows = self._s.scalars(select(AuditRow).where(condition).order_by(AuditRow.seq))
        return [
            AuditEntry(
                at=row.at,
                action=row.action,
                actor_account_id=row.actor_account_id,
                actor_role=row.actor_role,
                channel=row.channel,
                subject_type=row.subject_type,
                subject_id=row.subject_id,
                client_ip=row.client_ip,
                user_agent=row.user_agent,
                details=dict(row.details),
            )
            for row in rows
        ]
