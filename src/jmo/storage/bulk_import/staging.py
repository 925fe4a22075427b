"""The staging tables of one import: temporary (never written to the WAL, gone with the
connection), one per file, each row with the line it came from so a set rule can name it.
They have their own metadata: the migrations and ``create_all`` never see them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Date,
    Index,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.exc import DBAPIError

staging = MetaData()

# Months are compared as "YYYY-MM" text (it sorts as the months do): a contribution's
# month is staged as written, and the staged employments' months in the same form.
MONTH = "%Y-%m"


def _table(name: str, *columns: Column[object]) -> Table:
    return Table(
        name,
        staging,
        Column("line", BigInteger, nullable=False),
        *columns,
        prefixes=["TEMPORARY"],
    )


employers = _table(
    "import_employers",
    Column("npp", String(8), nullable=False),
    Column("name", String(200), nullable=False),
)
participants = _table(
    "import_participants",
    Column("kpj", String(11), nullable=False),
    Column("nik_index", String(64), nullable=False),
    Column("nik_enc", Text, nullable=False),
    Column("npwp_enc", Text),
    Column("full_name", String(100), nullable=False),
    Column("birth_place", String(100), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("gender", String(1)),
    Column("history_enc", Text, nullable=False),
)
Index("ix_import_employers_npp", employers.c.npp)
Index("ix_import_participants_kpj", participants.c.kpj)

employments = _table(
    "import_employments",
    Column("kpj", String(11), nullable=False),
    Column("npp", String(8), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("start_month", String(7), nullable=False),
    Column("end_month", String(7)),
    Column("monthly_wage", BigInteger, nullable=False),
)
contributions = _table(
    "import_contributions",
    Column("kpj", String(11), nullable=False),
    Column("npp", String(8), nullable=False),
    Column("period", String(7), nullable=False),  # YYYY-MM, as in the file
    Column("program", String(3), nullable=False),
    Column("wage", BigInteger, nullable=False),
    Column("employer_share", BigInteger, nullable=False),
    Column("worker_share", BigInteger, nullable=False),
)
# Every employment a contribution may fall in: this import's and those already stored.
spans = Table(
    "import_spans",
    staging,
    Column("kpj", String(11), nullable=False),
    Column("npp", String(8), nullable=False),
    Column("start_month", String(7), nullable=False),
    Column("end_month", String(7)),
    prefixes=["TEMPORARY"],
)
rejects = Table(
    "import_rejects",
    staging,
    Column("file", String(20), nullable=False),
    Column("line", BigInteger, nullable=False),
    Column("field", String(40), nullable=False),
    Column("code", String(60), nullable=False),
    Column("params", JSON),
    prefixes=["TEMPORARY"],
)

BY_KIND: dict[str, Table] = {
    "employers": employers,
    "participants": participants,
    "employments": employments,
    "contributions": contributions,
}


def create_staging(conn: Connection) -> None:
    drop_staging(conn)
    if conn.dialect.name == "postgresql":
        # Temporary tables live in the session's own buffers: give them room (refused on a
        # connection that has used temporary tables before: then the default stays).
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("SET LOCAL temp_buffers = '512MB'")
        except DBAPIError:
            pass
    staging.create_all(conn)


def drop_staging(conn: Connection) -> None:
    for table in reversed(staging.sorted_tables):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table.name}")


def copy_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns]


# INSERT ... SELECT: SQLAlchemy keeps the driver's row count only when asked.
COUNTED = {"preserve_rowcount": True}
