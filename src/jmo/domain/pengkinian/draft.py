"""The server-side draft of one data update.

The draft keeps the valid values entered at each step (an invalid entry stays on the page
that showed its message, never in the draft), the furthest step reached, the identity confirmation and the biometric pass.
Leaving and logging in again resumes at the same step with the entries kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import PermissionDenied
from jmo.domain.pengkinian.steps import Step
from jmo.domain.pengkinian.verification import ContactCheck

# A biometric pass proves presence now, not forever: the data must be submitted within
# this time of the selfie, or the selfie is taken again.
BIOMETRIC_PASS_VALID_FOR = timedelta(hours=2)


class DraftStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    ABANDONED = "abandoned"


@dataclass
class PengkinianDraft:
    id: UUID
    participant_id: UUID
    base_version: int  # the participant's version when this draft was started
    reached: Step = Step.IDENTITY  # the furthest step the person may open
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # step -> valid input
    completed: set[str] = field(default_factory=set)  # steps whose entries validated
    identity_confirmed_at: datetime | None = None
    biometric_attempt_id: UUID | None = None
    biometric_passed_at: datetime | None = None
    status: DraftStatus = DraftStatus.OPEN
    change_request_id: UUID | None = None
    # One-time-code checks of a new phone or email typed at step 7 (channel -> check).
    verifications: dict[str, ContactCheck] = field(default_factory=dict)
    # One-time codes sent for this draft, every channel and target (the per-draft limit).
    codes_sent: int = 0
    # The liveness challenge issued for step 6 and not used yet (single use).
    liveness_challenge: LivenessChallenge | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status is DraftStatus.OPEN

    def require_open(self) -> None:
        if not self.is_open:
            raise PermissionDenied("pengkinian.already_submitted")

    def require_reached(self, step: Step) -> None:
        """A step can be opened only once every step before it is done (no skipping the
        selfie through a direct link or an API call)."""
        if not step <= self.reached:
            raise PermissionDenied("pengkinian.step_locked", step=step.value)

    def keep_entries(self, step: Step, raw: dict[str, str], at: datetime) -> None:
        self.entries[step.value] = dict(raw)
        self.updated_at = at

    def mark_done(self, step: Step, at: datetime) -> None:
        self.completed.add(step.value)
        if step is self.reached:
            self.reached = step.next
        self.updated_at = at

    def confirm_identity(self, at: datetime) -> None:
        self.require_open()
        self.identity_confirmed_at = at
        self.mark_done(Step.IDENTITY, at)

    def record_biometric_pass(self, attempt_id: UUID, at: datetime) -> None:
        self.require_open()
        self.require_reached(Step.BIOMETRIC)
        self.biometric_attempt_id = attempt_id
        self.biometric_passed_at = at
        self.mark_done(Step.BIOMETRIC, at)

    def biometric_still_valid(self, now: datetime) -> bool:
        return (
            self.biometric_passed_at is not None
            and now - self.biometric_passed_at <= BIOMETRIC_PASS_VALID_FOR
        )

    def shows_sensitive_values(self, now: datetime) -> bool:
        """NIK, bank account, mother's name... in full only while this draft's selfie pass
        holds (issue 8 item 12; the masks: ``jmo.domain.pengkinian.disclosure``)."""
        return self.is_open and self.biometric_still_valid(now)

    def resume_step(self, now: datetime) -> Step:
        """Where the person goes on: back to the selfie once its pass has expired (the
        later steps show the values it protects), else the furthest step reached."""
        if self.reached > Step.BIOMETRIC and not self.biometric_still_valid(now):
            return Step.BIOMETRIC
        return self.reached

    def require_biometric(self, now: datetime) -> None:
        if not self.biometric_still_valid(now):
            # Sends the person back to step 6; the entries of steps 7-9 stay.
            self.reached = min(self.reached, Step.BIOMETRIC)
            self.completed.discard(Step.BIOMETRIC.value)
            raise PermissionDenied("pengkinian.biometric_expired")

    def mark_submitted(self, change_request_id: UUID, at: datetime) -> None:
        self.status = DraftStatus.SUBMITTED
        self.change_request_id = change_request_id
        self.reached = Step.DONE
        self.updated_at = at
