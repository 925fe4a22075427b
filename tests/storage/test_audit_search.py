"""The audit page's keyset pages hold at millions of rows: every filter is read through an
index of the migrated schema that ends in (at, seq), with no sort step, on both
databases (the planner is asked; a table this small would otherwise be scanned)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.dialects import postgresql, sqlite

from jmo.domain.audit import AuditFilter, AuditPosition
from jmo.storage.repositories.audit import search_statement

AT = datetime(2026, 11, 1, tzinfo=UTC)
AFTER = AuditPosition(datetime(2026, 11, 30, tzinfo=UTC), 1_000_000)
FILTERS = {
    "ix_audit_log_subject_at": AuditFilter(subjects=(("participant", str(uuid4())),)),
    "ix_audit_log_actor_at": AuditFilter(actors=(uuid4(),)),
    "ix_audit_log_action_at": AuditFilter(action="participant.viewed"),
    "ix_audit_log_at": AuditFilter(since=AT, until=datetime(2026, 11, 30, tzinfo=UTC)),
}


def test_the_migrations_create_the_search_indexes(db: Engine) -> None:
    indexes = {i["name"]: i["column_names"] for i in inspect(db).get_indexes("audit_log")}
    for name in FILTERS:
        assert indexes[name][-2:] == ["at", "seq"], name
    # the two they replace are gone (each write to the log maintains every index)
    assert "ix_audit_log_subject" not in indexes and "ix_audit_log_action" not in indexes


INSIDE = AuditPosition(datetime(2026, 11, 15, tzinfo=UTC), 500_000)  # within the days


@pytest.mark.parametrize("after", [AFTER, INSIDE], ids=["at-the-end", "inside-the-days"])
@pytest.mark.parametrize("index", sorted(FILTERS))
def test_a_deep_page_is_one_index_range_scan(db: Engine, index: str, after: AuditPosition) -> None:
    statement = search_statement(FILTERS[index], after=after, limit=51)
    if db.dialect.name == "sqlite":
        sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": 1}))
        with db.connect() as conn:
            plan = " | ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives the order
        return
    # SQLAlchemy's postgresql.dialect alias carries no annotations
    pg = postgresql.dialect()  # type: ignore[no-untyped-call]
    sql = str(statement.compile(dialect=pg, compile_kwargs={"literal_binds": 1}))
    with db.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # as if the table were large
        plan = " | ".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
    assert index in plan, plan
    assert "Sort" not in plan, plan
