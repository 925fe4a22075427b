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
from jmo.domain.biometric import LivenessChallenge
from jmo.domain.claim_lock import ClaimLock
from jmo.domain.errors import PermissionDenied
from jmo.domain.notices import NoticeChannel
from jmo.usecases.access import require_participant
from jmo.usecases.auditing import audit
from jmo.usecases.face_check import (
    FaceCheckResult,
    FaceRecorded,
    FaceTarget,
    check_burst,
    check_still,
    issue_challenge,
    reference_target,
)
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

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
    decision: str  # the Decision value, for the tries-left sentence


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


@dataclass
class _Release:
    """Switching the lock off as a place that asks for a face check."""

    actor: Actor
    policy: Policy
    notices: NoticeComposer | None = None  # not needed to issue a challenge
    purpose: str = PURPOSE
    queues_review: bool = False
    client_ip: str | None = None  # recorded with the attempt
    unlock_after: datetime | None = None

    def _lock(self, uow: UnitOfWork, now: datetime) -> ClaimLock:
        lock = uow.claim_locks.get(require_participant(self.actor))
        if not lock.in_force(now) or lock.unlock_after is not None:
            raise PermissionDenied("claim_lock.nothing_to_release")
        return lock

    def face_target(self, uow: UnitOfWork, now: datetime) -> FaceTarget:
        return reference_target(uow, self._lock(uow, now).participant_id)

    def swap_face_challenge(
        self, uow: UnitOfWork, new: LivenessChallenge | None, now: datetime
    ) -> LivenessChallenge | None:
        lock = self._lock(uow, now)
        old, lock.challenge = lock.challenge, new
        uow.claim_locks.save(lock)
        return old

    def face_recorded(self, uow: UnitOfWork, recorded: FaceRecorded, now: datetime) -> None:
        if recorded.passed:
            lock = self._lock(uow, now)
            lock.unlock_after = now + timedelta(hours=self.policy.claim_lock_wait_hours)
            uow.claim_locks.save(lock)
            self.unlock_after = lock.unlock_after
            if self.notices is not None:
                _notify(uow, self.notices, self.actor, "claim_lock.release_pending", now)
        audit(
            uow,
            self.actor,
            "claim_lock.face",
            subject_type="participant",
            subject_id=recorded.target.participant_id,
            at=now,
            **recorded.audited(),
        )


def _result(check: FaceCheckResult, release: _Release) -> UnlockResult:
    return UnlockResult(
        check.passed, check.code, check.tries_left, release.unlock_after, check.decision.value
    )


def unlock_challenge(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    release = _Release(actor, policy, client_ip=actor.client_ip)
    return issue_challenge(uow, release, faces, rng=rng, policy=policy, now=now)


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
    release = _Release(actor, policy, notices, client_ip=actor.client_ip)
    check = check_burst(
        uow,
        release,
        faces,
        frames,
        nonce=nonce,
        frame_times_ms=frame_times_ms,
        frame_registry=frame_registry,
        policy=policy,
        now=now,
    )
    return _result(check, release)


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
    release = _Release(actor, policy, notices, client_ip=actor.client_ip)
    check = check_still(uow, release, faces, image, policy=policy, now=now)
    return _result(check, release)
