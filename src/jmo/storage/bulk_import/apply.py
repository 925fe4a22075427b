"""Moving checked staging rows into the real tables, set-based.

Idempotent by natural key: a row whose key is already stored (employer NPP, participant
KPJ, employment KPJ+NPP+start, contribution KPJ+NPP+programme+month) is left as it is and
counted as present, so running the same import twice adds nothing the second time.

On PostgreSQL, when the ledger is empty (the migration's first load), its indexes and
constraints are dropped before the insert and built again after it: one sort per index
instead of 60 million index insertions and foreign-key triggers. A duplicate contribution
then shows up as the unique constraint failing to build, and is looked for only then.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Table,
    and_,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    union,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from jmo.domain.jht.ledger import EntryKind
from jmo.storage.bulk_import import staging as st
from jmo.storage.bulk_import.staging import COUNTED
from jmo.storage.ledger_partitions import partitions
from jmo.storage.rows import EmployerRow, EmploymentRow, HistoryRow, ParticipantRow
from jmo.storage.rows_jht import JhtBalanceRow, LedgerEntryRow
from jmo.storage.types import UTCDateTime

LEDGER = LedgerEntryRow.__tablename__


def new_id(conn: Connection) -> ColumnElement[uuid.UUID]:
    """A fresh UUID per row, made by the database (SQLite: a function registered on the
    connection; stored as 32 hex digits, as SQLAlchemy's Uuid type stores it there)."""
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.create_function("jmo_uuid", 0, lambda: uuid.uuid4().hex)
        return func.jmo_uuid()
    return func.gen_random_uuid()


@dataclass
class Applied:
    added: dict[str, int]
    present: dict[str, int]


# What each file loads into: the tables whose statistics a load makes stale.
LOADED_TABLES = {
    "employers": EmployerRow.__tablename__,
    "participants": ParticipantRow.__tablename__,
    "employments": EmploymentRow.__tablename__,
    "contributions": LEDGER,
}


# The ledger's partitions are analysed with a smaller sample: each of the 256 takes its own
# (300 rows per point of the target), so the default target samples 7.7M rows whatever the
# ledger's size and took 20.7 s at 100k participants, against 3.9 s at 10
# (docs/performance.md). Every ledger query names one participant and goes by the key.
LEDGER_STATISTICS_TARGET = 10


def refresh_statistics(conn: Connection, kinds: list[str]) -> None:
    """ANALYZE the tables a load filled. The planner's row estimates come from statistics,
    and after a load in one transaction autovacuum comes late (behind the ledger's own
    vacuum): at 1M participants the unanalysed employments made the employment lookup a
    hash join over every employer (3.7 ms instead of 0.1) and cut the floor of three read
    endpoints from about 3,000 to 500 requests/s (docs/performance.md). The ledger's
    partitions are analysed one by one, not through the parent (whose statistics no
    query uses: each prunes to one partition)."""
    for kind in kinds:
        if kind not in LOADED_TABLES:
            continue
        leaves = partitions(conn) if LOADED_TABLES[kind] == LEDGER else []
        if not leaves:
            conn.exec_driver_sql(f"ANALYZE {LOADED_TABLES[kind]}")
            continue
        conn.exec_driver_sql(f"SET LOCAL default_statistics_target = {LEDGER_STATISTICS_TARGET}")
        conn.exec_driver_sql("ANALYZE " + ", ".join(leaves))
        conn.exec_driver_sql("SET LOCAL default_statistics_target TO DEFAULT")


def _count(conn: Connection, table: Table) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _insert(conn: Connection, kind: str, table: Table, applied: Applied, statement: object) -> None:
    staged = _count(conn, table)
    added = int(conn.execute(statement, execution_options=COUNTED).rowcount or 0)  # type: ignore[call-overload]
    applied.added[kind] = added
    applied.present[kind] = staged - added


def apply_small_files(conn: Connection, now: datetime) -> Applied:
    """Employers, participants (with their first history version) and employments."""
    applied = Applied({}, {})
    at = literal(now, UTCDateTime())
    uid = new_id(conn)
    e = st.employers
    _insert(
        conn,
        "employers",
        e,
        applied,
        insert(EmployerRow).from_select(
            ["id", "npp", "name", "created_at"],
            select(uid, e.c.npp, e.c.name, at).where(~exists().where(EmployerRow.npp == e.c.npp)),
        ),
    )
    p = st.participants
    _insert(
        conn,
        "participants",
        p,
        applied,
        insert(ParticipantRow).from_select(
            [
                "id",
                "kpj",
                "nik_index",
                "nik_enc",
                "npwp_enc",
                "full_name",
                "birth_place",
                "birth_date",
                "gender",
                "version",
                "created_at",
                "updated_at",
            ],
            select(
                uid,
                p.c.kpj,
                p.c.nik_index,
                p.c.nik_enc,
                p.c.npwp_enc,
                p.c.full_name,
                p.c.birth_place,
                p.c.birth_date,
                p.c.gender,
                literal(1),
                at,
                at,
            ).where(~exists().where(ParticipantRow.kpj == p.c.kpj)),
        ),
    )
    # Version 1 of the profile, as registration records it (new participants only).
    conn.execute(
        insert(HistoryRow).from_select(
            ["id", "participant_id", "version", "profile_enc", "recorded_at"],
            select(uid, ParticipantRow.id, literal(1), p.c.history_enc, at)
            .join(ParticipantRow, ParticipantRow.kpj == p.c.kpj)
            .where(~exists().where(HistoryRow.participant_id == ParticipantRow.id)),
        )
    )
    m = st.employments
    _insert(
        conn,
        "employments",
        m,
        applied,
        insert(EmploymentRow).from_select(
            ["id", "participant_id", "employer_id", "start_date", "end_date", "monthly_wage"],
            select(
                uid,
                ParticipantRow.id,
                EmployerRow.id,
                m.c.start_date,
                m.c.end_date,
                m.c.monthly_wage,
            )
            .join(ParticipantRow, ParticipantRow.kpj == m.c.kpj)
            .join(EmployerRow, EmployerRow.npp == m.c.npp)
            .where(
                ~exists().where(
                    and_(
                        EmploymentRow.participant_id == ParticipantRow.id,
                        EmploymentRow.employer_id == EmployerRow.id,
                        EmploymentRow.start_date == m.c.start_date,
                    )
                )
            ),
        ),
    )
    return applied


def ledger_is_empty(conn: Connection) -> bool:
    return not conn.scalar(select(exists().select_from(LedgerEntryRow)))


def contributions_select(conn: Connection, now: datetime) -> object:
    c = st.contributions
    first_day = c.c.period + "-01"  # staged as YYYY-MM
    period = first_day if conn.dialect.name == "sqlite" else cast(first_day, Date)
    return select(
        ParticipantRow.id,
        c.c.program,
        literal(EntryKind.CONTRIBUTION.value),
        period,
        c.c.npp,
        c.c.employer_share + c.c.worker_share,
        c.c.employer_share,
        c.c.worker_share,
        c.c.wage,
        literal(0),
        literal(""),
        literal(now, UTCDateTime()),
    ).join(ParticipantRow, ParticipantRow.kpj == c.c.kpj)


_LEDGER_COLUMNS = [
    "participant_id",
    "program",
    "kind",
    "period",
    "employer_npp",
    "amount",
    "employer_share",
    "worker_share",
    "wage",
    "rate_bp",
    "reference",
    "posted_at",
]


def insert_contributions(conn: Connection, now: datetime, *, unchecked: bool) -> tuple[int, int]:
    """(added, already present). ``unchecked``: the ledger's keys are off (bulk path)."""
    staged = _count(conn, st.contributions)
    rows = contributions_select(conn, now)
    if unchecked:
        statement: object = insert(LedgerEntryRow).from_select(_LEDGER_COLUMNS, rows)  # type: ignore[arg-type]
    else:
        dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        statement = (
            dialect_insert(LedgerEntryRow)
            .from_select(_LEDGER_COLUMNS, rows)  # type: ignore[arg-type]
            .on_conflict_do_nothing()
        )
    added = int(conn.execute(statement, execution_options=COUNTED).rowcount or 0)  # type: ignore[call-overload]
    return added, staged - added


def drop_ledger_keys(conn: Connection) -> list[str]:
    """Drop the ledger's constraints and indexes; the statements that make them again,
    read from the catalogue so they are exactly what the migrations made."""
    constraints = conn.execute(
        text(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:t AS regclass) ORDER BY contype = 'f', conname"
        ),
        {"t": LEDGER},
    ).all()
    indexes = conn.execute(
        text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = CAST(:t AS regclass) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        ),
        {"t": LEDGER},
    ).all()
    for name, _, _ in sorted(constraints, key=lambda r: r[1] != "f"):  # foreign keys first
        conn.exec_driver_sql(f'ALTER TABLE {LEDGER} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    keys = [f'ALTER TABLE {LEDGER} ADD CONSTRAINT "{n}" {d}' for n, t, d in constraints if t != "f"]
    keys += [definition for _, definition in indexes]
    keys += [
        f'ALTER TABLE {LEDGER} ADD CONSTRAINT "{n}" {d}' for n, t, d in constraints if t == "f"
    ]
    return keys


def restore_ledger_keys(conn: Connection, statements: list[str]) -> bool:
    """False when a unique key does not build: a contribution is in the file twice."""
    conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
    for statement in statements:
        try:
            with conn.begin_nested():
                conn.exec_driver_sql(statement)
        except IntegrityError:
            return False
    return True


def drop_outdated_summaries(conn: Connection) -> int:
    """The balance summary of a KPJ that gained employments or contributions is outdated;
    it is built again by the next read (or `jmo jht post`), from the one definition in
    ``jmo.domain.jht.summary``. New participants have none to drop."""
    if not conn.scalar(select(exists().select_from(JhtBalanceRow))):
        return 0
    # a union of the KPJ, joined: not an OR of two EXISTS (a subquery per participant)
    kpjs = union(select(st.employments.c.kpj), select(st.contributions.c.kpj)).subquery()
    touched = select(ParticipantRow.id).join(kpjs, kpjs.c.kpj == ParticipantRow.kpj)
    result = conn.execute(delete(JhtBalanceRow).where(JhtBalanceRow.participant_id.in_(touched)))
    return int(result.rowcount or 0)
