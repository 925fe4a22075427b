"""Notices to participants (email, SMS). Written to an outbox in the same transaction as
the change they report; a worker sends them after commit, so none is lost or sent twice
(the idempotency key is unique)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jmo.domain.claims.model import CLAIM_NUMBER_PATTERN


class NoticeChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True)
class Notice:
    id: UUID
    channel: NoticeChannel
    recipient: str
    kind: str  # "pengkinian.applied", ...
    subject: str
    body: str
    idempotency_key: str
    created_at: datetime
    participant_id: UUID | None = None
    sent_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None  # None: due at created_at
    failed_at: datetime | None = None  # gave up (permanent error or attempts exhausted)
    delivered_via: str | None = None  # "smtp", "sms-http", "dev-outbox"
    provider_message_id: str | None = None

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "retrying" if self.attempts else "pending"


# Ten or more digits in a row (spaces, dots and dashes between them allowed) look like a
# NIK, KK, NPWP or bank account number. Notices go through mail servers and phone
# operators we do not control, so their bodies never carry such values (UU 27/2022).
_LONG_NUMBER = re.compile(r"\d(?:[ .\-]?\d){9,}")
# Numbers the system writes itself and that only look long: links built from random
# one-time tokens (base64url: digits and dashes may line up by chance), rupiah amounts
# (Rp1.250.000.000) and claim numbers (JHT-20261125-123ABC). They are left out of the
# check, which is meant for identifiers coming from a participant's record.
_SYSTEM_NUMBERS = (
    re.compile(r"https?://\S+"),
    re.compile(r"Rp-?\d{1,3}(?:\.\d{3})*"),
    CLAIM_NUMBER_PATTERN,
)


def carries_sensitive_number(text: str) -> bool:
    for pattern in _SYSTEM_NUMBERS:
        text = pattern.sub(" ", text)
    return _LONG_NUMBER.search(text) is not None


@dataclass(frozen=True)
class RetryPolicy:
    """When to try a failed delivery again: exponential backoff, then give up."""

    max_attempts: int = 8
    base: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=6)

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """After ``attempts`` failed tries: the time of the next one, or None to give up."""
        if attempts >= self.max_attempts:
            return None
        delay: timedelta = min(self.base * (2 ** max(0, attempts - 1)), self.cap)
        return now + delay
