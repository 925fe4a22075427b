"""Rate limits shared by every worker."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from jmo.domain.rate_limits import RateDecision


class RateLimiter(Protocol):
    """Counters in fixed windows, and blocks with an expiry, shared by every worker
    (database or Redis). Used outside any unit of work: a failed login must still count."""

    def hit(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        """Count one event; ``allowed`` is False once the window holds more than ``limit``."""

    def peek(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        """The window's state without counting."""

    def block(self, bucket: str, *, seconds: int, now: datetime) -> None: ...
    def blocked_for(self, bucket: str, *, now: datetime) -> int:
        """Seconds left of a block, 0 when not blocked."""

    def reset(self, bucket: str) -> None:
        """Forget the counters and the block of a bucket (unlock by email, password reset)."""
