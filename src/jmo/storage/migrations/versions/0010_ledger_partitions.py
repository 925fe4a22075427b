"""The ledger keyed by its natural key, hash-partitioned by participant on PostgreSQL
(issue 10; docs/decisions/ledger-partitions.md).

The surrogate ``id``, its index and the separate participant index go: nothing refers to
a ledger row, and the natural key leads with ``participant_id``. On PostgreSQL the table
becomes ``PARTITION BY HASH (participant_id)`` into 256 partitions; SQLite keeps one plain
table. The rows are copied into the new table inside the migration, keys built after the
copy (one sort per partition instead of an index insertion per row).

Revision ID: 0010_ledger_partitions
Revises: 0009_appointments
Create Date: 2026-11-30 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jmo.storage.ledger_partitions import LEDGER, PARTITION_KEY, create_partitions_sql

revision = "0010_ledger_partitions"
down_revision = "0009_appointments"
branch_labels = None
depends_on = None

_NATURAL_KEY = ["participant_id", "program", "kind", "period", "employer_npp", "reference"]
_PK = "pk_jht_ledger_entries"
_FK = "fk_jht_ledger_entries_participant_id_participants"
_OLD = f"{LEDGER}_old"


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("program", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("employer_npp", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("employer_share", sa.BigInteger(), nullable=False),
        sa.Column("worker_share", sa.BigInteger(), nullable=False),
        sa.Column("wage", sa.BigInteger(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
    ]


_COLUMN_LIST = ", ".join(c.name for c in _columns())


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _copy_rows(new_id: str | None = None) -> None:
    """Every row of the old table into the new one (``new_id``: the SQL making an id)."""
    into = f"id, {_COLUMN_LIST}" if new_id else _COLUMN_LIST
    values = f"{new_id}, {_COLUMN_LIST}" if new_id else _COLUMN_LIST
    op.execute(f"INSERT INTO {LEDGER} ({into}) SELECT {values} FROM {_OLD}")  # noqa: S608 (fixed names)


def _set_aside_old_table() -> None:
    """Rename the current table out of the way and free the names the new one takes (an
    index name is unique per schema on both engines)."""
    if _postgresql():
        op.drop_constraint(_PK, LEDGER, type_="primary")
    else:
        op.execute(f"DROP INDEX IF EXISTS ix_{LEDGER}_participant_id")
    op.rename_table(LEDGER, _OLD)


def upgrade() -> None:
    _set_aside_old_table()
    if _postgresql():
        op.create_table(LEDGER, *_columns(), postgresql_partition_by=f"HASH ({PARTITION_KEY})")
        for statement in create_partitions_sql():
            op.execute(statement)
        _copy_rows()
        op.execute("SET LOCAL maintenance_work_mem = '512MB'")
        op.create_primary_key(_PK, LEDGER, _NATURAL_KEY)
        op.create_foreign_key(_FK, LEDGER, "participants", ["participant_id"], ["id"])
    else:
        op.create_table(
            LEDGER,
            *_columns(),
            sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=_FK),
            sa.PrimaryKeyConstraint(*_NATURAL_KEY, name=_PK),
        )
        _copy_rows()
    op.drop_table(_OLD)  # on PostgreSQL with its remaining indexes and foreign key


def downgrade() -> None:
    """The plain table of revision 0002, every row given a fresh surrogate id."""
    if _postgresql():
        op.drop_constraint(_PK, LEDGER, type_="primary")
    op.rename_table(LEDGER, _OLD)
    op.create_table(
        LEDGER,
        sa.Column("id", sa.Uuid(), nullable=False),
        *_columns(),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=_FK),
        sa.PrimaryKeyConstraint("id", name=_PK),
        sa.UniqueConstraint(*_NATURAL_KEY, name="uq_jht_ledger_entries_entry"),
    )
    # SQLite stores a Uuid as 32 hex digits
    new_id = "gen_random_uuid()" if _postgresql() else "lower(hex(randomblob(16)))"
    _copy_rows(new_id)
    op.drop_table(_OLD)  # on PostgreSQL its partitions go with it
    op.create_index(f"ix_{LEDGER}_participant_id", LEDGER, ["participant_id"], unique=False)
