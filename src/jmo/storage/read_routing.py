"""Read-only requests on a PostgreSQL streaming replica (issue 10), never a stale answer to
the person who just wrote.

A request may read from the replica when all of these hold:
- it is a read (GET) that goes through ``edge.Calls`` (the hot reads: Cek Saldo, home,
  card, claims), and only its use case does: the session lookup stays on the primary;
- the replica answers and is at most ``max_lag_s`` behind (checked at most once a second
  per process; a replica that does not answer is left alone for ``DOWN_FOR_S``);
- the session that sends it wrote nothing in the last ``sticky_s`` seconds (read-your-
  writes: a request that committed a write marks its session in the shared rate-limit
  store, Redis or the database, so every worker knows). ``sticky_s`` is longer than the
  largest lag allowed plus the check interval, so after it the replica holds the write.
A use case that tries to write on the replica (Cek Saldo rebuilding a dropped summary) is
stopped before anything reaches the database and run again on the primary.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import ReplicaCannotWrite

CHECK_EVERY_S = 1.0
DOWN_FOR_S = 5.0

# 0 when everything received has been replayed, else the age of the last replayed
# transaction (PostgreSQL docs, "Monitoring" / hot standby functions).
LAG_SQL = text(
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
    " THEN 0 ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
    " END"
)


def _refuse_flush(_session: Session, _context: Any, _instances: Any) -> None:
    raise ReplicaCannotWrite()


def _refuse_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReplicaCannotWrite()


def replica_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on the replica that refuse any write before it is sent."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
    event.listen(factory, "before_flush", _refuse_flush)
    event.listen(factory, "do_orm_execute", _refuse_write)
    return factory


def session_key(token: str) -> str:
    """The shared store's key for a session token (never the token itself)."""
    return "rw:" + hashlib.sha256(token.encode()).hexdigest()[:32]


class ReplicaRouter:
    def __init__(
        self,
        replica: Engine,
        limiter: RateLimiter,
        *,
        max_lag_s: float,
        sticky_s: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if sticky_s <= max_lag_s + CHECK_EVERY_S:
            raise ValueError("sticky_s must exceed max_lag_s plus the check interval")
        self.engine = replica
        self.factory = replica_session_factory(replica)
        self._limiter = limiter
        self.max_lag_s = max_lag_s
        self.sticky_s = sticky_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._usable = False
        self._next_check = 0.0
        self.last_lag_s: float | None = None

    def note_write(self, token: str, now: datetime) -> None:
        """A request of this session committed a write: its reads stay on the primary."""
        if token:
            self._limiter.block(session_key(token), seconds=math.ceil(self.sticky_s), now=now)

    def may_read(self, token: str, now: datetime) -> bool:
        if not self._healthy():
            return False
        return not token or self._limiter.blocked_for(session_key(token), now=now) == 0

    def _healthy(self) -> bool:
        moment = self._monotonic()
        if moment < self._next_check or not self._lock.acquire(blocking=False):
            return self._usable  # another thread is checking: go by the last answer
        try:
            try:
                with self.engine.connect() as connection:
                    in_recovery, lag = connection.execute(LAG_SQL).one()
                self.last_lag_s = float(lag)
                self._usable = bool(in_recovery) and self.last_lag_s <= self.max_lag_s
                self._next_check = moment + CHECK_EVERY_S
            except Exception:
                # Down, restarting or unreachable: the primary answers meanwhile.
                self._usable = False
                self.last_lag_s = None
                self._next_check = moment + DOWN_FOR_S
            return self._usable
        finally:
            self._lock.release()
