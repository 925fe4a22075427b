"""The ledger's hash partitions on PostgreSQL (docs/decisions/ledger-partitions.md).

``jht_ledger_entries`` is ``PARTITION BY HASH (participant_id)`` into ``PARTITIONS``
tables named ``jht_ledger_entries_p000`` and on: a member's rows all lie in one partition,
so every read or write naming one participant is pruned to it, and jobs over the whole
ledger (the year-end yield) run one partition at a time. SQLite keeps one plain table.
The count is defined here once: the migration makes the partitions from it, and the jobs
read them from the catalogue.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

LEDGER = "jht_ledger_entries"
PARTITIONS = 256
PARTITION_KEY = "participant_id"


def partition_name(remainder: int, table: str = LEDGER) -> str:
    return f"{table}_p{remainder:03d}"


def create_partitions_sql(table: str = LEDGER, count: int = PARTITIONS) -> list[str]:
    """The statements making every partition of a table declared ``PARTITION BY HASH``."""
    return [
        f"CREATE TABLE {partition_name(r, table)} PARTITION OF {table} "
        f"FOR VALUES WITH (MODULUS {count}, REMAINDER {r})"
        for r in range(count)
    ]


def is_partition(name: str) -> bool:
    """A partition's name, which schema comparison leaves out (the model names the parent)."""
    prefix = f"{LEDGER}_p"
    return name.startswith(prefix) and name[len(prefix) :].isdigit()


def partitions(conn: Connection) -> list[str]:
    """The ledger's partitions as the catalogue has them, in order; [] for a plain table."""
    if conn.dialect.name != "postgresql":
        return []
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = CAST(:t AS regclass) ORDER BY c.relname"
        ),
        {"t": LEDGER},
    )
    return [name for (name,) in rows]
