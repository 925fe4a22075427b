"""Step 6: the face, matched against the participant's reference photo, by the one face
check (``jmo.usecases.face_check``).

Two ways in: the camera burst with a random challenge (liveness: a live, three-dimensional
head doing what was asked, never a photo of a photo), and, where configuration allows it
(development, the demo, tests), a single uploaded still photo that can only show a match.
Here, and only here, a borderline face waits in the officers' review queue.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, LivenessChallenge
from jmo.domain.errors import PermissionDenied
from jmo.domain.pengkinian.draft import PengkinianDraft as Draft
from jmo.domain.pengkinian.steps import Step
from jmo.usecases.access import access_own_participant
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

PURPOSE = "pengkinian"

SelfieOutcome = FaceCheckResult  # the data update's name for the one result


@dataclass
class _Step6:
    """The data update as a place that asks for a face check."""

    actor: Actor
    purpose: str = PURPOSE
    queues_review: bool = True
    client_ip: str | None = None  # recorded with the attempt

    def _draft(self, uow: UnitOfWork) -> Draft:
        participant = access_own_participant(uow, self.actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        return draft

    def face_target(self, uow: UnitOfWork, now: datetime) -> FaceTarget:
        draft = self._draft(uow)
        draft.require_reached(Step.BIOMETRIC)
        return reference_target(uow, draft.participant_id, draft.id)

    def swap_face_challenge(
        self, uow: UnitOfWork, new: LivenessChallenge | None, now: datetime
    ) -> LivenessChallenge | None:
        draft = self._draft(uow)
        old = draft.liveness_challenge
        draft.liveness_challenge = new
        draft.updated_at = now
        uow.drafts.save(draft)
        if new is not None:
            audit(
                uow,
                self.actor,
                "biometric.challenge_issued",
                subject_type="participant",
                subject_id=draft.participant_id,
                at=now,
                steps=[s.value for s in new.steps],
            )
        return old

    def face_recorded(self, uow: UnitOfWork, recorded: FaceRecorded, now: datetime) -> None:
        match = recorded.match
        if recorded.passed:
            draft = self._draft(uow)
            draft.record_biometric_pass(recorded.attempt.id, now)
            uow.drafts.save(draft)
        queued = match.decision is Decision.REVIEW and recorded.attempt.review_decision is None
        audit(
            uow,
            self.actor,
            "biometric.attempted",
            subject_type="participant",
            subject_id=recorded.target.participant_id,
            at=now,
            distance=round(match.distance, 4) if match.distance is not None else None,
            error_code=match.error_code,
            queued_for_review=queued,
            **recorded.audited(),
        )


def start_liveness(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    *,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    """Issue the random challenge the camera page shows while it records the burst."""
    return issue_challenge(
        uow, _Step6(actor, client_ip=actor.client_ip), faces, rng=rng, policy=policy, now=now
    )


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
    return check_still(
        uow, _Step6(actor, client_ip=actor.client_ip), faces, image, policy=policy, now=now
    )


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
    return check_burst(
        uow,
        _Step6(actor, client_ip=actor.client_ip),
        faces,
        frames,
        nonce=nonce,
        frame_times_ms=frame_times_ms,
        frame_registry=frame_registry,
        policy=policy,
        now=now,
    )
