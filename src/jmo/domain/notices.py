"""Notices to participants (email, SMS). Written to an outbox in the same transaction as
the change they report; a worker sends them after commit, so none is lost or sent twice
(the idempotency key is unique)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


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
