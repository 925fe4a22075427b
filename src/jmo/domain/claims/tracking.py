"""Lacak Klaim: the claim's timeline and the moves staff may make.

    submitted --verify--> verified --approve--> approved --pay--> paid
        \\__________reject__________/
             (with a reason)

Anything else (verifying twice, paying an unapproved claim, touching a paid or rejected
claim) is refused with ``claim.transition_not_allowed``, naming where the claim is.

A claim routed to a branch office (above the self-service limit) is paid only after a
branch step was recorded (``require_branch_step``): the original documents seen at the
counter, or the appointment done. The back office's appointments will record the latter
through the same ``record_branch_visit``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from jmo.domain.backoffice import four_eyes
from jmo.domain.claims.model import (
    BranchStep,
    BranchVisit,
    Claim,
    ClaimEvent,
    ClaimStatus,
    RejectionReason,
    Route,
)
from jmo.domain.errors import Conflict, ValidationFailed

ALLOWED: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.SUBMITTED: frozenset({ClaimStatus.VERIFIED, ClaimStatus.REJECTED}),
    ClaimStatus.VERIFIED: frozenset({ClaimStatus.APPROVED, ClaimStatus.REJECTED}),
    ClaimStatus.APPROVED: frozenset({ClaimStatus.PAID}),
    ClaimStatus.REJECTED: frozenset(),
    ClaimStatus.PAID: frozenset(),
}

MAX_NOTE = 500


def can_move(claim: Claim, to: ClaimStatus) -> bool:
    return to in ALLOWED[claim.status]


def branch_step_done(claim: Claim) -> bool:
    """The rule for a branch-routed claim: not paid before a branch step is recorded."""
    return claim.route is not Route.BRANCH or bool(claim.branch_visits)


def require_branch_step(claim: Claim) -> None:
    if not branch_step_done(claim):
        raise Conflict("claim.branch_step_required", number=claim.number)


def verified_by(claim: Claim) -> UUID | None:
    """Who verified the claim (the last verification on its timeline)."""
    for event in reversed(claim.events):
        if event.status is ClaimStatus.VERIFIED:
            return event.actor_account_id
    return None


def needs_second_person(claim: Claim, above: int) -> bool:
    """Four eyes on large claims: above ``above`` rupiah (gross) the approval is a second
    person's (``JMO_CLAIM_FOUR_EYES_ABOVE``)."""
    return claim.benefit.gross > above


def require_second_person(claim: Claim, approver: UUID | None, *, above: int) -> None:
    """The person who verified a large claim never approves it (the same rule shape as an
    identity correction's: refused before anything changes)."""
    if needs_second_person(claim, above) and approver is not None:
        four_eyes.require_second_person(verified_by(claim), approver)


def record_branch_visit(
    claim: Claim,
    step: BranchStep,
    *,
    at: datetime,
    branch_code: str,
    officer_account_id: UUID,
    note: str = "",
) -> BranchVisit:
    """An officer of ``branch_code`` records what happened at the branch (while the claim
    is open: a paid or rejected claim has nothing left to wait for)."""
    if not claim.is_open:
        raise Conflict("claim.branch_step_closed", status=claim.status.value)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed.single("note", "field.too_long", max=MAX_NOTE)
    visit = BranchVisit(step, at, branch_code, officer_account_id, note)
    claim.branch_visits.append(visit)
    claim.updated_at = at
    return visit


def move(
    claim: Claim,
    to: ClaimStatus,
    *,
    at: datetime,
    actor_account_id: UUID | None,
    actor_role: str | None,
    reason: RejectionReason | None = None,
    note: str = "",
    gross: int | None = None,
    tax: int | None = None,
    payment_reference: str = "",
) -> ClaimEvent:
    if not can_move(claim, to):
        raise Conflict("claim.transition_not_allowed", status=claim.status.value, to=to.value)
    if to is ClaimStatus.PAID:
        require_branch_step(claim)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed.single("note", "field.too_long", max=MAX_NOTE)
    if to is ClaimStatus.REJECTED and reason is None:
        raise ValidationFailed.single("reason", "claim.rejection_reason_required")
    event = ClaimEvent(
        status=to,
        at=at,
        actor_account_id=actor_account_id,
        actor_role=actor_role,
        reason=reason.value if reason else None,
        note=note,
        gross=gross,
        tax=tax,
        payment_reference=payment_reference.strip(),
    )
    claim.status = to
    claim.updated_at = at
    claim.events.append(event)
    return event


def submitted_event(claim: Claim) -> ClaimEvent:
    return ClaimEvent(
        status=ClaimStatus.SUBMITTED,
        at=claim.submitted_at,
        actor_account_id=claim.claimant_account_id,
        actor_role="participant",
    )


def timeline(claim: Claim) -> list[tuple[ClaimStatus, ClaimEvent | None]]:
    """The steps to show: those done with their event, then those still ahead (a rejected
    claim ends at its rejection)."""
    done = {e.status: e for e in claim.events}
    if ClaimStatus.REJECTED in done:
        return [(e.status, e) for e in claim.events]
    path = (ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, ClaimStatus.APPROVED, ClaimStatus.PAID)
    return [(status, done.get(status)) for status in path]


def with_amounts(claim: Claim, *, gross: int, tax: int) -> Claim:
    """The claim with the amounts recomputed at payment (the balance may have grown)."""
    benefit = replace(claim.benefit, gross=gross, tax=tax)
    return replace(claim, benefit=benefit)
