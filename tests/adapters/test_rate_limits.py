"""The rate-limiter contract, on the database and on Redis."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from jmo.adapters.rate_limits import RedisRateLimiter, SqlRateLimiter
from jmo.usecases.ports.rate_limits import RateLimiter
from tests.conftest import START, unavailable

REDIS_URL = os.environ.get("JMO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["database", "redis"])
def limiter(request: pytest.FixtureRequest, db: Engine) -> Iterator[RateLimiter]:
    if request.param == "database":
        yield SqlRateLimiter(db)
        return
    redis_limiter = RedisRateLimiter(REDIS_URL, prefix=f"test:{secrets.token_hex(4)}:")
    try:
        redis_limiter.peek("ping", limit=1, window_s=1, now=START)
    except Exception as exc:
        unavailable(f"Redis not reachable at {REDIS_URL}: {exc}")
    yield redis_limiter


def test_counts_within_a_window_and_starts_again_in_the_next(limiter: RateLimiter) -> None:
    for expected in (1, 2, 3):
        decision = limiter.hit("b", limit=3, window_s=60, now=START)
        assert decision.allowed and decision.count == expected
    over = limiter.hit("b", limit=3, window_s=60, now=START)
    assert not over.allowed and over.count == 4 and 0 < over.retry_after_s <= 60
    assert not limiter.peek("b", limit=3, window_s=60, now=START).allowed
    later = START + timedelta(seconds=61)
    assert limiter.hit("b", limit=3, window_s=60, now=later).count == 1
    assert limiter.hit("other", limit=3, window_s=60, now=START).count == 1


def test_blocks_expire_and_reset_clears_everything(limiter: RateLimiter) -> None:
    limiter.block("lock", seconds=900, now=START)
    assert limiter.blocked_for("lock", now=START) == 900
    assert limiter.blocked_for("lock", now=START + timedelta(minutes=10)) == 300
    assert limiter.blocked_for("lock", now=START + timedelta(minutes=16)) == 0
    limiter.hit("lock", limit=1, window_s=60, now=START)
    limiter.reset("lock")
    assert limiter.blocked_for("lock", now=START) == 0
    assert limiter.peek("lock", limit=1, window_s=60, now=START).count == 0
