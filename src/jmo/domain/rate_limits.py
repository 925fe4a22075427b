"""What a rate limiter answers about a counted event (the limiter itself is a port)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after_s: int = 0
