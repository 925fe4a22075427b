"""Rate limits shared by every worker: in the database (the embedded default) or Redis.

Fixed windows: simple, and for login throttling the edge effect (up to twice the limit
across a window boundary) is acceptable; the per-email lock below does not depend on it.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from jmo.domain.rate_limits import RateDecision
from jmo.storage.rows_security import RateBlockRow, RateCounterRow


def _window(now: datetime, window_s: int) -> int:
    epoch = int(now.timestamp())
    return epoch - epoch % window_s


def _retry(now: datetime, window_start: int, window_s: int) -> int:
    return max(1, math.ceil(window_start + window_s - now.timestamp()))


class SqlRateLimiter:
    """Counters in ``rate_limit_counters``; every call is its own short transaction, so
    it never waits on (or rolls back with) the caller's unit of work."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    def hit(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        start = _window(now, window_s)
        insert = self._insert(RateCounterRow).values(
            bucket=bucket,
            window_start=start,
            count=1,
            expires_at=now + timedelta(seconds=window_s),
        )
        stmt = insert.on_conflict_do_update(
            index_elements=[RateCounterRow.bucket, RateCounterRow.window_start],
            set_={"count": RateCounterRow.count + 1},
        ).returning(RateCounterRow.count)
        with self._engine.begin() as conn:
            count = int(conn.execute(stmt).scalar_one())
            # Housekeeping on the way: old windows are useless.
            conn.execute(delete(RateCounterRow).where(RateCounterRow.expires_at < now))
        allowed = count <= limit
        return RateDecision(allowed, count, 0 if allowed else _retry(now, start, window_s))

    def peek(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        start = _window(now, window_s)
        with self._engine.connect() as conn:
            count = (
                conn.execute(
                    select(RateCounterRow.count).where(
                        RateCounterRow.bucket == bucket, RateCounterRow.window_start == start
                    )
                ).scalar_one_or_none()
                or 0
            )
        allowed = count < limit
        return RateDecision(allowed, int(count), 0 if allowed else _retry(now, start, window_s))

    def block(self, bucket: str, *, seconds: int, now: datetime) -> None:
        until = now + timedelta(seconds=seconds)
        stmt = self._insert(RateBlockRow).values(bucket=bucket, until=until)
        stmt = stmt.on_conflict_do_update(
            index_elements=[RateBlockRow.bucket], set_={"until": until}
        )
        with self._engine.begin() as conn:
            conn.execute(stmt)

    def blocked_for(self, bucket: str, *, now: datetime) -> int:
        with self._engine.connect() as conn:
            until = conn.execute(
                select(RateBlockRow.until).where(RateBlockRow.bucket == bucket)
            ).scalar_one_or_none()
        if until is None or until <= now:
            return 0
        return max(1, math.ceil((until - now).total_seconds()))

    def reset(self, bucket: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(RateCounterRow).where(RateCounterRow.bucket == bucket))
            conn.execute(delete(RateBlockRow).where(RateBlockRow.bucket == bucket))


class RedisRateLimiter:
    """The same contract on Redis, for many stateless web workers (INCR + EXPIRE per
    window; a block is a key with a TTL)."""

    def __init__(self, url: str, *, prefix: str = "jmo:rl:") -> None:
        import redis  # noqa: PLC0415 - only when Redis is configured

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix

    def _key(self, bucket: str, start: int | None = None) -> str:
        return f"{self._prefix}{bucket}" + (f":{start}" if start is not None else ":block")

    def hit(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        start = _window(now, window_s)
        key = self._key(bucket, start)
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_s + 5)
        pipe.sadd(self._key(bucket) + "s", key)
        pipe.expire(self._key(bucket) + "s", window_s + 5)
        count = int(pipe.execute()[0])
        allowed = count <= limit
        return RateDecision(allowed, count, 0 if allowed else _retry(now, start, window_s))

    def peek(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        start = _window(now, window_s)
        raw = self._redis.get(self._key(bucket, start))
        count = int(raw) if raw else 0
        allowed = count < limit
        return RateDecision(allowed, count, 0 if allowed else _retry(now, start, window_s))

    def block(self, bucket: str, *, seconds: int, now: datetime) -> None:
        # The value is the end of the block (epoch seconds), judged against the caller's
        # clock; the key's TTL only cleans up.
        until = int(now.timestamp()) + seconds
        self._redis.set(self._key(bucket), str(until), ex=max(1, seconds) + 60)

    def blocked_for(self, bucket: str, *, now: datetime) -> int:
        raw = self._redis.get(self._key(bucket))
        if not raw:
            return 0
        return max(0, int(raw) - int(now.timestamp()))

    def reset(self, bucket: str) -> None:
        windows = self._redis.smembers(self._key(bucket) + "s")
        keys = [self._key(bucket), self._key(bucket) + "s", *[w.decode() for w in windows]]  # type: ignore[union-attr]
        self._redis.delete(*keys)
