"""Officers and the face attempts: every attempt with its scores and rule values (not only
"failed"), and the decision on borderline ones (distance between the accept and reject
thresholds, or an unclear liveness result), which are never auto-accepted."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.biometric import Decision
from jmo.domain.biometric_attempt import CLOSED_WITHOUT_OFFICER, BiometricAttempt
from jmo.domain.errors import Conflict, NotFound, ValidationFailed
from jmo.usecases.access import access_participant_as_staff, require_staff
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read

HISTORY = timedelta(days=365)


def list_attempts(
    uow: UnitOfWork, actor: Actor, participant_id: UUID, *, now: datetime
) -> list[BiometricAttempt]:
    with uow:
        participant = access_participant_as_staff(uow, actor, participant_id, Action.BIOMETRIC_READ)
        attempts = uow.biometric_attempts.for_participant(participant.id, now - HISTORY)
        record_staff_read(uow, actor, StaffRead.BIOMETRIC_ATTEMPTS, [participant.id], at=now)
        uow.commit()
        return list(reversed(attempts))


def decide_review(
    uow: UnitOfWork,
    actor: Actor,
    attempt_id: UUID,
    *,
    approve: bool,
    note: str,
    notices: NoticeComposer,
    now: datetime,
) -> BiometricAttempt:
    """Approve: the participant's draft counts the attempt as the step-6 pass. Reject: the
    participant takes the selfie again (or comes to the branch)."""
    require_staff(actor)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationFailed.single("note", "field.required")
    with uow:
        attempt = uow.biometric_attempts.get(attempt_id)
        if attempt is None:
            raise NotFound("biometric_attempt")
        participant = access_participant_as_staff(
            uow, actor, attempt.participant_id, Action.BIOMETRIC_REVIEW
        )
        if (
            attempt.decision != Decision.REVIEW.value
            or attempt.review_decision in CLOSED_WITHOUT_OFFICER
        ):
            # Not borderline, or closed without an officer: not queued beside the person's
            # waiting attempt, or passed by a later one.
            raise Conflict("biometric.not_for_review")
        decision = "approved" if approve else "rejected"
        if not uow.biometric_attempts.record_review(
            attempt.id, by=actor.account_id, at=now, decision=decision, note=note[:500]
        ):
            raise Conflict("biometric.already_reviewed")
        draft = uow.drafts.open_for(participant.id)
        if approve and draft is not None and draft.id == attempt.draft_id:
            draft.record_biometric_pass(attempt.id, now)
            uow.drafts.save(draft)
        audit(
            uow,
            actor,
            "biometric.reviewed",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            attempt_id=str(attempt.id),
            decision=decision,
            distance=attempt.distance,
        )
        notify_participant(
            uow,
            notices,
            participant,
            kind=f"biometric.review_{decision}",
            event_key=str(attempt.id),
            now=now,
            params={"name": participant.identity.full_name},
        )
        uow.commit()
        found = uow.biometric_attempts.get(attempt.id)
        assert found is not None
        return found
