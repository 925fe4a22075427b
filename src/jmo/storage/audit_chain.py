"""Checking the audit log's hash chain: an edited, deleted or reordered entry breaks it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from jmo.domain.audit import GENESIS_HASH, entry_hash
from jmo.storage.repositories.audit import entry_of
from jmo.storage.rows import AuditHeadRow, AuditRow


@dataclass(frozen=True)
class ChainReport:
    entries: int
    ok: bool
    broken_at: int | None = None  # the first sequence number that does not verify
    reason: str = ""


def verify_audit_chain(engine: Engine, *, batch: int = 5000) -> ChainReport:
    previous, expected_seq, count = GENESIS_HASH, 1, 0
    with engine.connect() as conn:
        last_seq = 0
        while True:
            rows = conn.execute(
                select(AuditRow).where(AuditRow.seq > last_seq).order_by(AuditRow.seq).limit(batch)
            ).all()
            if not rows:
                break
            for row in rows:
                if row.seq != expected_seq:
                    return ChainReport(count, False, expected_seq, "entry missing (deleted)")
                if row.prev_hash != previous:
                    return ChainReport(count, False, row.seq, "previous hash does not match")
                entry = entry_of(row)
                if entry_hash(entry, previous, row.seq) != row.hash:
                    return ChainReport(count, False, row.seq, "entry content was changed")
                previous, expected_seq, count = row.hash, expected_seq + 1, count + 1
            last_seq = rows[-1].seq
        head = conn.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1)).first()
    if head is not None and (head.last_seq != count or head.last_hash != previous):
        return ChainReport(count, False, count + 1, "latest entries missing (truncated)")
    return ChainReport(count, True)
