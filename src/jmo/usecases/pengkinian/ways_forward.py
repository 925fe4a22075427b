"""What keeps this person from finishing Pengkinian Data now, and the way forward from each
(issue 12): read by the pages and the API alike (the rule: ``domain.pengkinian.blockers``)."""

from __future__ import annotations

from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision
from jmo.domain.pengkinian.blockers import WayForward, ways_forward
from jmo.domain.pengkinian.steps import Step
from jmo.usecases.face_check import FaceStatus, face_status
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy


def ways_forward_of(
    uow: UnitOfWork,
    actor: Actor,
    view: PengkinianView,
    *,
    policy: Policy,
    now: datetime,
    status: FaceStatus | None = None,
) -> list[WayForward]:
    """``status``: the face tries already read by the caller (else read here)."""
    status = status or face_status(uow, actor, policy=policy, now=now)
    passed = view.draft is not None and Step.BIOMETRIC.value in view.draft.completed
    attempt = view.last_attempt
    waiting = status.review_waiting or (
        attempt is not None
        and (attempt.review_pending_elsewhere or attempt.decision == Decision.REVIEW.value)
    )
    return ways_forward(
        has_reference_photo=view.has_reference_photo,
        tries_used_up=status.refusal is not None and not passed,
        review_pending=waiting and not passed,
        open_correction=view.open_identity_request.reference
        if view.open_identity_request
        else None,
        attempt_reference=attempt.id.hex[:8].upper() if attempt else None,
        draft_reference=view.draft.id.hex[:8].upper() if view.draft else "",
    )
