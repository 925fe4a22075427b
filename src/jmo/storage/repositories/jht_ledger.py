from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    CursorResult,
    Date,
    TableClause,
    bindparam,
    case,
    column,
    delete,
    extract,
    func,
    insert,
    literal,
    select,
    table,
)
from sqlalchemy.orm import Session as DbSession

from jmo.domain.jht.ledger import EntryKind, LedgerEntry
from jmo.domain.jht.summary import BalanceSummary, from_data, to_data
from jmo.domain.jht.tables import BASIS_POINTS, Program
from jmo.storage.db import core_read
from jmo.storage.ledger_partitions import LEDGER, partitions
from jmo.storage.rows import EmploymentRow
from jmo.storage.rows_jht import JhtBalanceRow, LedgerEntryRow
from jmo.storage.types import UTCDateTime

# Every balance read: built once and run in Core (storage.repositories.participants).
_SUMMARIES = select(
    JhtBalanceRow.participant_id,
    JhtBalanceRow.posted_through,
    JhtBalanceRow.yields_version,
    JhtBalanceRow.data,
).where(JhtBalanceRow.participant_id.in_(bindparam("ids", expanding=True)))


class SqlLedger:
    """The contribution ledger per KPJ. Entries are only ever added (a withdrawal is a
    negative entry), never changed."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def entries(self, participant_id: UUID) -> list[LedgerEntry]:
        rows = self._s.execute(
            select(
                LedgerEntryRow.program,
                LedgerEntryRow.kind,
                LedgerEntryRow.period,
                LedgerEntryRow.employer_npp,
                LedgerEntryRow.amount,
                LedgerEntryRow.employer_share,
                LedgerEntryRow.worker_share,
                LedgerEntryRow.wage,
                LedgerEntryRow.rate_bp,
                LedgerEntryRow.reference,
            )
            .where(LedgerEntryRow.participant_id == participant_id)
            # A total order: the key's every column, so both databases (and a partitioned
            # table read through its primary key) list the same rows the same way.
            .order_by(
                LedgerEntryRow.period,
                LedgerEntryRow.kind,
                LedgerEntryRow.employer_npp,
                LedgerEntryRow.program,
                LedgerEntryRow.reference,
            )
        ).all()
        return [
            LedgerEntry(
                program=Program(row.program),
                kind=EntryKind(row.kind),
                period=row.period,
                employer_npp=row.employer_npp,
                amount=row.amount,
                employer_share=row.employer_share,
                worker_share=row.worker_share,
                wage=row.wage,
                rate_bp=row.rate_bp,
                reference=row.reference,
            )
            for row in rows
        ]

    def participants_with_employment(self) -> list[UUID]:
        return list(
            self._s.scalars(
                select(EmploymentRow.participant_id)
                .distinct()
                .order_by(EmploymentRow.participant_id)
            )
        )

    def summaries(self, participant_ids: Sequence[UUID]) -> dict[UUID, BalanceSummary]:
        """The stored summaries of these KPJ (one query); a KPJ without one is left out."""
        rows = core_read(self._s, _SUMMARIES, {"ids": list(participant_ids)}).all()
        found: dict[UUID, BalanceSummary] = {}
        for row in rows:
            summary = from_data(
                json.loads(row.data),
                posted_through=row.posted_through,
                yields_version=row.yields_version,
            )
            if summary is not None:
                found[row.participant_id] = summary
        return found

    def save_summary(self, participant_id: UUID, summary: BalanceSummary, at: datetime) -> None:
        drop_summary(self._s, participant_id)
        self._s.add(
            JhtBalanceRow(
                participant_id=participant_id,
                posted_through=summary.posted_through,
                yields_version=summary.yields_version,
                data=json.dumps(to_data(summary), separators=(",", ":")),
                updated_at=at,
            )
        )
        self._s.flush()

    def post_year_end_yields(
        self, program: Program, year: int, rate_bp: int, at: datetime
    ) -> tuple[int, int]:
        return post_year_end_yields(self._s, program=program, year=year, rate_bp=rate_bp, at=at)

    def add(self, participant_id: UUID, entries: Sequence[LedgerEntry], at: datetime) -> None:
        if not entries:
            return
        drop_summary(self._s, participant_id)  # outdated by these entries
        # One multi-row INSERT: a first posting of 20 years is about 500 rows.
        self._s.execute(
            insert(LedgerEntryRow),
            [
                {
                    "participant_id": participant_id,
                    "program": e.program.value,
                    "kind": e.kind.value,
                    "period": e.period,
                    "employer_npp": e.employer_npp,
                    "amount": e.amount,
                    "employer_share": e.employer_share,
                    "worker_share": e.worker_share,
                    "wage": e.wage,
                    "rate_bp": e.rate_bp,
                    "reference": e.reference,
                    "posted_at": at,
                }
                for e in entries
            ],
        )


def drop_summary(session: DbSession, participant_id: UUID) -> None:
    """Whatever changes a KPJ's ledger or employment outdates its balance summary."""
    session.execute(delete(JhtBalanceRow).where(JhtBalanceRow.participant_id == participant_id))


