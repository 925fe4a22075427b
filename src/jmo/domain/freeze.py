"""A freeze ("Bukan saya"): data changes and claim payouts stopped on a person's records
until an officer lifts it after the person's face check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.biometric import LivenessChallenge


@dataclass(frozen=True)
class Freeze:
    """Data changes and claim payouts stopped on a person's records ("Bukan saya")."""

    id: UUID
    participant_id: UUID
    source: str  # the notice kind the link came in, or "inbox"
    channel: str  # "email_link" | "app"
    frozen_at: datetime
    lifted_at: datetime | None = None
    lifted_by: UUID | None = None
    lift_note: str | None = None
    # Lifting needs the person's face check with liveness after the freeze, then an
    # officer (docs/decisions/freeze-lift-needs-face.md).
    challenge: LivenessChallenge | None = None
    face_passed_at: datetime | None = None
