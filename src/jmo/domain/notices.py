"""Notices to participants (email, SMS). Written to an outbox in the same transaction as
the change they report; a worker sends them after commit, so none is lost or sent twice
(the idempotency key is unique).

A one-time secret (a password-reset or unlock link, a one-time code) is never written into
the stored subject or body: they hold a placeholder (``⟦link⟧``), the value is kept apart
(encrypted, with an expiry) and filled in only for the sender; after delivery it is
forgotten. A copy of the outbox table then holds nothing that opens an account."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jmo.domain.claims.model import CLAIM_NUMBER_PATTERN
from jmo.domain.requests.ids import REQUEST_ID_IN_TEXT


class NoticeChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


# Brackets no template, name or amount uses; the parameters a notice is composed from have
# them removed, so a value typed by someone can never pose as a placeholder.
_OPEN, _CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧
_PLACEHOLDER = re.compile(_OPEN + r"(\w+)" + _CLOSE)


# Template parameters that carry a one-time secret: passed as ``secrets``, never as
# ordinary parameters (queue_notice refuses them there).
SECRET_PARAMS = frozenset({"link", "code", "not_me"})


def secret_placeholder(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


def without_placeholder_marks(value: str) -> str:
    return value.replace(_OPEN, "").replace(_CLOSE, "")


def secret_names(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def fill_secrets(text: str, secrets: Mapping[str, str]) -> str:
    """The text with its placeholders replaced; a placeholder without a value (forgotten
    after delivery or expiry) stays as it is."""
    return _PLACEHOLDER.sub(lambda m: secrets.get(m.group(1), m.group(0)), text)


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
    # one-time secrets the text's placeholders stand for, until delivered or expired
    secrets: Mapping[str, str] = field(default_factory=dict)
    secrets_expire_at: datetime | None = None

    @property
    def needed_secrets(self) -> set[str]:
        return secret_names(self.subject) | secret_names(self.body)

    def can_be_sent(self, now: datetime) -> bool:
        """Every placeholder has its value, and the values have not expired (a stale link
        is not sent late)."""
        if not self.needed_secrets:
            return True
        fresh = self.secrets_expire_at is None or now < self.secrets_expire_at
        return fresh and self.needed_secrets <= set(self.secrets)

    def rendered(self) -> Notice:
        """The text as it leaves the system (for the sender and the dev outbox)."""
        return replace(
            self,
            subject=fill_secrets(self.subject, self.secrets),
            body=fill_secrets(self.body, self.secrets),
        )

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
# (Rp1.250.000.000), claim numbers (JHT-20261125-123ABC) and request ids
# (PD-2026-000123). They are left out of the
# check, which is meant for identifiers coming from a participant's record.
_SYSTEM_NUMBERS = (
    re.compile(r"https?://\S+"),
    re.compile(r"Rp-?\d{1,3}(?:\.\d{3})*"),
    CLAIM_NUMBER_PATTERN,
    REQUEST_ID_IN_TEXT,
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


@dataclass(frozen=True)
class SendReceipt:
    via: str  # "smtp", "sms-http", "dev-outbox"
    provider_message_id: str | None = None
    # The outbox is where the reader reads it (development): its one-time secrets stay
    # until they expire, instead of being forgotten on delivery.
    read_from_outbox: bool = False
