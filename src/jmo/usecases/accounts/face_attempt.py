"""A face check outside the data update ("Lupa akun", releasing the claim lock): the same
engine, limits and attempt log as step 6, without the officers' review queue (a
borderline face goes to a branch office instead)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime

from jmo.domain.biometric import Decision, FaceMatch
from jmo.domain.biometric_attempt import NOT_QUEUED, BiometricAttempt, FaceAttemptTally
from jmo.usecases.ports import Policy, UnitOfWork


def tally(
    uow: UnitOfWork, participant_id: uuid.UUID, policy: Policy, now: datetime
) -> FaceAttemptTally:
    return FaceAttemptTally.of(
        uow.biometric_attempts.for_participant(participant_id, now - policy.face_limits.window)
    )


def attempt_of(
    match: FaceMatch,
    *,
    participant_id: uuid.UUID,
    purpose: str,
    client_ip: str | None,
    liveness: bool,
    now: datetime,
) -> BiometricAttempt:
    checks = [asdict(c) for c in match.checks]
    checks.append(
        {
            "rule": "liveness",
            "passed": liveness,
            "value": None,
            "threshold": "camera burst with challenge",
            "code": None,
            "detail": "burst" if liveness else "still_photo",
        }
    )
    review = match.decision is Decision.REVIEW
    return BiometricAttempt(
        id=uuid.uuid4(),
        participant_id=participant_id,
        purpose=purpose,
        decision=match.decision.value,
        created_at=now,
        distance=match.distance,
        error_code=match.error_code,
        checks=checks,
        model=match.model,
        duration_ms=match.duration_ms,
        client_ip=client_ip,
        reviewed_at=now if review else None,
        review_decision=NOT_QUEUED if review else None,
    )


def tries_left_after(before: FaceAttemptTally, match: FaceMatch, policy: Policy) -> int:
    if match.decision is Decision.REVIEW:
        return 0  # borderline: decided at the branch
    return before.plus(match.decision.value).tries_left(policy.face_limits)


def outcome_code(match: FaceMatch) -> str:
    return match.error_code or f"face.{match.decision.value}"
