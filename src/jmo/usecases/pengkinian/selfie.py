"""Step 6: the face, matched against the participant's reference photo.

Two ways in: the camera burst with a random challenge (liveness: a live, three-dimensional
head doing what was asked, never a photo of a photo), and, where configuration allows it
(development, the demo, tests), a single uploaded still photo that can only show a match.

The face work runs outside any database transaction (it takes 0.1-0.6 s and must not hold
the write lock). Every attempt is logged with its scores and rule values; the selfie, the
frames and the descriptor are not kept.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, FaceMatch, LivenessChallenge
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts
from jmo.domain.pengkinian.steps import Step
from jmo.usecases.access import access_own_participant
from jmo.usecases.auditing import audit
from jmo.usecases.ports import FaceVerifier, FrameRegistry, Policy, ReferenceFace, UnitOfWork

PURPOSE = "pengkinian"


@dataclass(frozen=True)
class SelfieOutcome:
    attempt_id: uuid.UUID
    decision: Decision
    match: FaceMatch
    failures_left: int
    liveness: bool  # whether this attempt proved liveness (a camera burst)

    @property
    def passed(self) -> bool:
        return self.decision is Decision.PASS


def _window_counts(attempts: list[BiometricAttempt]) -> tuple[int, int]:
    failed = sum(1 for a in attempts if a.decision == Decision.FAIL.value)
    retries = sum(1 for a in attempts if a.decision in (Decision.RETRY.value, "error"))
    return failed, retries


def _check_limits(failed: int, retries: int, policy: Policy) -> None:
    # Three non-matches (or caught attacks) in 24 hours and the person is sent to a branch
    # office; unusable captures (dark, blurry) are counted apart, with a looser limit, so
    # honest people fixing their light are not locked out, while probing stays bounded.
    if failed >= policy.face_max_failed_attempts:
        raise TooManyAttempts("biometric.locked", hours=policy.face_attempt_window_hours)
    if retries >= policy.face_max_retries:
        raise TooManyAttempts("biometric.too_many_retries", hours=policy.face_attempt_window_hours)


def _prepare(uow: UnitOfWork, actor: Actor, policy: Policy, now: datetime) -> ReferenceFace:
    """Inside a unit of work: the step may be taken, a reference exists, limits hold."""
    participant = access_own_participant(uow, actor)
    draft = uow.drafts.open_for(participant.id)
    if draft is None:
        raise PermissionDenied("pengkinian.not_started")
    draft.require_reached(Step.BIOMETRIC)
    reference = uow.participants.reference_face(participant.id)
    if reference is None:
        # No bypass: without a reference photo the person is verified at a branch.
        raise PermissionDenied("biometric.no_reference")
    window_start = now - timedelta(hours=policy.face_attempt_window_hours)
    failed, retries = _window_counts(
        uow.biometric_attempts.for_participant(participant.id, window_start)
    )
    _check_limits(failed, retries, policy)
    return reference


def start_liveness(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    """Issue the random challenge the camera page shows while it records the burst. It
    replaces any earlier one and works once."""
    with uow:
        _prepare(uow, actor, policy, now)
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        assert draft is not None
        challenge = faces.new_challenge(rng, now=now)
        draft.liveness_challenge = challenge
        draft.updated_at = now
        uow.drafts.save(draft)
        audit(
            uow,
            actor,
            "biometric.challenge_issued",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            steps=[s.value for s in challenge.steps],
        )
        uow.commit()
        return challenge


def verify_selfie(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    image: bytes,
    *,
    policy: Policy,
    now: datetime,
) -> SelfieOutcome:
    """A single uploaded photo: a match, but no liveness. Allowed only where configured."""
    if not policy.face_still_photo_allowed:
        raise PermissionDenied("liveness.camera_required")
    with uow:
        reference = _prepare(uow, actor, policy, now)

    started = time.perf_counter()
    try:
        match = faces.verify(image, reference.descriptor)
    except DomainError as exc:  # unreadable upload: a clear code, logged like any attempt
        match = FaceMatch(Decision.RETRY, None, 0.0, 0.0, error_code=exc.code)
    elapsed = int((time.perf_counter() - started) * 1000)
    return _record(uow, actor, match, policy=policy, now=now, elapsed_ms=elapsed, liveness=False)


def verify_liveness_burst(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    frames: Sequence[bytes],
    *,
    nonce: str,
    frame_times_ms: Sequence[int] | None,
    frame_registry: FrameRegistry,
    policy: Policy,
    now: datetime,
) -> SelfieOutcome:
    """The camera burst recorded while the page showed the challenge (web or phone app)."""
    with uow:
        reference = _prepare(uow, actor, policy, now)
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        assert draft is not None
        challenge = draft.liveness_challenge
        if challenge is None:
            raise PermissionDenied("liveness.no_challenge")
        # Used up now, whatever the result: the same nonce never verifies twice.
        draft.liveness_challenge = None
        draft.updated_at = now
        uow.drafts.save(draft)
        uow.commit()

    seen: Callable[[Sequence[str]], bool] = frame_registry.seen_before
    started = time.perf_counter()
    match = faces.verify_burst(
        frames,
        reference.descriptor,
        challenge,
        nonce=nonce,
        now=now,
        frame_times_ms=frame_times_ms,
        seen_before=seen,
    )
    elapsed = int((time.perf_counter() - started) * 1000)
    return _record(uow, actor, match, policy=policy, now=now, elapsed_ms=elapsed, liveness=True)


def _record(
    uow: UnitOfWork,
    actor: Actor,
    match: FaceMatch,
    *,
    policy: Policy,
    now: datetime,
    elapsed_ms: int,
    liveness: bool,
) -> SelfieOutcome:
    window_start = now - timedelta(hours=policy.face_attempt_window_hours)
    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        failed, retries = _window_counts(
            uow.biometric_attempts.for_participant(participant.id, window_start)
        )
        _check_limits(failed, retries, policy)  # a parallel attempt may have used the last one
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
        attempt = BiometricAttempt(
            id=uuid.uuid4(),
            participant_id=participant.id,
            draft_id=draft.id,
            purpose=PURPOSE,
            decision=match.decision.value,
            distance=match.distance,
            error_code=match.error_code,
            checks=checks,
            model=match.model,
            duration_ms=match.duration_ms or elapsed_ms,
            client_ip=actor.client_ip,
            created_at=now,
        )
        uow.biometric_attempts.add(attempt)
        if match.decision is Decision.PASS:
            draft.record_biometric_pass(attempt.id, now)
            uow.drafts.save(draft)
        if match.decision is Decision.FAIL:
            failed += 1
        audit(
            uow,
            actor,
            "biometric.attempted",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            decision=match.decision.value,
            distance=round(match.distance, 4) if match.distance is not None else None,
            error_code=match.error_code,
            attempt_id=str(attempt.id),
            liveness=liveness,
        )
        uow.commit()
    return SelfieOutcome(
        attempt_id=attempt.id,
        decision=match.decision,
        match=match,
        failures_left=max(0, policy.face_max_failed_attempts - failed),
        liveness=liveness,
    )
