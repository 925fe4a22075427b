"""How long one page of the audit trail takes at the top and deep in a large log, keyset
(the audit page's query, ``storage.repositories.audit.search_statement``) against OFFSET.

    python benchmarks/audit_pages.py --url postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        --rows 1000000

The database must be migrated and empty (``jmo db upgrade``); rows are inserted directly
(the hash chain is not computed: the reads do not look at it). Prints milliseconds per
page, the median of five runs, per filter.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select

from jmo.domain.audit import AuditFilter, AuditPosition
from jmo.storage.db import make_engine
from jmo.storage.repositories.audit import search_statement
from jmo.storage.rows import AuditRow

START = datetime(2024, 1, 1, tzinfo=UTC)
ACTIONS = ["participant.viewed", "account.logged_in", "notice.sent", "pengkinian.submitted"]
PAGE = 51


def fill(engine: Engine, rows: int, actors: list[uuid.UUID], subjects: list[str]) -> None:
    batch = 10_000
    with engine.begin() as conn:
        for first in range(0, rows, batch):
            conn.execute(
                insert(AuditRow),
                [
                    {
                        "seq": i + 1,
                        "at": START + timedelta(seconds=60 * i),
                        "action": ACTIONS[i % len(ACTIONS)],
                        "actor_account_id": actors[i % len(actors)],
                        "actor_role": "officer",
                        "channel": "app",
                        "subject_type": "participant",
                        "subject_id": subjects[i % len(subjects)],
                        "client_ip": None,
                        "user_agent": None,
                        "details": {},
                        "prev_hash": "0" * 64,
                        "hash": "0" * 64,
                    }
                    for i in range(first, min(first + batch, rows))
                ],
            )


def timed(engine: Engine, run: Callable[[], object]) -> float:
    times = []
    with engine.connect() as conn:
        for _ in range(5):
            began = time.perf_counter()
            conn.execute(run()).all()  # type: ignore[call-overload]
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="the rows are there already")
    args = parser.parse_args()
    engine = make_engine(args.url)
    if args.reuse:
        with engine.connect() as conn:
            actors = list(conn.scalars(select(AuditRow.actor_account_id).distinct()))
            subjects = list(conn.scalars(select(AuditRow.subject_id).limit(10)))
    else:
        actors = [uuid.uuid4() for _ in range(50)]
        subjects = [str(uuid.uuid4()) for _ in range(20_000)]
        began = time.perf_counter()
        fill(engine, args.rows, actors, subjects)
        print(f"{args.rows:,} rows inserted in {time.perf_counter() - began:.0f} s")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE audit_log")
    deep = AuditPosition(START + timedelta(seconds=60 * (args.rows // 10)), args.rows // 10)
    filters = {
        "none": AuditFilter(),
        "action": AuditFilter(action="notice.sent"),
        "staff member": AuditFilter(actors=(actors[7],)),
        # a branch's list with no participant named: its staff (here 40 of 50 accounts)
        "branch staff": AuditFilter(actors=tuple(actors[:40])),
        "participant": AuditFilter(subjects=(("participant", subjects[3]),)),
        "days": AuditFilter(since=START, until=START + timedelta(days=400)),
    }
    print(f"{'filter':<14}{'first page':>12}{'keyset 90% deep':>18}{'OFFSET 90% deep':>18}")
    for name, where in filters.items():
        first = timed(engine, lambda w=where: search_statement(w, after=None, limit=PAGE))
        keyset = timed(engine, lambda w=where: search_statement(w, after=deep, limit=PAGE))
        offset = (
            timed(
                engine,
                lambda w=where: search_statement(w, after=None, limit=PAGE).offset(
                    int(0.9 * args.rows)
                ),
            )
            if name == "none"
            else float("nan")
        )
        print(f"{name:<14}{first:>10.2f}ms{keyset:>16.2f}ms{offset:>16.2f}ms")
    engine.dispose()


if __name__ == "__main__":
    main()
