"""The one face check with liveness against the reference photo (issue 12), for every place
that asks for one: the data update's step 6, "Lupa akun", switching the claim lock off and
lifting a "Bukan saya" freeze. Each place is a ``FaceCheckSubject``: where its challenge is
kept, when the check may be taken, and what a result does there. The rest is here, once:

* the random challenge, single use, taken before the engine runs;
* the limits (``jmo.domain.biometric_attempt``): checked before the challenge, before the
  engine and again when recording (a parallel attempt may have used the last try);
* the engine's work outside any database transaction (0.1-0.6 s, never under the write lock);
* the attempt log with its scores and rule values for the officers (never the selfie, the
  frames or the descriptor);
* what the person is told: the decision, the advice and the tries left, never a score.

Only the data update sends a borderline face to the officers' queue (``queues_review``);
elsewhere a borderline face is decided at a branch office, so it leaves no try.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, FaceMatch, LivenessChallenge, ReferenceFace
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
from jmo.usecases.access import access_own_participant
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy


@dataclass(frozen=True)
class FaceTarget:
    """Whose face is checked, against which photo (and the draft, on step 6)."""

    participant_id: uuid.UUID
    reference: ReferenceFace
    draft_id: uuid.UUID | None = None


def reference_target(
    uow: UnitOfWork, participant_id: uuid.UUID, draft_id: uuid.UUID | None = None
) -> FaceTarget:
    """Against the reference photo on file. Without one there is no bypass: the person is
    checked at a branch office."""
    reference = uow.participants.reference_face(participant_id)
    if reference is None:
        raise PermissionDenied("biometric.no_reference")
    return FaceTarget(participant_id, reference, draft_id)


@dataclass(frozen=True)
class FaceRecorded:
    """One attempt as it is recorded, for the place to act on."""

    target: FaceTarget
    attempt: BiometricAttempt
    match: FaceMatch
    liveness: bool  # a camera burst with its challenge

    @property
    def passed(self) -> bool:
        return self.match.decision is Decision.PASS

    def audited(self) -> dict[str, Any]:  # Any: spread into ``audit``'s details
        """What every place's audit entry of a result says."""
        return {
            "decision": self.match.decision.value,
            "liveness": self.liveness,
            "attempt_id": str(self.attempt.id),
        }


class FaceCheckSubject(Protocol):
    """One place that asks for a face check. The method names are the face check's own:
    the API's error-code walk follows a call on an untyped value into every method of that
    name (``jmo.api.contract.error_codes``), so ``target`` would have drawn these codes
    into unrelated operations."""

    @property
    def purpose(self) -> str:
        """The attempt log's purpose: "pengkinian", "claim_unlock", ..."""
        ...

    @property
    def queues_review(self) -> bool:
        """A borderline face waits for an officer (step 6 only)."""
        ...

    @property
    def client_ip(self) -> str | None: ...

    def face_target(self, uow: UnitOfWork, now: datetime) -> FaceTarget:
        """Inside a unit of work: the check may be taken now (raise otherwise)."""
        ...

    def swap_face_challenge(
        self, uow: UnitOfWork, new: LivenessChallenge | None, now: datetime
    ) -> LivenessChallenge | None:
        """Keep ``new`` as the challenge in force; answer the one it replaces."""
        ...

    def face_recorded(self, uow: UnitOfWork, recorded: FaceRecorded, now: datetime) -> None:
        """Inside the recording transaction: what the result does here, and its audit."""
        ...


@dataclass(frozen=True)
class FaceStatus:
    """Before an attempt: how many tries are left, whether they are used up."""

    tries_left: int
    refusal: TooManyAttempts | None
    review_waiting: bool


@dataclass(frozen=True)
class FaceCheckResult:
    attempt_id: uuid.UUID
    decision: Decision
    match: FaceMatch
    tries_left: int  # face checks left before the branch office (all results count)
    liveness: bool  # whether this attempt proved liveness (a camera burst)
    # Borderline while an earlier attempt still waits for an officer: not queued again.
    review_pending: bool
    passed: bool
    # What the participant is told (the decision and its advice, never a score).
    code: str
    # No pass possible in the app any more: the branch office is the way forward.
    to_branch: bool


