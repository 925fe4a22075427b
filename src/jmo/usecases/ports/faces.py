"""The face check: the engine, the replay registry of burst frames, and the attempts."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.biometric import FaceEnrollment, FaceMatch, LivenessChallenge
from jmo.domain.biometric_attempt import BiometricAttempt


class BiometricAttemptRepository(Protocol):
    def add(self, attempt: BiometricAttempt) -> None: ...
    def get(self, attempt_id: UUID) -> BiometricAttempt | None: ...
    def for_participant(self, participant_id: UUID, since: datetime) -> list[BiometricAttempt]: ...
    def record_review(
        self, attempt_id: UUID, *, by: UUID, at: datetime, decision: str, note: str
    ) -> bool: ...
    def open_review_for(self, participant_id: UUID) -> BiometricAttempt | None:
        """The person's borderline attempt waiting for an officer (one at most)."""

    def open_reviews(self, limit: int) -> list[BiometricAttempt]: ...
    def close_open_reviews(self, participant_id: UUID, *, at: datetime, decision: str) -> int:
        """Close the waiting review without an officer (``SUPERSEDED``); how many closed."""


class FaceVerifier(Protocol):
    """The biometric engine as the use cases see it (``jmo.biometrics``)."""

    def enroll(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment: ...
    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch: ...
    def new_challenge(self, rng: random.Random, *, now: datetime) -> LivenessChallenge: ...
    def verify_burst(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: Callable[[Sequence[str]], bool] | None = None,
    ) -> FaceMatch: ...


class FrameRegistry(Protocol):
    """Digests of every burst frame ever received: a frame seen before is a replay."""

    def seen_before(self, digests: Sequence[str]) -> bool:
        """True if any digest was seen before; records them all otherwise."""
