"""The branch step of a claim: an officer of a branch office records that the original
documents were seen at the counter, or that the appointment took place. A claim routed to
a branch (above the self-service limit) is paid only after one
(``jmo.domain.claims.tracking.require_branch_step``); the back office's appointment
feature will call ``record_branch_step`` with ``appointment_done``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.claims.model import BranchStep, Claim
from jmo.domain.claims.tracking import record_branch_visit
from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.usecases.access import access_claim_as_staff, require_staff
from jmo.usecases.auditing import audit
from jmo.usecases.ports.unit_of_work import UnitOfWork


def record_branch_step(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    step: str,
    note: str = "",
    now: datetime,
) -> Claim:
    """Staff only, and only an officer of a branch: the visit carries the branch."""
    require_staff(actor)
    try:
        chosen = BranchStep(step)
    except ValueError:
        raise ValidationFailed.single("step", "field.choice") from None
    with uow:
        account = uow.accounts.get(actor.account_id)
        branch = account.branch_code if account is not None else None
        if not branch:
            raise PermissionDenied("claim.branch_step_needs_branch")
        claim = access_claim_as_staff(uow, actor, claim_id, Action.CLAIM_MOVE)
        record_step_in(uow, actor, claim, chosen, branch=branch, note=note, now=now)
        uow.commit()
        return claim


def record_step_in(
    uow: UnitOfWork,
    actor: Actor,
    claim: Claim,
    step: BranchStep,
    *,
    branch: str,
    note: str = "",
    now: datetime,
) -> None:
    """Inside the caller's transaction (an officer's own step above, or an appointment
    marked done at ``branch``): the visit on the claim, saved and audited."""
    record_branch_visit(
        claim,
        step,
        at=now,
        branch_code=branch,
        officer_account_id=actor.account_id,
        note=note,
    )
    uow.claims.save(claim)
    audit(
        uow,
        actor,
        "claim.branch_step_recorded",
        subject_type="claim",
        subject_id=claim.id,
        at=now,
        number=claim.number,
        step=step.value,
        branch_code=branch,
    )
