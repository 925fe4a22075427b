"""Toward lifting a "Bukan saya" freeze (issue 12): the person passes the one face check
with liveness (``jmo.usecases.face_check``) in the app, after the freeze; only then may an
officer lift it (``not_me.lift_freeze``). A pass alone lifts nothing: the officer's check of
the report stays the last word (docs/decisions/freeze-lift-needs-face.md)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import Conflict
from jmo.domain.freeze import Freeze
from jmo.usecases.access import require_participant
from jmo.usecases.accounts.not_me import active_freeze
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
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

PURPOSE = "freeze_lift"
NOTHING_FROZEN = "freeze.none"


@dataclass
class _FreezeFace:
    """The freeze's face check as a place that asks for one."""

    actor: Actor
    purpose: str = PURPOSE
    queues_review: bool = False
    client_ip: str | None = None  # recorded with the attempt

    def _freeze(self, uow: UnitOfWork) -> Freeze:
        freeze = active_freeze(uow, require_participant(self.actor))
        if freeze is None:
            raise Conflict(NOTHING_FROZEN)
        if freeze.face_passed_at is not None:
            raise Conflict("freeze.face_done")
        return freeze

    def face_target(self, uow: UnitOfWork, now: datetime) -> FaceTarget:
        self._freeze(uow)
        return reference_target(uow, require_participant(self.actor))

    def swap_face_challenge(
        self, uow: UnitOfWork, new: LivenessChallenge | None, now: datetime
    ) -> LivenessChallenge | None:
        freeze = self._freeze(uow)
        uow.freezes.save_face(freeze.id, challenge=new, face_passed_at=None)
        return freeze.challenge

    def face_recorded(self, uow: UnitOfWork, recorded: FaceRecorded, now: datetime) -> None:
        freeze = self._freeze(uow)
        if recorded.passed:
            uow.freezes.save_face(freeze.id, challenge=None, face_passed_at=now)
        audit(
            uow,
            self.actor,
            "security.freeze_face",
            subject_type="participant",
            subject_id=recorded.target.participant_id,
            at=now,
            freeze_id=str(freeze.id),
            **recorded.audited(),
        )


def my_freeze(uow: UnitOfWork, actor: Actor, *, now: datetime) -> Freeze | None:
    """The freeze in force on the logged-in person, if any (with its face pass)."""
    participant_id = require_participant(actor)
    with uow:
        return active_freeze(uow, participant_id)


def freeze_challenge(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    return issue_challenge(
        uow, _FreezeFace(actor, client_ip=actor.client_ip), faces, rng=rng, policy=policy, now=now
    )


def freeze_face_burst(
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
) -> FaceCheckResult:
    return check_burst(
        uow,
        _FreezeFace(actor, client_ip=actor.client_ip),
        faces,
        frames,
        nonce=nonce,
        frame_times_ms=frame_times_ms,
        frame_registry=frame_registry,
        policy=policy,
        now=now,
    )


def freeze_face_photo(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    image: bytes,
    *,
    policy: Policy,
    now: datetime,
) -> FaceCheckResult:
    """One uploaded photo: only where configuration allows it (development, tests)."""
    return check_still(
        uow, _FreezeFace(actor, client_ip=actor.client_ip), faces, image, policy=policy, now=now
    )
