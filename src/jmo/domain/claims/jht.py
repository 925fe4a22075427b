"""JHT claims: eligibility by reason, the partial withdrawal, the amount and its tax.

Sources (docs/domain-rules.md §3, §4):
* paid as a lump sum at retirement age, permanent total disability or death (Permenaker
  4/2022 Art 2; PP 46/2015 Art 22(1),(3); H);
* "retirement age" includes age 56, resignation, termination (PHK) and leaving Indonesia
  permanently (Permenaker 4/2022 Art 4-5; H);
* resignation and PHK: paid from 1 month after the resignation statement / the PHK date
  (Art 8-11; H). The app takes the end date the employer reported as that date;
* partial withdrawal: membership of at least 10 years, up to 30% for housing or 10% for
  other retirement preparation, once during membership (PP 46/2015 Art 22(4)-(6); H).
  Practice (M): the person still works there, shown by the employer's letter;
* tax: ``jmo.domain.tax.benefit_tax`` (PP 68/2009; §4). Open question (§4, L): whether an
  earlier partial withdrawal counts toward the Rp50M threshold of the final payout. This
  app applies the threshold to each payment on its own, as PP 68/2009 reads per payment,
  and says so in docs/rules.md.
"""

from __future__ import annotations

from datetime import date

from jmo.domain.claims.facts import ClaimInput, MemberFacts
from jmo.domain.claims.model import ClaimReason, ClaimStatus, Problem
from jmo.domain.jht.tables import JHT_RETIREMENT_AGE, add_months
from jmo.domain.time import age_on

MEMBERSHIP_YEARS_FOR_PARTIAL = 10
PARTIAL_MAX_PERCENT = {
    ClaimReason.JHT_PARTIAL_HOUSING: 30,
    ClaimReason.JHT_PARTIAL_OTHER: 10,
}
WAITING_MONTHS = 1  # resignation and PHK


def one_month_after(day: date) -> date:
    """The same day a month later (the last day of a shorter month)."""
    first = add_months(day, 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return first.replace(day=candidate)
        except ValueError:
            continue
    return first


def partial_maximum(reason: ClaimReason, payable: int) -> int:
    """30% or 10% of the balance, rounded down to the rupiah."""
    return payable * PARTIAL_MAX_PERCENT[reason] // 100


def check(inp: ClaimInput, facts: MemberFacts) -> tuple[list[Problem], int]:
    """The problems (empty: eligible) and the gross amount to pay."""
    reason = inp.reason
    problems: list[Problem] = []
    payable = facts.jht_payable
    if payable <= 0:
        return [Problem("claim.no_balance")], 0

    if reason is ClaimReason.JHT_RETIREMENT:
        age = age_on(facts.birth_date, facts.today)
        if age < JHT_RETIREMENT_AGE:
            problems.append(Problem("claim.jht.below_retirement_age", {"age": age, "required": 56}))
    elif reason in (ClaimReason.JHT_RESIGNATION, ClaimReason.JHT_TERMINATION):
        if facts.currently_employed:
            problems.append(Problem("claim.jht.still_employed"))
        else:
            ended = facts.last_employment_end
            if ended is not None and one_month_after(ended) > facts.today:
                problems.append(
                    Problem("claim.jht.waiting_period", {"from": one_month_after(ended)})
                )
    elif reason is ClaimReason.JHT_LEAVING_INDONESIA:
        if facts.currently_employed:
            problems.append(Problem("claim.jht.still_employed"))
    elif reason.is_partial:
        return _check_partial(inp, facts)
    return problems, payable


def _check_partial(inp: ClaimInput, facts: MemberFacts) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    reason = inp.reason
    start = facts.jht_first_period
    if start is None or add_months(start, 12 * MEMBERSHIP_YEARS_FOR_PARTIAL) > facts.today:
        problems.append(
            Problem(
                "claim.jht.membership_too_short",
                {"years": MEMBERSHIP_YEARS_FOR_PARTIAL, "since": start},
            )
        )
    if not facts.currently_employed:
        problems.append(Problem("claim.jht.partial_needs_active"))
    taken = [
        r
        for r, status in facts.previous_claims
        if r.is_partial and status is not ClaimStatus.REJECTED
    ]
    if taken:
        problems.append(Problem("claim.jht.partial_taken"))
    maximum = partial_maximum(reason, facts.jht_payable)
    amount = maximum if inp.amount is None else inp.amount
    if amount > maximum:
        problems.append(Problem("claim.jht.partial_above_max", {"max": maximum}))
    if amount <= 0:
        problems.append(Problem("claim.no_balance"))
    return problems, amount
