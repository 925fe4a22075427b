"""Step 6: the face, matched against the participant's reference photo.

Two ways in: the camera burst with a random challenge (liveness: a live, three-dimensional
head doing what was asked, never a photo of a photo), and, where configuration allows it
(development, the demo, tests), a single uploaded still photo that can only show a match.

The face work runs outside any database transaction (it takes 0.1-0.6 s and must not hold
the write lock). Every attempt is logged with its scores and rule values for the officers;
the selfie, the frames and the descriptor are not kept. Every attempt counts toward the
limits (``jmo.domain.biometric_attempt``), and the participant gets the decision and the
advice, never a score: a check that answers with a distance, without limit, is an oracle
to tune a forged face against.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, FaceMatch, LivenessChallenge
from jmo.domain.biometric_attempt import (
    NOT_QUEUED,
    SUPERSEDED,
    BiometricAttempt,
    FaceAttemptTally,
)
from jmo.domain.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
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
    failures_left: int  # face checks left before the branch office (all results count)
    liveness: bool  # whether this attempt proved liveness (a camera burst)
    # Borderline while an earlier attempt still waits for an officer: not queued again.
    review_pending: bool = False

    @property
    def passed(self) -> bool:
        return self.decision is Decision.PASS

    @property
    def code(self) -> str:
        """What the participant is told (the decision and its advice, never a score)."""
        if self.review_pending:
            return "face.review_pending"
        return self.match.error_code or f"face.{self.decision.value}"


@dataclass(frozen=True)
class FaceStatus:
    """Step 6 before an attempt: how many tries are left, whether they are used up."""

    tries_left: int
    refusal: TooManyAttempts | None
    review_waiting: bool


def _tally(
    uow: UnitOfWork, participant_id: uuid.UUID, policy: Policy, now: datetime
) -> FaceAttemptTally:
    limits = policy.face_limits
    return FaceAttemptTally.of(
        uow.biometric_attempts.for_participant(participant_id, now - limits.window)
    )


def face_status(uow: UnitOfWork, actor: Actor, *, policy: Policy, now: datetime) -> FaceStatus:
    with uow:
        participant = access_own_participant(uow, actor)
        tally = _tally(uow, participant.id, policy, now)
    return FaceStatus(
        tries_left=tally.tries_left(policy.face_limits),
        refusal=tally.refusal(policy.face_limits),
        review_waiting=tally.review_waiting,
    )


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
    _tally(uow, participant.id, policy, now).check(policy.face_limits)
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


def burst_frame_times(raw: str) -> list[int] | None:
    """The ``frame_times_ms`` field as the page and the API both receive it: milliseconds
    of each frame, comma-separated. One value that is not a whole non-negative number drops
    the whole list (the engine then judges the frames without times) rather than leave a
    shorter list that no longer lines up with the frames."""
    parts = [part.strip() for part in raw.split(",")] if raw.strip() else []
    if not parts or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def check_burst_frames(count: int, policy: Policy) -> None:
    """More frames than the wire format allows (docs/biometrics.md): refused before any is
    read, on both edges."""
    if count > policy.burst_max_frames:
        raise ValidationFailed.single("frames", "liveness.bad_burst")


def check_burst_data(frames: Sequence[bytes]) -> None:
    """An empty frame is no picture: refused like a malformed burst (the API's schema says
    each frame has at least one byte), before the nonce or the face is looked at."""
    if any(not frame for frame in frames):
        raise ValidationFailed.single("frames", "liveness.bad_burst")


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
    def record() -> SelfieOutcome:
        with uow:
            participant = access_own_participant(uow, actor)
            draft = uow.drafts.open_for(participant.id)
            if draft is None:
                raise PermissionDenied("pengkinian.not_started")
            tally = _tally(uow, participant.id, policy, now)
            tally.check(policy.face_limits)  # a parallel attempt may have used the last one
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
            # At most one borderline attempt per person waits in the officers' queue.
            review_pending = (
                match.decision is Decision.REVIEW
                and uow.biometric_attempts.open_review_for(participant.id) is not None
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
                reviewed_at=now if review_pending else None,
                review_decision=NOT_QUEUED if review_pending else None,
            )
            if match.decision is Decision.PASS:
                # An officer need not look at an older borderline photo any more.
                uow.biometric_attempts.close_open_reviews(
                    participant.id, at=now, decision=SUPERSEDED
                )
            uow.biometric_attempts.add(attempt)
            if match.decision is Decision.PASS:
                draft.record_biometric_pass(attempt.id, now)
                uow.drafts.save(draft)
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
                queued_for_review=match.decision is Decision.REVIEW and not review_pending,
            )
            uow.commit()
        return SelfieOutcome(
            attempt_id=attempt.id,
            decision=match.decision,
            match=match,
            failures_left=tally.plus(match.decision.value).tries_left(policy.face_limits),
            liveness=liveness,
            review_pending=review_pending,
        )

    try:
        return record()
    except Conflict:
        if match.decision is not Decision.REVIEW:
            raise
        # A parallel borderline attempt of the same person took the one review place
        # (unique index): record this one again, now seeing that review waiting.
        return record()
