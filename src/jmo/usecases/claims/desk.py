"""A claim as the officer's page shows it (``/petugas/klaim/{id}``): the claim (the
opening recorded, as in the API), the bank cooling-off hold (shown when verifying, not
discovered at payment), the appointments booked for it, who did each step (the timeline
names people: four eyes shows there), and whether four eyes stops this officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.appointments import Appointment
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.claims.model import Claim, ClaimStatus
from jmo.domain.claims.tracking import needs_second_person, verified_by
from jmo.usecases.claims.staff import claim_payout_hold, get_claim_for_staff
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices


@dataclass(frozen=True)
class ClaimDesk:
    claim: Claim
    hold_until: datetime | None
    appointments: list[Appointment]
    names: dict[UUID, str]  # account id -> email, for the timeline
    four_eyes: bool  # the claim's approval needs a second person
    four_eyes_blocked: bool  # ... and the viewer is the one who verified


def claim_desk(
    uow: UnitOfWork, actor: Actor, claim_id: UUID, *, benefits: BenefitServices, now: datetime
) -> ClaimDesk:
    claim = get_claim_for_staff(uow, actor, claim_id, now=now)
    hold = claim_payout_hold(uow, actor, claim, benefits=benefits, now=now)  # the one rule
    with uow:
        booked = (
            uow.appointments.of_subject(claim.id)
            if allowed(actor.role, Action.APPOINTMENT_READ)
            else []
        )
        people = {e.actor_account_id for e in claim.events if e.actor_account_id}
        people |= {v.officer_account_id for v in claim.branch_visits}
        names: dict[UUID, str] = {}
        for account_id in people:
            account = uow.accounts.get(account_id)
            if account is not None:
                names[account_id] = account.email
    four_eyes = needs_second_person(claim, benefits.claim_four_eyes_above)
    return ClaimDesk(
        claim=claim,
        hold_until=hold,
        appointments=booked,
        names=names,
        four_eyes=four_eyes,
        four_eyes_blocked=four_eyes
        and claim.status is ClaimStatus.VERIFIED
        and verified_by(claim) == actor.account_id,
    )
