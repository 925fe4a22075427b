"""Lacak Klaim for the participant: their claims, one claim, and what a claim page needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.claims.model import Claim, ClaimProgram
from jmo.domain.tax.benefit_tax import NpwpStatus
from jmo.usecases.access import access_current_participant, access_own_claim
from jmo.usecases.claims.context import BankAccount, claimant_npwp_status, verified_bank_account
from jmo.usecases.participants.risk import payout_hold
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices


def my_claims(uow: UnitOfWork, actor: Actor, program: ClaimProgram | None = None) -> list[Claim]:
    """The claims this participant filed (for themself or as an heir), newest first."""
    with uow:
        participant = access_current_participant(uow, actor)
        claims = uow.claims.for_claimant(participant.id)
    return [c for c in claims if program is None or c.program is program]


def get_my_claim(uow: UnitOfWork, actor: Actor, claim_id: UUID) -> Claim:
    with uow:
        access_current_participant(uow, actor)
        return access_own_claim(uow, actor, claim_id)


@dataclass(frozen=True)
class ClaimPage:
    """What the claim form shows before anything is entered."""

    full_name: str
    kpj: str
    province_code: str | None
    bank: BankAccount | None
    npwp_status: NpwpStatus
    claims: tuple[Claim, ...]
    # a new bank account: no claim is paid to it before this moment (issue 9 item 2)
    payout_hold_until: datetime | None = None
    # "bank" (the account is new) or "contact" (a new phone or email): what the page says
    payout_hold_reason: str | None = None
    # the field policy's waits, told before filing (issue 12): days after a new bank
    # account, and after a new phone or email
    bank_hold_days: int = 0
    contact_hold_days: int = 0

    def open_claim(self, program: ClaimProgram) -> Claim | None:
        return next((c for c in self.claims if c.program is program and c.is_open), None)


def get_claim_page(
    uow: UnitOfWork,
    actor: Actor,
    program: ClaimProgram,
    *,
    benefits: BenefitServices,
    now: datetime,
) -> ClaimPage:
    with uow:
        participant = access_current_participant(uow, actor)
        claims = [c for c in uow.claims.for_claimant(participant.id) if c.program is program]
        hold = payout_hold(
            uow,
            participant.id,
            cooling_off_days=benefits.bank_cooling_off_days,
            contact_days=benefits.contact_cooling_off_days,
            now=now,
        )
        return ClaimPage(
            full_name=participant.identity.full_name,
            kpj=participant.identity.kpj,
            province_code=participant.profile.province_code,
            bank=verified_bank_account(uow, participant),
            npwp_status=claimant_npwp_status(uow, participant),
            claims=tuple(claims),
            payout_hold_until=hold.until if hold else None,
            payout_hold_reason=hold.reason if hold else None,
            bank_hold_days=benefits.bank_cooling_off_days,
            contact_hold_days=benefits.contact_cooling_off_days,
        )
