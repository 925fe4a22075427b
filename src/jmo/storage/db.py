"""Engine and session factory, with the settings each engine needs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, Executable, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 32,
    pre_ping: bool = False,
    pgbouncer: bool = False,
    connect_timeout_s: int | None = None,
) -> Engine:
    """``pool_size``: the most connections this process opens (a request past it waits up to
    10 s for one). Without ``pre_ping`` a dead connection (database restarted) fails
    one statement; SQLAlchemy then discards every pooled connection older than it.
    ``pgbouncer``: PgBouncer in transaction mode in front (no server-side prepared
    statements: the next transaction may run on another server connection)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=pre_ping,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=10,
        connect_args=({"prepare_threshold": None} if pgbouncer else {})
        | ({"connect_timeout": connect_timeout_s} if connect_timeout_s else {}),
    )


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = url.split("///", 1)[1] if "///" in url else ""
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": 30},
    )

    # pysqlite's own transaction handling is switched off so that SQLAlchemy controls
    # BEGIN (see SQLAlchemy's SQLite dialect docs, "Serializable isolation / Savepoints").
    # Every transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so
    # two writers queue (busy timeout) instead of failing half-way with "database is
    # locked". WAL keeps readers unblocked meanwhile.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


class CoreReader(Protocol):
    """A session that answers only prebuilt Core reads (the fast read lane's,
    ``storage.fast_reads``)."""

    def core_read(self, statement: Executable, params: dict[str, Any]) -> ReadRows: ...


class ReadRows(Protocol):
    """What the repositories do with a read's rows."""

    def first(self) -> Any: ...
    def all(self) -> Sequence[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


def core_read(
    session: Session | CoreReader, statement: Executable, params: dict[str, Any]
) -> ReadRows:
    """A prebuilt read run in Core on the session's connection: plain rows (read by column
    name, as an ORM row is read), no ORM entities or identity map; about a third of a hot
    read's CPU time (issue 10). What the session holds unwritten is flushed first, as the
    ORM's autoflush would, so the read sees it. On the fast read lane's session the same
    statement goes through asyncpg instead."""
    if isinstance(session, Session):
        if session.new or session.dirty or session.deleted:
            session.flush()
        result: Result[Any] = session.connection().execute(statement, params)
        return result
    return session.core_read(statement, params)
