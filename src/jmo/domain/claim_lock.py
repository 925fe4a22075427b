"""The claim lock the participant owns (issue 12): switched on at once; switched off only
by a face check with liveness, and then only after a waiting period (12 hours by
default), so whoever takes the phone or the password cannot file and cash a claim
before the owner notices. Switching it on again during the wait cancels the release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.biometric import LivenessChallenge


@dataclass
class ClaimLock:
    participant_id: UUID
    locked_at: datetime | None = None  # None: never locked, or released
    unlock_after: datetime | None = None  # a face check passed: off from then on
    challenge: LivenessChallenge | None = None  # for the face check's camera burst

    def in_force(self, now: datetime) -> bool:
        return self.locked_at is not None and (self.unlock_after is None or now < self.unlock_after)

    def lock(self, now: datetime) -> None:
        self.locked_at = now
        self.unlock_after = None