def post_year_end_yields(
    session: DbSession, *, program: Program, year: int, rate_bp: int, at: datetime
) -> tuple[int, int]:
    """The year-end yield of ``year`` for every pot of ``program``, one INSERT ... SELECT
    per partition of the ledger (the whole table on SQLite): the rule of
    ``domain.jht.ledger.yield_due`` (through month 12) written as SQL, so a yearly run
    touches each row once inside the database instead of loading every ledger into Python,
    and each statement groups 1/256 of the ledger (a member's rows all lie in one
    partition). Pots that already have the entry are left alone (the run can be repeated);
    the summaries of the KPJ credited are dropped. Returns (pots credited, rupiah
    credited). ``tests/usecases/test_yield_run.py`` checks it against the domain function
    entry by entry."""
    pots = rupiah = 0
    for name in partitions(session.connection()) or [LEDGER]:
        credited, amount = _post_year_end_yields_in(
            session, _ledger_part(name), program=program, year=year, rate_bp=rate_bp, at=at
        )
        pots, rupiah = pots + credited, rupiah + amount
    return pots, rupiah


def _ledger_part(name: str) -> TableClause:
    """The ledger, or one partition of it, as a table to select from."""
    columns = LedgerEntryRow.__table__.columns
    return table(name, *(column(c.name, c.type) for c in columns))


def _post_year_end_yields_in(
    session: DbSession,
    entries: TableClause,
    *,
    program: Program,
    year: int,
    rate_bp: int,
    at: datetime,
) -> tuple[int, int]:
    jan1, dec1 = date(year, 1, 1), date(year, 12, 1)
    year_end_yield = (entries.c.kind == EntryKind.YIELD.value) & (entries.c.reference == "")
    month = extract("month", entries.c.period)
    # The month of the year at whose end an entry takes effect (LedgerEntry.effective_month).
    effective = case(
        (entries.c.kind == EntryKind.CONTRIBUTION.value, month),
        else_=month - 1,
    )
    base = func.sum(
        case(
            (entries.c.period < jan1, entries.c.amount * 12),
            (~year_end_yield, entries.c.amount * (12 - effective)),
            else_=0,
        )
    )
    credited = func.sum(
        case(
            (
                (entries.c.period >= jan1)
                & (entries.c.kind == EntryKind.YIELD.value)
                & (entries.c.reference != ""),
                entries.c.amount,
            ),
            else_=0,
        )
    )
    pots = (
        select(
            entries.c.participant_id,
            entries.c.employer_npp,
            base.label("base"),
            credited.label("credited"),
        )
        .where(entries.c.program == program.value, entries.c.period <= dec1)
        .group_by(entries.c.participant_id, entries.c.employer_npp)
        .subquery("pots")
    )
    postgresql = session.get_bind().dialect.name == "postgresql"
    denominator = 12 * BASIS_POINTS  # yield_amount: base * rate / 12, rounded half up
    numerator = pots.c.base * rate_bp * 2 + denominator
    # Whole-number division: PostgreSQL's SUM of bigint is numeric, where "/" keeps the
    # fraction, so div() (it truncates; the base is positive here, so that is the floor);
    # SQLite's integer sum divides whole with SQLAlchemy's "//".
    quotient = (
        func.div(numerator, denominator * 2) if postgresql else numerator // (denominator * 2)
    )
    amount = case((pots.c.base > 0, quotient), else_=0)
    due = (amount - pots.c.credited).label("due")
    already = (
        select(entries.c.participant_id)
        .where(
            entries.c.participant_id == pots.c.participant_id,
            entries.c.employer_npp == pots.c.employer_npp,
            entries.c.program == program.value,
            entries.c.period == dec1,
            year_end_yield,
        )
        .exists()
    )
    dues = select(pots.c.participant_id, pots.c.employer_npp, due).where(~already).subquery("dues")
    columns = [
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
    rows = select(
        dues.c.participant_id,
        literal(program.value),
        literal(EntryKind.YIELD.value),
        literal(dec1, Date),
        dues.c.employer_npp,
        dues.c.due,
        literal(0),
        literal(0),
        literal(0),
        literal(rate_bp),
        literal(""),
        literal(at, UTCDateTime()),
    ).where(dues.c.due > 0)
    statement = insert(LedgerEntryRow).from_select(columns, rows)
    result = session.execute(statement.execution_options(preserve_rowcount=True))
    inserted = result.rowcount if isinstance(result, CursorResult) else 0
    credited_now = select(entries.c.participant_id).where(
        entries.c.program == program.value,
        entries.c.period == dec1,
        year_end_yield,
        entries.c.posted_at == at,
    )
    session.execute(delete(JhtBalanceRow).where(JhtBalanceRow.participant_id.in_(credited_now)))
    total = session.scalar(
        select(func.coalesce(func.sum(entries.c.amount), 0)).where(
            entries.c.program == program.value,
            entries.c.period == dec1,
            year_end_yield,
            entries.c.posted_at == at,
        )
    )
    return int(inserted), int(total or 0)
