"""The ledger keyed by its natural key, hash-partitioned by participant on PostgreSQL
(revision 0010_ledger_partitions, docs/decisions/ledger-partitions.md): the migration
keeps every row both ways, and a member's posting and reads touch one partition."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Connection, Engine, inspect, text

from jmo.storage.ledger_partitions import LEDGER, PARTITIONS, partitions
from jmo.storage.migrate import downgrade, upgrade
from jmo.storage.rows_jht import LedgerEntryRow
from jmo.usecases.jht.posting import post_ledgers
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.jht_cast import enrol_worker, job, statements

NATURAL_KEY = ["participant_id", "program", "kind", "period", "employer_npp", "reference"]
VALUES = list(LedgerEntryRow.__table__.columns.keys())


def _posted_member(services: Services, start: date = date(2020, 1, 1)) -> UUID:
    member = enrol_worker(services, employments=(job(start),), account=False, face=None)
    report = post_ledgers(
        services.uow(),
        operator_actor(),
        yields=services.benefits.yields,
        now=services.clock.now(),
        kpj=member.kpj,
    )
    assert report.entries > 0
    return member.participant.id


def _ledger(conn: Connection) -> set[tuple[Any, ...]]:
    columns = ", ".join(VALUES)
    return {tuple(row) for row in conn.execute(text(f"SELECT {columns} FROM {LEDGER}"))}


def test_the_ledger_is_keyed_by_its_natural_key_without_a_surrogate_id(db: Engine) -> None:
    schema = inspect(db)
    assert schema.get_pk_constraint(LEDGER)["constrained_columns"] == NATURAL_KEY
    assert "id" not in {c["name"] for c in schema.get_columns(LEDGER)}
    assert schema.get_indexes(LEDGER) == []  # the key's own index serves every lookup
    with db.connect() as conn:
        found = partitions(conn)
    expected = PARTITIONS if db.dialect.name == "postgresql" else 0
    assert len(found) == expected


def test_the_migration_keeps_every_row_down_and_up(
    services: Services, db: Engine, database_url: str
) -> None:
    _posted_member(services, date(2019, 5, 1))
    _posted_member(services, date(2021, 2, 1))
    with db.connect() as conn:
        before = _ledger(conn)
    assert len(before) > 50
    try:
        downgrade(database_url, "0009_appointments", engine=db)
        schema = inspect(db)
        assert schema.get_pk_constraint(LEDGER)["constrained_columns"] == ["id"]
        with db.connect() as conn:
            assert _ledger(conn) == before
            ids = conn.execute(text(f"SELECT count(DISTINCT id) FROM {LEDGER}")).scalar()
            assert ids == len(before)
            assert partitions(conn) == []
        upgrade(database_url, engine=db)
        with db.connect() as conn:
            assert _ledger(conn) == before
            if db.dialect.name == "postgresql":
                assert len(partitions(conn)) == PARTITIONS
                # every row where the hash puts it: one partition per participant
                spread = conn.execute(
                    text(
                        f"SELECT participant_id, count(DISTINCT tableoid) FROM {LEDGER} "
                        "GROUP BY participant_id"
                    )
                ).all()
                assert [n for _, n in spread] == [1, 1]
    finally:
        upgrade(database_url, engine=db)


def test_a_members_posting_and_read_touch_one_partition(services: Services, db: Engine) -> None:
    if db.dialect.name != "postgresql":
        pytest.skip("partitions are PostgreSQL's; SQLite keeps one table")
    parameters: list[Any] = []
    with statements(db, parameters) as seen:
        member = _posted_member(services)
        with services.uow() as uow:
            assert uow.jht_ledger.entries(member)  # the read a summary is rebuilt from
    ledger_reads = [
        (statement, params)
        for statement, params in zip(seen, parameters, strict=True)
        if LEDGER in statement and statement.lstrip().upper().startswith("SELECT")
    ]
    assert ledger_reads  # the posting read the member's ledger before adding to it
    with db.connect() as conn:
        # where the member's rows are (one partition), and what each read scanned
        home = conn.scalars(
            text(
                f"SELECT DISTINCT tableoid::regclass::text FROM {LEDGER} WHERE participant_id = :p"
            ),
            {"p": member},
        ).all()
        assert len(home) == 1
        for statement, params in ledger_reads:
            plan = "\n".join(
                line for (line,) in conn.exec_driver_sql(f"EXPLAIN {statement}", params)
            )
            scanned = {name for name in partitions(conn) if name in plan}
            assert scanned == set(home), plan
