"""A borderline selfie from the work queue: the attempt, the participant's other attempts
with their scores (recorded as a read), for the decision (``decide_review``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.errors import NotFound
from jmo.domain.participant import Participant
from jmo.usecases.access import access_participant_as_staff, require_action
from jmo.usecases.biometric_review import HISTORY
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class FaceReview:
    attempt: BiometricAttempt
    participant: Participant
    attempts: list[BiometricAttempt]  # newest first, the one under review among them


def get_face_review(
    uow: UnitOfWork, actor: Actor, attempt_id: UUID, *, now: datetime
) -> FaceReview:
    require_action(actor, Action.BIOMETRIC_READ)
    with uow:
        attempt = uow.biometric_attempts.get(attempt_id)
        if attempt is None:
            raise NotFound("biometric_attempt")
        try:
            participant = access_participant_as_staff(
                uow, actor, attempt.participant_id, Action.BIOMETRIC_READ
            )
        except NotFound:
            raise NotFound("biometric_attempt") from None  # another branch: as missing
        attempts = uow.biometric_attempts.for_participant(participant.id, now - HISTORY)
        record_staff_read(uow, actor, StaffRead.BIOMETRIC_ATTEMPTS, [participant.id], at=now)
        uow.commit()
        return FaceReview(attempt, participant, list(reversed(attempts)))
