"""The claim lock (issue 12, ``jmo.domain.claim_lock``): on at once; off only after a face
check with liveness against the reference photo and then ``claim_lock_wait_hours``.
While it is in force no claim is filed for the person and none is paid to them."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, FaceMatch, LivenessChallenge
from jmo.domain.claim_lock import ClaimLock
from jmo.domain.errors import DomainError, PermissionDenied
from jmo.domain.notices import NoticeChannel
from jmo.usecases.access import require_participant
from jmo.usecases.accounts.face_attempt import attempt_of, outcome_code, tally, tries_left_after
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports import (
    FaceVerifier,
    FrameRegistry,
    NoticeComposer,
    Policy,
    ReferenceFace,
    UnitOfWork,
)

PURPOSE = "claim_unlock"
LOCKED = "claim.locked"


@dataclass(frozen=True)
class ClaimLockView:
    locked: bool
    locked_at: datetime | None
    unlock_after: datetime | None  # the face check passed: off from this time


@dataclass(frozen=True)
class UnlockResult:
    passed: bool
    code: str
    tries_left: int
    unlock_after: datetime | None


def _view(lock: ClaimLock, now: datetime) -> ClaimLockView:
    on = lock.in_force(now)
    return ClaimLockView(on, lock.locked_at if on else None, lock.unlock_after if on else None)


def require_claims_unlocked(uow: UnitOfWork, participant_id: uuid.UUID, now: datetime) -> None:
    """Inside the caller's unit of work: refuse filing or paying a claim while locked."""
    if uow.claim_locks.get(participant_id).in_force(now):
        raise PermissionDenied(LOCKED)


def claim_lock_status(uow: UnitOfWork, actor: Actor, *, now: datetime) -> ClaimLockView:
    participant_id = require_participant(actor)
    with uow:
        return _view(uow.claim_locks.get(participant_id), now)


def lock_claims(
    uow: UnitOfWork, actor: Actor, *, notices: NoticeComposer, now: datetime
) -> ClaimLockView:
    """On at once (a release waiting for its time is cancelled)."""
    participant_id = require_participant(actor)
    with uow:
        lock = uow.claim_locks.get(participant_id)
        lock.lock(now)
        uow.claim_locks.save(lock)
        audit(
            uow,
            actor,
            "claim_lock.on",
            subject_type="participant",
            subject_id=participant_id,
            at=now,
        )
        _notify(uow, notices, actor, "claim_lock.on", now)
        uow.commit()
        return _view(lock, now)


def _notify(
    uow: UnitOfWork, notices: NoticeComposer, actor: Actor, kind: str, now: datetime
) -> None:
    account = uow.accounts.get(actor.account_id)
    if account is not None:
        queue_notice(
            uow,
            notices,
            kind=kind,
            channel=NoticeChannel.EMAIL,
            recipient=account.email,
            participant_id=actor.participant_id,
            event_key=f"{account.id}:{uuid.uuid4()}",  # each switch is its own event
            now=now,
            params={},
        )


def _prepare(
    uow: UnitOfWork, participant_id: uuid.UUID, policy: Policy, now: datetime
) -> tuple[ClaimLock, ReferenceFace]:
    lock = uow.claim_locks.get(participant_id)
    if not lock.in_force(now) or lock.unlock_after is not None:
        raise PermissionDenied("claim_lock.nothing_to_release")
    reference = uow.participants.reference_face(participant_id)
    if reference is None:
        raise PermissionDenied("biometric.no_reference")
    tally(uow, participant_id, policy, now).check(policy.face_limits)
    return lock, reference


def unlock_challenge(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    participant_id = require_participant(actor)
    with uow:
        lock, _ = _prepare(uow, participant_id, policy, now)
        lock.challenge = faces.new_challenge(rng, now=now)
        uow.claim_locks.save(lock)
        uow.commit()
        return lock.challenge


def unlock_with_burst(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    frames: Sequence[bytes],
    *,
    nonce: str,
    frame_times_ms: Sequence[int] | None,
    frame_registry: FrameRegistry,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
) -> UnlockResult:
    participant_id = require_participant(actor)
    with uow:
        lock, reference = _prepare(uow, participant_id, policy, now)
        challenge = lock.challenge
        if challenge is None:
            raise PermissionDenied("liveness.no_challenge")
        lock.challenge = None  # used up, whatever the result
        uow.claim_locks.save(lock)
        uow.commit()
    match = faces.verify_burst(
        frames,
        reference.descriptor,
        challenge,
        nonce=nonce,
        now=now,
        frame_times_ms=frame_times_ms,
        seen_before=frame_registry.seen_before,
    )
    return _record(uow, actor, match, notices=notices, policy=policy, now=now, liveness=True)


def unlock_with_photo(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    image: bytes,
    *,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
) -> UnlockResult:
    """One uploaded photo: only where configuration allows it (development, tests)."""
    if not policy.face_still_photo_allowed:
        raise PermissionDenied("liveness.camera_required")
    participant_id = require_participant(actor)
    with uow:
        _, reference = _prepare(uow, participant_id, policy, now)
    try:
        match = faces.verify(image, reference.descriptor)
    except DomainError as exc:
        match = FaceMatch(Decision.RETRY, None, 0.0, 0.0, error_code=exc.code)
    return _record(uow, actor, match, notices=notices, policy=policy, now=now, liveness=False)


def _record(
    uow: UnitOfWork,
    actor: Actor,
    match: FaceMatch,
    *,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
    liveness: bool,
) -> UnlockResult:
    participant_id = require_participant(actor)
    with uow:
        lock, _ = _prepare(uow, participant_id, policy, now)
        before = tally(uow, participant_id, policy, now)
        attempt = attempt_of(
            match,
            participant_id=participant_id,
            purpose=PURPOSE,
            client_ip=actor.client_ip,
            liveness=liveness,
            now=now,
        )
        uow.biometric_attempts.add(attempt)
        passed = match.decision is Decision.PASS
        if passed:
            lock.unlock_after = now + timedelta(hours=policy.claim_lock_wait_hours)
            uow.claim_locks.save(lock)
            _notify(uow, notices, actor, "claim_lock.release_pending", now)
        audit(
            uow,
            actor,
            "claim_lock.face",
            subject_type="participant",
            subject_id=participant_id,
            at=now,
            decision=match.decision.value,
            liveness=liveness,
            attempt_id=str(attempt.id),
        )
        uow.commit()
    return UnlockResult(
        passed, outcome_code(match), tries_left_after(before, match, policy), lock.unlock_after
    )
