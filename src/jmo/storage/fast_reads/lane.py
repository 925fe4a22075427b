"""The lane's connections (an asyncpg pool per server process) and the call that runs a
read-only use case on them."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.util import greenlet_spawn

from jmo.storage.crypto import FieldCipher
from jmo.storage.fast_reads.unit_of_work import FastReadUnitOfWork, LaneSession, StatementListener
from jmo.usecases.ports.unit_of_work import LaneMiss, UnitOfWork

T = TypeVar("T")

log = logging.getLogger(__name__)

# How the lane's connections show in pg_stat_activity (and PgBouncer's SHOW CLIENTS).
APPLICATION_NAME = "jmo fast reads"

# Waiting longer for a connection than this, the general path answers instead.
ACQUIRE_TIMEOUT_S = 2.0


def asyncpg_dsn(database_url: str) -> str:
    """``postgresql+psycopg://...`` -> ``postgresql://...`` (the same server and options)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def _json_codecs(connection: Any) -> None:
    # As SQLAlchemy's asyncpg dialect does: JSON values arrive as Python objects.
    for kind in ("json", "jsonb"):
        await connection.set_type_codec(
            kind, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def _keep_session_state(connection: Any) -> None:
    """Nothing to undo when a connection goes back to the pool: the lane only sends the
    repositories' SELECTs (no SET, LISTEN, cursor or advisory lock), and asyncpg still rolls
    back a transaction left open. Its default reset query (``RESET ALL``, ``UNLISTEN``,
    ...) was a round trip per request: 8% of the claim list's server time (issue 10)."""


class FastReadLane:
    """``open()`` in the server's event loop (the app's lifespan), ``close()`` at its end.
    ``pgbouncer``: PgBouncer in transaction mode in front, so no named prepared statements
    (asyncpg's statement cache off; each statement is prepared unnamed in its own round
    trip). Until ``open()`` (a test client without its lifespan) every call is a miss."""

    def __init__(
        self,
        database_url: str,
        cipher: FieldCipher,
        *,
        max_connections: int,
        pgbouncer: bool = False,
        listener: StatementListener | None = None,
    ) -> None:
        self._dsn = asyncpg_dsn(database_url)
        self._cipher = cipher
        self._max = max_connections
        self._pgbouncer = pgbouncer
        self._pool: asyncpg.Pool | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.listener = listener
        self.misses = 0  # calls the general path answered instead (tests, benchmarks)
        self.answered = 0

    async def open(self) -> None:
        if self._pool is None:
            self._loop = asyncio.get_running_loop()
            self._pool = await asyncpg.create_pool(
                self._dsn,
                min_size=0,  # connects on first use: a database away at start stops nothing
                max_size=self._max,
                init=_json_codecs,
                reset=_keep_session_state,
                server_settings={"application_name": APPLICATION_NAME},
                statement_cache_size=0 if self._pgbouncer else 100,
            )

    async def close(self) -> None:
        """Only in the event loop that opened it (two apps on one runtime, in tests, each
        open and close; the first one's loop owns the connections)."""
        if self._pool is not None and asyncio.get_running_loop() is self._loop:
            pool, self._pool = self._pool, None
            await pool.close()

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        pool = self._pool
        if pool is None or asyncio.get_running_loop() is not self._loop:
            # not open yet, or called from another event loop than the one that owns the
            # connections (a second test client on the same app)
            self.misses += 1
            raise LaneMiss("closed")
        try:
            async with pool.acquire(timeout=ACQUIRE_TIMEOUT_S) as connection:
                uow = FastReadUnitOfWork(LaneSession(connection, self.listener), self._cipher)
                answer: T = await greenlet_spawn(work, uow)
        except LaneMiss as miss:
            self.misses += 1
            log.debug("fast read lane: the general path answers (%s)", miss)
            raise
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            # The database refused or is away: the general path answers (503 if it must).
            self.misses += 1
            log.warning("fast read lane: %s; the general path answers", type(exc).__name__)
            raise LaneMiss("database") from exc
        self.answered += 1
        return answer
