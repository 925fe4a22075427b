"""One biometric attempt: the scores, rule values, decision and time, for the attempt log
an officer reads (not only "failed"), and the rule that counts attempts toward the limits.

Every attempt counts (issue 8 item 2: a check that answers without limit is a scoring
oracle). Per person, within ``window``:

* ``max_compared``: attempts whose face was compared with the reference photo, whatever the
  result: pass, review (borderline) or fail (another face, a caught attack). Reaching it
  sends the person to a branch office until the window has passed;
* ``max_unusable``: captures too poor to compare (retry: dark, blurred, no face; "error"
  when the engine was busy), counted apart and more loosely, so an honest person fixing
  the light is not locked out, while the engine's work stays bounded. They tell nothing
  about the face.

The participant is told the decision, the advice and the tries left, never the distance or
a rule value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from jmo.domain.biometric import Decision
from jmo.domain.errors import TooManyAttempts

COMPARED = frozenset({Decision.PASS.value, Decision.REVIEW.value, Decision.FAIL.value})
UNUSABLE = frozenset({Decision.RETRY.value, "error"})

# The officer's queue: a borderline attempt waits while ``review_decision`` is None. One
# waits per person at most; these two values close an attempt without an officer.
NOT_QUEUED = "not_queued"  # borderline while another of the person's attempts waited
SUPERSEDED = "superseded"  # the person passed a later attempt before an officer decided
CLOSED_WITHOUT_OFFICER = frozenset({NOT_QUEUED, SUPERSEDED})


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
    # A borderline ("review") attempt decided by an officer, or closed without one.
    reviewed_by: UUID | None = None
    reviewed_at: datetime | None = None
    review_decision: str | None = None  # "approved" | "rejected" | NOT_QUEUED | SUPERSEDED
    review_note: str | None = None

    @property
    def waits_for_officer(self) -> bool:
        return self.decision == Decision.REVIEW.value and self.review_decision is None

    def as_participant_sees_it(self) -> dict[str, Any]:
        """What the person is shown of their own attempt (the data export too): when,
        the decision, the reason and which capture rules failed; no distance, no value."""
        return {
            "at": self.created_at,
            "decision": self.decision,
            "error_code": self.error_code,
            "failed_rules": sorted(
                {str(c["code"]) for c in self.checks if not c.get("passed") and c.get("code")}
            ),
            "model": self.model,
        }

    @property
    def review_pending_elsewhere(self) -> bool:
        """Borderline, not queued because an earlier attempt was already waiting."""
        return self.decision == Decision.REVIEW.value and self.review_decision == NOT_QUEUED


@dataclass(frozen=True)
class FaceAttemptLimits:
    max_compared: int
    max_unusable: int
    window: timedelta


@dataclass(frozen=True)
class FaceAttemptTally:
    """The attempts of one person inside the window, counted by the rule above."""

    compared: int = 0
    unusable: int = 0
    review_waiting: bool = False

    @classmethod
    def of(cls, attempts: Iterable[BiometricAttempt]) -> FaceAttemptTally:
        tally = cls()
        for attempt in attempts:
            tally = tally.plus(attempt.decision)
            if attempt.waits_for_officer:
                tally = FaceAttemptTally(tally.compared, tally.unusable, review_waiting=True)
        return tally

    def plus(self, decision: str) -> FaceAttemptTally:
        return FaceAttemptTally(
            compared=self.compared + (decision in COMPARED),
            unusable=self.unusable + (decision in UNUSABLE),
            review_waiting=self.review_waiting,
        )

    def tries_left(self, limits: FaceAttemptLimits) -> int:
        """Face checks left before the branch office (what the person is told)."""
        return max(0, limits.max_compared - self.compared)

    def refusal(self, limits: FaceAttemptLimits) -> TooManyAttempts | None:
        """The error to answer a new attempt with, or None while one is allowed."""
        hours = int(limits.window.total_seconds() // 3600)
        if self.tries_left(limits) == 0:
            # Sent to a branch office; with a borderline photo still waiting, also told
            # that the officer's answer will come by email.
            code = "biometric.locked_review_open" if self.review_waiting else "biometric.locked"
            return TooManyAttempts(code, hours=hours)
        if self.unusable >= limits.max_unusable:
            return TooManyAttempts("biometric.too_many_retries", hours=hours)
        return None

    def check(self, limits: FaceAttemptLimits) -> None:
        refused = self.refusal(limits)
        if refused is not None:
            raise refused