def _result(
    attempt_id: uuid.UUID, match: FaceMatch, tries_left: int, liveness: bool, pending: bool
) -> FaceCheckResult:
    passed = match.decision is Decision.PASS
    told = match.error_code or f"face.{match.decision.value}"
    code = "face.review_pending" if pending else told
    return FaceCheckResult(
        attempt_id=attempt_id,
        decision=match.decision,
        match=match,
        tries_left=tries_left,
        liveness=liveness,
        review_pending=pending,
        passed=passed,
        code=code,
        to_branch=not passed and tries_left == 0,
    )


def burst_frame_times(raw: str) -> list[int] | None:
    """The ``frame_times_ms`` field as the pages and the API all receive it: milliseconds
    of each frame, comma-separated. One value that is not a whole non-negative number drops
    the whole list (the engine then judges the frames without times) rather than leave a
    shorter list that no longer lines up with the frames."""
    parts = [part.strip() for part in raw.split(",")] if raw.strip() else []
    if not parts or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def check_burst_frames(count: int, policy: Policy) -> None:
    """More frames than the wire format allows (docs/biometrics.md): refused before any is
    read, on every edge."""
    if count > policy.burst_max_frames:
        raise ValidationFailed.single("frames", "liveness.bad_burst")


def check_burst_data(frames: Sequence[bytes]) -> None:
    """An empty frame is no picture: refused like a malformed burst (the API's schema says
    each frame has at least one byte), before the nonce or the face is looked at."""
    if any(not frame for frame in frames):
        raise ValidationFailed.single("frames", "liveness.bad_burst")


def tally(
    uow: UnitOfWork, participant_id: uuid.UUID, policy: Policy, now: datetime
) -> FaceAttemptTally:
    return FaceAttemptTally.of(
        uow.biometric_attempts.for_participant(participant_id, now - policy.face_limits.window)
    )


def status_of(
    uow: UnitOfWork, participant_id: uuid.UUID, policy: Policy, now: datetime
) -> FaceStatus:
    """Inside a unit of work: the tries left for the person (what every page shows)."""
    counted = tally(uow, participant_id, policy, now)
    return FaceStatus(
        tries_left=counted.tries_left(policy.face_limits),
        refusal=counted.refusal(policy.face_limits),
        review_waiting=counted.review_waiting,
    )


def face_status(uow: UnitOfWork, actor: Actor, *, policy: Policy, now: datetime) -> FaceStatus:
    """The logged-in person's tries left (every face check counts toward the same limits)."""
    with uow:
        participant = access_own_participant(uow, actor)
        return status_of(uow, participant.id, policy, now)


def _open(uow: UnitOfWork, subject: FaceCheckSubject, policy: Policy, now: datetime) -> FaceTarget:
    target = subject.face_target(uow, now)
    tally(uow, target.participant_id, policy, now).check(policy.face_limits)
    return target


