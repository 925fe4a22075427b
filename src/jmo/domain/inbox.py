"""The in-app inbox (Kotak Masuk): messages the app leaves for a participant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class InboxMessage:
    id: UUID
    participant_id: UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None
