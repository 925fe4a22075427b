"""Step 6: the selfie, matched against the participant's reference photo.

The face work runs outside any database transaction (it takes about 0.1 s and must not
hold the write lock). Every attempt is logged with its scores and rule values; the selfie
itself and its descriptor are not kept.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision, FaceMatch
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts
from jmo.domain.pengkinian.steps import Step
from jmo.usecases.access import access_own_participant
from jmo.usecases.auditing import audit
from jmo.usecases.ports import FaceVerifier, Policy, UnitOfWork

PURPOSE = "pengkinian"


@dataclass(frozen=True)
class SelfieOutcome:
    attempt_id: uuid.UUID
    decision: Decision
    match: FaceMatch
    failures_left: int

    @property
    def passed(self) -> bool:
        return self.decision is Decision.PASS


def _window_counts(attempts: list[BiometricAttempt]) -> tuple[int, int]:
    failed = sum(1 for a in attempts if a.decision == Decision.FAIL.value)
    retries = sum(1 for a in attempts if a.decision in (Decision.RETRY.value, "error"))
    return failed, retries


def verify_selfie(
    uow: UnitOfWork,
    actor: Actor,
    faces: FaceVerifier,
    image: bytes,
    *,
    policy: Policy,
    now: datetime,
) -> SelfieOutcome:
    window_start = now - timedelta(hours=policy.face_attempt_window_hours)
    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        draft.require_reached(Step.BIOMETRIC)
        reference = uow.participants.reference_face(participant.id)
        if reference is None:
            # No bypass: without a reference photo the person is verified at a branch.
            raise PermissionDenied("biometric.no_reference")
        failed, retries = _window_counts(
            uow.biometric_attempts.for_participant(participant.id, window_start)
        )
        _check_limits(failed, retries, policy)

    started = time.perf_counter()
    try:
        match = faces.verify(image, reference.descriptor)
    except DomainError as exc:  # unreadable upload: a clear code, logged like any attempt
        match = FaceMatch(
            decision=Decision.RETRY,
            distance=None,
            accept_below=0.0,
            reject_above=0.0,
            error_code=exc.code,
        )
    duration_ms = match.duration_ms or int((time.perf_counter() - started) * 1000)

    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        failed, retries = _window_counts(
            uow.biometric_attempts.for_participant(participant.id, window_start)
        )
        _check_limits(failed, retries, policy)  # a parallel attempt may have used the last one
        attempt = BiometricAttempt(
            id=uuid.uuid4(),
            participant_id=participant.id,
            draft_id=draft.id,
            purpose=PURPOSE,
            decision=match.decision.value,
            distance=match.distance,
            error_code=match.error_code,
            checks=[asdict(c) for c in match.checks],
            model=match.model,
            duration_ms=duration_ms,
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
        )
        uow.commit()
    return SelfieOutcome(
        attempt_id=attempt.id,
        decision=match.decision,
        match=match,
        failures_left=max(0, policy.face_max_failed_attempts - failed),
    )


def _check_limits(failed: int, retries: int, policy: Policy) -> None:
    # Three non-matches in 24 hours and the person is sent to a branch office; unusable
    # captures (dark, blurry) are counted apart, with a looser limit, so honest people
    # fixing their light are not locked out, while probing stays bounded.
    if failed >= policy.face_max_failed_attempts:
        raise TooManyAttempts("biometric.locked", hours=policy.face_attempt_window_hours)
    if retries >= policy.face_max_retries:
        raise TooManyAttempts("biometric.too_many_retries", hours=policy.face_attempt_window_hours)