def issue_challenge(
    uow: UnitOfWork,
    subject: FaceCheckSubject,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    """The random challenge the camera page shows while it records the burst. It replaces
    any earlier one and works once."""
    with uow:
        _open(uow, subject, policy, now)
        challenge = faces.new_challenge(rng, now=now)
        subject.swap_face_challenge(uow, challenge, now)
        uow.commit()
        return challenge


def check_burst(
    uow: UnitOfWork,
    subject: FaceCheckSubject,
    faces: FaceVerifier,
    frames: Sequence[bytes],
    *,
    nonce: str,
    frame_times_ms: Sequence[int] | None,
    frame_registry: FrameRegistry,
    policy: Policy,
    now: datetime,
) -> FaceCheckResult:
    """The camera burst recorded while the page showed the challenge (web or phone app)."""
    with uow:
        target = _open(uow, subject, policy, now)
        # Used up now, whatever the result: the same nonce never verifies twice.
        challenge = subject.swap_face_challenge(uow, None, now)
        if challenge is None:
            raise PermissionDenied("liveness.no_challenge")
        uow.commit()
    seen: Callable[[Sequence[str]], bool] = frame_registry.seen_before
    started = time.perf_counter()
    match = faces.verify_burst(
        frames,
        target.reference.descriptor,
        challenge,
        nonce=nonce,
        now=now,
        frame_times_ms=frame_times_ms,
        seen_before=seen,
    )
    elapsed = int((time.perf_counter() - started) * 1000)
    return _record(uow, subject, match, policy=policy, now=now, elapsed_ms=elapsed, liveness=True)


def check_still(
    uow: UnitOfWork,
    subject: FaceCheckSubject,
    faces: FaceVerifier,
    image: bytes,
    *,
    policy: Policy,
    now: datetime,
) -> FaceCheckResult:
    """A single uploaded photo: a match, but no liveness. Allowed only where configured
    (development, the demo, tests)."""
    if not policy.face_still_photo_allowed:
        raise PermissionDenied("liveness.camera_required")
    with uow:
        target = _open(uow, subject, policy, now)
    started = time.perf_counter()
    try:
        match = faces.verify(image, target.reference.descriptor)
    except DomainError as exc:  # unreadable upload: a clear code, logged like any attempt
        match = FaceMatch(Decision.RETRY, None, 0.0, 0.0, error_code=exc.code)
    elapsed = int((time.perf_counter() - started) * 1000)
    return _record(uow, subject, match, policy=policy, now=now, elapsed_ms=elapsed, liveness=False)


def _checks(match: FaceMatch, liveness: bool) -> list[dict[str, object]]:
    checks: list[dict[str, object]] = [asdict(c) for c in match.checks]
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
    return checks


def _record(
    uow: UnitOfWork,
    subject: FaceCheckSubject,
    match: FaceMatch,
    *,
    policy: Policy,
    now: datetime,
    elapsed_ms: int,
    liveness: bool,
) -> FaceCheckResult:
    review = match.decision is Decision.REVIEW

    def record() -> FaceCheckResult:
        with uow:
            target = subject.face_target(uow, now)
            pid = target.participant_id
            before = tally(uow, pid, policy, now)
            before.check(policy.face_limits)  # a parallel attempt may have used the last one
            # At most one borderline attempt per person waits in the officers' queue.
            pending = (
                review
                and subject.queues_review
                and uow.biometric_attempts.open_review_for(pid) is not None
            )
            not_queued = review and (pending or not subject.queues_review)
            attempt = BiometricAttempt(
                id=uuid.uuid4(),
                participant_id=pid,
                draft_id=target.draft_id,
                purpose=subject.purpose,
                decision=match.decision.value,
                distance=match.distance,
                error_code=match.error_code,
                checks=_checks(match, liveness),
                model=match.model,
                duration_ms=match.duration_ms or elapsed_ms,
                client_ip=subject.client_ip,
                created_at=now,
                reviewed_at=now if not_queued else None,
                review_decision=NOT_QUEUED if not_queued else None,
            )
            if match.decision is Decision.PASS and subject.queues_review:
                # An officer need not look at an older borderline photo any more.
                uow.biometric_attempts.close_open_reviews(pid, at=now, decision=SUPERSEDED)
            uow.biometric_attempts.add(attempt)
            subject.face_recorded(uow, FaceRecorded(target, attempt, match, liveness), now)
            uow.commit()
        left = before.plus(match.decision.value).tries_left(policy.face_limits)
        if review and not subject.queues_review:
            left = 0  # borderline: decided at a branch office
        return _result(attempt.id, match, left, liveness, pending)

    try:
        return record()
    except Conflict:
        if not (review and subject.queues_review):
            raise
        # A parallel borderline attempt of the same person took the one review place
        # (unique index): record this one again, now seeing that review waiting.
        return record()
