"""What a claim is assessed on: the member's facts from the ledger and employment, the
claimant's verified bank account and NPWP status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from jmo.domain.biometric import Decision
from jmo.domain.claims.facts import MemberFacts
from jmo.domain.errors import PermissionDenied
from jmo.domain.jht.ledger import EntryKind, LedgerEntry, plan_payout
from jmo.domain.jht.tables import Program, jp_wage_cap
from jmo.domain.jht.yields import YieldTable
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeStatus
from jmo.domain.tax.benefit_tax import NpwpStatus, npwp_status
from jmo.usecases.jht.posting import employment_periods, post_missing
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class BankAccount:
    bank_code: str
    account: str
    holder: str


def verified_bank_account(uow: UnitOfWork, participant: Participant) -> BankAccount | None:
    """The bank account on file, if it is the one confirmed (changed or kept) in the last
    applied Pengkinian Data, and that update carried a passing face check. A later change
    by any other channel makes it unverified until the next data update (docs/rules.md)."""
    profile = participant.profile
    if not (profile.bank_code and profile.bank_account and profile.bank_account_holder):
        return None
    last = next(
        (
            r
            for r in uow.change_requests.for_participant(participant.id)
            if r.kind is ChangeKind.PENGKINIAN and r.status is ChangeStatus.APPLIED
        ),
        None,
    )
    if last is None or last.biometric is None or last.biometric.decision != Decision.PASS.value:
        return None
    confirmed = next(
        (
            v.profile
            for v in uow.participants.history(participant.id)
            if v.change_request_id == last.id
        ),
        None,
    )
    if confirmed is None:
        return None
    current = (profile.bank_code, profile.bank_account, profile.bank_account_holder)
    if current != (confirmed.bank_code, confirmed.bank_account, confirmed.bank_account_holder):
        return None
    return BankAccount(profile.bank_code, profile.bank_account, profile.bank_account_holder)


def require_verified_bank_account(uow: UnitOfWork, participant: Participant) -> BankAccount:
    account = verified_bank_account(uow, participant)
    if account is None:
        raise PermissionDenied("claim.bank_not_verified")
    return account


def claimant_npwp_status(uow: UnitOfWork, participant: Participant) -> NpwpStatus:
    return npwp_status(
        participant.profile.npwp,
        nik=participant.identity.nik,
        nik_marked_valid=uow.npwp_validations.nik_marked_valid(participant.id),
    )


def _jp_months_and_wages(entries: list[LedgerEntry]) -> tuple[int, int]:
    """Masa iur and the sum of the monthly JP wages (capped per month, also when two
    employers reported the same month)."""
    by_month: dict[date, int] = {}
    for entry in entries:
        if entry.program is Program.JP and entry.kind is EntryKind.CONTRIBUTION:
            by_month[entry.period] = by_month.get(entry.period, 0) + entry.wage
    total = 0
    for month, wage in by_month.items():
        cap = jp_wage_cap(month)
        total += min(wage, cap) if cap is not None else wage
    return len(by_month), total


def member_facts(
    uow: UnitOfWork, member: Participant, *, yields_table: YieldTable, now: datetime
) -> tuple[MemberFacts, list[LedgerEntry]]:
    """The member's facts today, posting the ledger first (inside the caller's
    transaction). The payable amounts include this year's yield pro rata."""
    entries, _ = post_missing(uow, member, yields=yields_table, now=now)
    today = now.date()
    jht = plan_payout(entries, Program.JHT, reference="quote", pay_date=today, yields=yields_table)
    jp = plan_payout(entries, Program.JP, reference="quote", pay_date=today, yields=yields_table)
    jht_months = sorted(
        {e.period for e in entries if e.program is Program.JHT and e.kind is EntryKind.CONTRIBUTION}
    )
    jp_months, jp_wages = _jp_months_and_wages(entries)
    previous = tuple((c.reason, c.status) for c in uow.claims.for_member(member.id))
    facts = MemberFacts(
        today=today,
        birth_date=member.identity.birth_date,
        employments=tuple(employment_periods(uow, member)),
        jht_payable=jht.available,
        jht_pro_rata_yield=jht.pro_rata_yield,
        jht_first_period=jht_months[0] if jht_months else None,
        jht_months=len(jht_months),
        jp_payable=jp.available,
        jp_months=jp_months,
        jp_wage_sum=jp_wages,
        previous_claims=previous,
    )
    return facts, entries
