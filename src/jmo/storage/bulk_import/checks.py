"""The rules that need more than one row, run as sets over the staging tables: a natural
key twice in a file, an employment naming an unknown KPJ or NPP, a contribution outside
every employment of its KPJ with its employer. Each writes its rejects (file, line, field,
code) into ``import_rejects``; the rows themselves passed the row rules already."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
)

from jmo.domain.errors import FieldError
from jmo.storage.bulk_import import staging as st
from jmo.storage.bulk_import.staging import COUNTED
from jmo.storage.rows import EmployerRow, EmploymentRow, ParticipantRow

# The natural key of each file: a second row with the same key is a duplicate.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "employers": ("npp",),
    "participants": ("kpj",),
    "employments": ("kpj", "npp", "start_date"),
    "contributions": ("kpj", "npp", "program", "period"),
}


def _reject(
    conn: Connection, kind: str, field: str, code: str, query: ColumnElement[bool], table: Table
) -> int:
    """Every line of ``table`` where ``query`` holds, as a reject."""
    rows = select(literal(kind), table.c.line, literal(field), literal(code), literal(None)).where(
        query
    )
    result = conn.execute(
        insert(st.rejects).from_select(["file", "line", "field", "code", "params"], rows),
        execution_options=COUNTED,
    )
    return int(result.rowcount or 0)


def duplicates(conn: Connection, kind: str) -> int:
    """A key seen on an earlier line: the later lines are rejected, naming the first."""
    table = st.BY_KIND[kind]
    key = [table.c[name] for name in NATURAL_KEYS[kind]]
    first = (
        select(*key, func.min(table.c.line).label("first"))
        .group_by(*key)
        .having(func.count() > 1)
        .subquery()
    )
    joined = and_(*(table.c[name] == first.c[name] for name in NATURAL_KEYS[kind]))
    # params: {"first": line}, built per dialect as JSON text
    params = (
        func.json_object("first", first.c.first)
        if conn.dialect.name == "sqlite"
        else (func.json_build_object("first", first.c.first))
    )
    rows = (
        select(
            literal(kind),
            table.c.line,
            literal(NATURAL_KEYS[kind][0]),
            literal("import.duplicate"),
            params,
        )
        .select_from(table.join(first, joined))
        .where(table.c.line > first.c.first)
    )
    result = conn.execute(
        insert(st.rejects).from_select(["file", "line", "field", "code", "params"], rows),
        execution_options=COUNTED,
    )
    return int(result.rowcount or 0)


# "Unknown" is written as NOT EXISTS AND NOT EXISTS, never NOT (EXISTS OR EXISTS): the
# planner turns each NOT EXISTS into an anti-join, while an OR of two EXISTS runs as a
# subquery per row (quadratic: it never finished on 300k employments).
def _unknown_participant(kpj: ColumnElement[str]) -> ColumnElement[bool]:
    return and_(
        ~exists().where(st.participants.c.kpj == kpj),
        ~exists().where(ParticipantRow.kpj == kpj),
    )


def _unknown_employer(npp: ColumnElement[str]) -> ColumnElement[bool]:
    return and_(
        ~exists().where(st.employers.c.npp == npp),
        ~exists().where(EmployerRow.npp == npp),
    )


def employment_references(conn: Connection) -> int:
    e = st.employments
    return _reject(
        conn, "employments", "kpj", "import.unknown_participant", _unknown_participant(e.c.kpj), e
    ) + _reject(
        conn, "employments", "npp", "import.unknown_employer", _unknown_employer(e.c.npp), e
    )


def _month(conn: Connection, column: Any) -> ColumnElement[Any]:
    """A stored date as the staging tables write months ("YYYY-MM")."""
    if conn.dialect.name == "sqlite":
        return func.strftime(st.MONTH, column)
    return func.to_char(column, "YYYY-MM")


def month_rules(conn: Connection, month_errors: Callable[[str, str], list[FieldError]]) -> int:
    """The month rules (ended; the programme had begun) once per distinct month and
    programme of the file, in Python; the rows of a month that fails are rejected."""
    c = st.contributions
    rejected = 0
    pairs = conn.execute(select(c.c.period, c.c.program).distinct()).all()
    for period, program in pairs:
        for error in month_errors(period, program):
            rejected += _reject(
                conn,
                "contributions",
                error.field,
                error.code,
                and_(c.c.period == period, c.c.program == program),
                c,
            )
    return rejected


def fill_spans(conn: Connection) -> None:
    """The employments a contribution may fall in, by month: this import's, and those
    already stored for the same KPJ (a monthly load of contributions alone)."""
    e = st.employments
    conn.execute(
        insert(st.spans).from_select(
            ["kpj", "npp", "start_month", "end_month"],
            select(e.c.kpj, e.c.npp, e.c.start_month, e.c.end_month),
        )
    )
    stored = (
        select(
            ParticipantRow.kpj,
            EmployerRow.npp,
            _month(conn, EmploymentRow.start_date),
            case(
                (EmploymentRow.end_date.is_(None), None), else_=_month(conn, EmploymentRow.end_date)
            ),
        )
        .join(EmploymentRow, EmploymentRow.participant_id == ParticipantRow.id)
        .join(EmployerRow, EmployerRow.id == EmploymentRow.employer_id)
        .where(exists().where(st.contributions.c.kpj == ParticipantRow.kpj))
    )
    conn.execute(insert(st.spans).from_select(["kpj", "npp", "start_month", "end_month"], stored))


def contribution_references(conn: Connection) -> int:
    """One pass finds the contributions no employment covers; only those are then told
    apart (unknown KPJ, unknown NPP, or a month outside the employment)."""
    c, s = st.contributions, st.spans
    covered = exists().where(
        s.c.kpj == c.c.kpj,
        s.c.npp == c.c.npp,
        s.c.start_month <= c.c.period,
        or_(s.c.end_month.is_(None), s.c.end_month >= c.c.period),
    )
    # per failing row only (none in a good file); the staging keys are indexed for it
    reason = case(
        (_unknown_participant(c.c.kpj), "import.unknown_participant"),
        (_unknown_employer(c.c.npp), "import.unknown_employer"),
        else_="import.no_employment",
    )
    outside = select(c.c.line, reason.label("code")).where(~covered).subquery()
    rows = select(
        literal("contributions"),
        outside.c.line,
        case(
            (outside.c.code == "import.unknown_participant", "kpj"),
            (outside.c.code == "import.unknown_employer", "npp"),
            else_="period",
        ),
        outside.c.code,
        literal(None),
    )
    result = conn.execute(
        insert(st.rejects).from_select(["file", "line", "field", "code", "params"], rows),
        execution_options=COUNTED,
    )
    return int(result.rowcount or 0)
