"""Re-encrypting every sensitive value with the newest field key, without downtime.

Every ``*_enc`` column holds ``kid.nonce+ciphertext`` with the column named as associated
data (``<table>.<column without _enc>``). Rotation: put the new key first in
``JMO_FIELD_KEYS`` (keep the old ones after it), restart the workers (they now write with
the new key and still read the old), then run ``jmo keys rotate``: it walks each table in
small batches, each its own transaction, and rewrites only values under an older key.
Readers are never blocked and a crash loses nothing (run it again). When it reports zero
old values left, the old key can be removed. Blind indexes (NIK lookups) are recomputed in
the same pass, so a new ``JMO_BLIND_INDEX_KEY`` takes effect too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Column, Engine, LargeBinary, MetaData, Table, select, tuple_, update

from jmo.storage.crypto import FieldCipher

BATCH = 500

# Blind indexes to recompute: table -> (index column, encrypted source column, context).
# Heirs are indexed with the participants' context, so an heir's NIK finds the person.
BLIND_INDEXES = {
    "participants": ("nik_index", "nik_enc", "participants.nik"),
    "participant_heirs": ("nik_index", "nik_enc", "participants.nik"),
}


@dataclass
class RotationReport:
    rewritten: dict[str, int] = field(default_factory=dict)
    reindexed: int = 0

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


def encrypted_columns(metadata: MetaData) -> Iterator[tuple[Table, Column[object]]]:
    for table in metadata.sorted_tables:
        for column in table.columns:
            if column.name.endswith("_enc"):
                yield table, column


def _context(table: Table, column: Column[object]) -> str:
    return f"{table.name}.{column.name[: -len('_enc')]}"


def rotate_keys(engine: Engine, metadata: MetaData, cipher: FieldCipher) -> RotationReport:
    report = RotationReport()
    current = cipher.current_key_id
    tables: dict[str, list[Column[object]]] = {}
    for table, column in encrypted_columns(metadata):
        tables.setdefault(table.name, []).append(column)
    for name, columns in tables.items():
        table = metadata.tables[name]
        pk = list(table.primary_key.columns)
        last: tuple[object, ...] | None = None
        while True:
            query = select(*pk, *columns).order_by(*pk).limit(BATCH)
            if last is not None:
                query = query.where(tuple_(*pk) > tuple_(*last))
            with engine.begin() as conn:
                rows = conn.execute(query).all()
                if not rows:
                    break
                for row in rows:
                    key = tuple(row[: len(pk)])
                    values = dict(zip([c.name for c in columns], row[len(pk) :], strict=True))
                    changes: dict[str, object] = {}
                    for column in columns:
                        value = values[column.name]
                        if not value or FieldCipher.key_id_of(value) == current:
                            continue
                        context = _context(table, column)
                        if isinstance(column.type, LargeBinary):
                            plain = cipher.decrypt_bytes(value, context=context)
                            changes[column.name] = cipher.encrypt_bytes(plain, context=context)
                        else:
                            text = cipher.decrypt(value, context=context)
                            changes[column.name] = cipher.encrypt(text, context=context)
                    if name in BLIND_INDEXES:
                        index_col, source_col, context = BLIND_INDEXES[name]
                        source = values[source_col]
                        stored_as = f"{name}.{source_col[: -len('_enc')]}"
                        clear = cipher.decrypt(source, context=stored_as) if source else None
                        if clear is not None:
                            changes[index_col] = cipher.blind_index(clear, context=context)
                            report.reindexed += 1
                    if changes:
                        condition = [c == v for c, v in zip(pk, key, strict=True)]
                        conn.execute(update(table).where(*condition).values(**changes))
                        rewritten = sum(1 for k in changes if k.endswith("_enc"))
                        report.rewritten[name] = report.rewritten.get(name, 0) + rewritten
                last = tuple(rows[-1][: len(pk)])
    return report


def count_old_values(engine: Engine, metadata: MetaData, current_kid: str) -> int:
    """Values still under another key than ``current_kid`` (0 when rotation is complete)."""
    old = 0
    with engine.connect() as conn:
        for _table, column in encrypted_columns(metadata):
            for (value,) in conn.execute(select(column).where(column.is_not(None))):
                if (
                    isinstance(value, str | bytes)
                    and value
                    and FieldCipher.key_id_of(value) != current_kid
                ):
                    old += 1
    return old
