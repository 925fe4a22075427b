"""Failure budgets and growing locks: one policy for every place a password is guessed.

A *scope* is what failures are counted against: an email from an unknown client, one
known device of that email (``device_tokens``), or the "change password" form of one
account. Each scope gets ``login_max_failures`` wrong passwords within
``login_window_minutes``; then it is locked for ``login_lock_minutes``, doubling with each
repeat lock within a day (15, 30, 60 ... minutes, at most 24 h). Counters live in the
``RateLimiter`` (database or Redis), outside any unit of work, so a failure counts even
when the request's transaction rolls back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.services import Policy

MAX_LOCK_MINUTES = 24 * 60
_REPEAT_WINDOW_S = 24 * 3600


def email_key(email: str) -> str:
    """Rate-limit buckets name an email by its hash: no address in Redis or the limits table."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Scope:
    """The buckets of one scope (names kept short: the limits table allows 120 chars)."""

    failures: str
    lock: str
    locks: str

    @classmethod
    def email(cls, key: str) -> Scope:
        # The names from before known devices existed, so locks survive an upgrade.
        return cls(f"login:email:{key}", f"login:lock:{key}", f"login:locks:{key}")

    @classmethod
    def device(cls, device_id: str) -> Scope:
        return cls(
            f"login:dev:{device_id}", f"login:devlock:{device_id}", f"login:devlocks:{device_id}"
        )

    @classmethod
    def password_change(cls, account_id: object) -> Scope:
        return cls(
            f"pwchange:{account_id}", f"pwchange:lock:{account_id}", f"pwchange:locks:{account_id}"
        )


@dataclass(frozen=True)
class Failure:
    count: int
    locked_minutes: int  # 0: not locked by this failure


def minutes_left(limiter: RateLimiter, scope: Scope, now: datetime) -> int:
    """Whole minutes (rounded up) until the scope's lock ends; 0 when not locked."""
    seconds = limiter.blocked_for(scope.lock, now=now)
    return -(-seconds // 60) if seconds else 0


def record_failure(limiter: RateLimiter, scope: Scope, policy: Policy, now: datetime) -> Failure:
    """Count one wrong password; lock the scope when its budget is spent."""
    failures = limiter.hit(
        scope.failures,
        limit=policy.login_max_failures,
        window_s=policy.login_window_minutes * 60,
        now=now,
    )
    if failures.count < policy.login_max_failures:
        return Failure(failures.count, 0)
    locks = limiter.hit(scope.locks, limit=1_000, window_s=_REPEAT_WINDOW_S, now=now)
    minutes = min(policy.login_lock_minutes * 2 ** (locks.count - 1), MAX_LOCK_MINUTES)
    limiter.block(scope.lock, seconds=minutes * 60, now=now)
    limiter.reset(scope.failures)
    return Failure(failures.count, minutes)


def record_success(limiter: RateLimiter, scope: Scope) -> None:
    limiter.reset(scope.failures)


def clear(limiter: RateLimiter, scope: Scope) -> None:
    """Forget failures, the lock and the repeat count (the unlock link, a new password)."""
    for bucket in (scope.lock, scope.failures, scope.locks):
        limiter.reset(bucket)
