"""One biometric attempt: the scores, rule values, decision and time, for the attempt log
an officer reads (not only "failed"), and for the limit on failed attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class BiometricAttempt:
    id: UUID
    participant_id: UUID
    purpose: str  # "pengkinian"
    decision: str  # Decision value, or "error"
    created_at: datetime
    draft_id: UUID | None = None
    distance: float | None = None
    error_code: str | None = None
    checks: list[dict[str, Any]] = field(default_factory=list)
    model: str = ""
    duration_ms: int = 0
    client_ip: str | None = None
    # A borderline ("review") attempt decided by an officer.
    reviewed_by: UUID | None = None
    reviewed_at: datetime | None = None
    review_decision: str | None = None  # "approved" | "rejected"
    review_note: str | None = None
