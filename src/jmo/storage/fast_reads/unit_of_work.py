"""A read-only unit of work whose repositories are the ordinary ones on a session that
answers only their prebuilt Core reads (``storage.db.core_read``), through asyncpg, from
inside a greenlet: the use case stays synchronous code, the event loop is never blocked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlalchemy.util import await_

from jmo.storage.crypto import FieldCipher
from jmo.storage.fast_reads.statements import Rows, compiled
from jmo.storage.unit_of_work import Repositories, attach_repositories
from jmo.usecases.ports.unit_of_work import LaneMiss

StatementListener = Callable[[str, Sequence[Any]], None]


class LaneSession:
    """Stands where the repositories expect a SQLAlchemy session. ``core_read`` runs the
    statement on the request's asyncpg connection; anything else a repository would do
    (an ORM query, a write, a flush) raises ``LaneMiss`` before reaching the database."""

    def __init__(self, connection: Any, listener: StatementListener | None = None) -> None:
        self._connection = connection
        self._listener = listener

    def core_read(self, statement: Executable, params: dict[str, Any]) -> Rows:
        prepared = compiled(statement)
        sql, args = prepared.bind(params)
        if self._listener is not None:
            self._listener(sql, args)
        return prepared.rows(await_(self._connection.fetch(sql, *args)))

    def __getattr__(self, name: str) -> Any:
        raise LaneMiss(name)


class FastReadUnitOfWork(Repositories):
    """Every repository, as ``SqlAlchemyUnitOfWork`` has them; only reads, no transaction
    (each statement sees what is committed when it runs, as under READ COMMITTED)."""

    def __init__(self, session: LaneSession, cipher: FieldCipher) -> None:
        attach_repositories(self, cast(Session, session), cipher)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        raise LaneMiss("commit")

    def rollback(self) -> None:
        return None
