from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import UTC
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select, tuple_
from sqlalchemy.orm import Session as DbSession

from jmo.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditFilter,
    AuditPosition,
    StoredEntry,
    entry_hash,
)
from jmo.storage.rows import AuditHeadRow, AuditRow

# The columns an entry is stored in, besides the chain's own (seq, prev_hash, hash): the
# one mapping between AuditEntry and AuditRow, for writing, reading and checking the chain
# (tests/storage/test_audit_mapping.py ties it to both dataclasses).
ENTRY_COLUMNS = tuple(f.name for f in fields(AuditEntry))


def row_values(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ENTRY_COLUMNS}


def entry_of(row: Any) -> AuditEntry:
    """An AuditRow, or a Core result row of the table, as the entry it stores."""
    values = {name: getattr(row, name) for name in ENTRY_COLUMNS}
    values["details"] = dict(values["details"])
    return AuditEntry(**values)


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
        self._s.add(AuditRow(seq=seq, prev_hash=head.last_hash, hash=digest, **row_values(entry)))
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
        return [entry_of(row) for row in rows]

    def search(
        self, where: AuditFilter, *, after: AuditPosition | None, limit: int
    ) -> list[StoredEntry]:
        if where.matches_nothing:
            return []
        rows = self._s.scalars(search_statement(where, after=after, limit=limit))
        return [StoredEntry(row.seq, entry_of(row)) for row in rows]

    def position(self, seq: int) -> AuditPosition | None:
        at = self._s.scalar(select(AuditRow.at).where(AuditRow.seq == seq))
        return AuditPosition(at, seq) if at is not None else None


def search_statement(
    where: AuditFilter, *, after: AuditPosition | None, limit: int
) -> Select[AuditRow]:
    """Newest first by (at, seq), strictly after ``after``. Each filter has an index that
    ends in (at, seq) (migration 0008_audit), so a page is one index range scan: no sort,
    no OFFSET, at any depth of a table of millions (tests/storage/test_audit_search.py
    reads the query plans on both databases)."""
    conditions: list[ColumnElement[bool]] = []
    if where.subjects is not None:
        conditions.append(
            or_(
                *(
                    and_(AuditRow.subject_type == kind, AuditRow.subject_id == sid)
                    for kind, sid in where.subjects
                )
            )
        )
    if where.actors is not None:
        conditions.append(AuditRow.actor_account_id.in_(where.actors))
    if where.action is not None:
        conditions.append(AuditRow.action == where.action)
    if where.since is not None:
        conditions.append(AuditRow.at >= where.since)
    # One upper bound on ``at``, the tighter one: SQLite starts its index range at one
    # bound only (with both, a deep page of a range of days read from the range's end:
    # 164 ms at 1M rows, 1 ms now). The row value breaks ties at the cursor's time.
    if after is not None and (where.until is None or after.at < where.until):
        conditions.append(AuditRow.at <= after.at)
        conditions.append(tuple_(AuditRow.at, AuditRow.seq) < tuple_(after.at, after.seq))
    elif where.until is not None:  # the cursor, if any, lies beyond the range's end
        conditions.append(AuditRow.at < where.until)
    return (
        select(AuditRow)
        .where(*conditions)
        .order_by(AuditRow.at.desc(), AuditRow.seq.desc())
        .limit(limit)
    )
