"""Claim rules with worked numbers: eligibility by reason, amounts, tax, route, documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest

from jmo.domain.claims.documents import DocumentType, missing_documents, required_documents
from jmo.domain.claims.facts import ClaimInput, MemberFacts
from jmo.domain.claims.forms import parse_claim_input
from jmo.domain.claims.jp import pension_formula
from jmo.domain.claims.model import (
    ClaimProgram,
    ClaimReason,
    ClaimStatus,
    HeirRelationship,
    PaymentMode,
    Route,
    claim_number,
)
from jmo.domain.claims.rules import Assessment, assess
from jmo.domain.errors import ValidationFailed
from jmo.domain.jht.ledger import EmploymentPeriod
from jmo.domain.tax.benefit_tax import NpwpStatus

TODAY = date(2026, 11, 25)
LIMIT = 15_000_000


def facts(**changes: object) -> MemberFacts:
    base = MemberFacts(
        today=TODAY,
        birth_date=date(1985, 3, 12),
        employments=(
            EmploymentPeriod("30000001", "PT A", date(2012, 1, 1), date(2026, 9, 30), 6_000_000),
        ),
        jht_payable=80_000_000,
        jht_first_period=date(2012, 1, 1),
        jht_months=177,
        jp_payable=12_000_000,
        jp_months=135,
        jp_wage_sum=135 * 6_000_000,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ACTIVE = (EmploymentPeriod("30000001", "PT A", date(2012, 1, 1), None, 6_000_000),)


def run(
    reason: ClaimReason,
    f: MemberFacts | None = None,
    npwp: NpwpStatus = NpwpStatus.LEGACY15,
    **inp: Any,
) -> Assessment:
    return assess(
        ClaimInput(reason=reason, **inp), f or facts(), npwp=npwp, self_service_limit=LIMIT
    )


# --- JHT ---------------------------------------------------------------------------------


def test_jht_resignation_payout_with_and_without_npwp() -> None:
    with_npwp = run(ClaimReason.JHT_RESIGNATION)
    assert with_npwp.eligible
    b = with_npwp.benefit
    assert (b.gross, b.tax, b.net) == (80_000_000, 1_500_000, 78_500_000)
    assert (b.tax_with_npwp, b.tax_without_npwp) == (1_500_000, 1_800_000)
    without = run(ClaimReason.JHT_RESIGNATION, npwp=NpwpStatus.NONE).benefit
    assert (without.tax, without.net) == (1_800_000, 78_200_000)
    nik_not_valid = run(ClaimReason.JHT_RESIGNATION, npwp=NpwpStatus.NIK_UNVALIDATED).benefit
    assert nik_not_valid.tax == 1_800_000
    # above the self-service limit: the branch (or Lapak Asik), with the reason
    assert (with_npwp.route, with_npwp.route_reason) == (Route.BRANCH, "claim.route.above_limit")
    assert with_npwp.route_params == {"limit": LIMIT}


@pytest.mark.parametrize(
    ("payable", "route"), [(15_000_000, Route.APP), (15_000_001, Route.BRANCH), (1, Route.APP)]
)
def test_jht_self_service_limit(payable: int, route: Route) -> None:
    assert run(ClaimReason.JHT_RESIGNATION, facts(jht_payable=payable)).route is route


def test_jht_resignation_waits_one_month_after_the_end_of_work() -> None:
    ended_recently = facts(
        employments=(
            EmploymentPeriod("30000001", "PT A", date(2012, 1, 1), date(2026, 10, 31), 6_000_000),
        )
    )
    result = run(ClaimReason.JHT_RESIGNATION, ended_recently)
    assert [(p.code, p.params) for p in result.problems] == [
        ("claim.jht.waiting_period", {"from": date(2026, 11, 30)})
    ]
    ended_on_the_day = facts(
        employments=(
            EmploymentPeriod("30000001", "PT A", date(2012, 1, 1), date(2026, 10, 25), 6_000_000),
        )
    )
    assert run(ClaimReason.JHT_TERMINATION, ended_on_the_day).eligible


@pytest.mark.parametrize(
    "reason",
    [ClaimReason.JHT_RESIGNATION, ClaimReason.JHT_TERMINATION, ClaimReason.JHT_LEAVING_INDONESIA],
)
def test_jht_needs_the_work_to_have_ended(reason: ClaimReason) -> None:
    codes = [p.code for p in run(reason, facts(employments=ACTIVE)).problems]
    assert codes == ["claim.jht.still_employed"]


@pytest.mark.parametrize(
    ("born", "eligible"), [(date(1970, 11, 25), True), (date(1970, 11, 26), False)]
)
def test_jht_retirement_age_56(born: date, eligible: bool) -> None:
    result = run(ClaimReason.JHT_RETIREMENT, facts(birth_date=born, employments=ACTIVE))
    assert result.eligible is eligible
    if not eligible:
        assert result.problems[0].params == {"age": 55, "required": 56}


def test_jht_disability_and_death_need_documents_not_waiting() -> None:
    assert run(ClaimReason.JHT_PERMANENT_DISABILITY, facts(employments=ACTIVE)).eligible
    death = run(ClaimReason.JHT_DEATH, facts(employments=ACTIVE), event_date=date(2026, 10, 1))
    assert death.eligible and death.benefit.gross == 80_000_000


def test_jht_without_balance() -> None:
    assert [p.code for p in run(ClaimReason.JHT_RETIREMENT, facts(jht_payable=0)).problems] == [
        "claim.no_balance"
    ]


def test_partial_withdrawal_10_and_30_percent_after_10_years() -> None:
    active = facts(employments=ACTIVE, jht_payable=100_000_000)
    other = run(ClaimReason.JHT_PARTIAL_OTHER, active)
    assert other.eligible and other.benefit.gross == 10_000_000 and other.benefit.tax == 0
    assert other.route is Route.APP
    housing = run(
        ClaimReason.JHT_PARTIAL_HOUSING, facts(employments=ACTIVE, jht_payable=200_000_000)
    )
    # 30% of 200,000,000 = 60,000,000: 5% of 10,000,000 above the threshold
    assert (housing.benefit.gross, housing.benefit.tax, housing.benefit.net) == (
        60_000_000,
        500_000,
        59_500_000,
    )
    assert housing.benefit.lines[0].params == {
        "percent": 30,
        "balance": 200_000_000,
        "max": 60_000_000,
    }
    less = run(ClaimReason.JHT_PARTIAL_OTHER, active, amount=4_000_000)
    assert less.eligible and less.benefit.gross == 4_000_000
    more = run(ClaimReason.JHT_PARTIAL_OTHER, active, amount=10_000_001)
    assert [(p.code, p.params) for p in more.problems] == [
        ("claim.jht.partial_above_max", {"max": 10_000_000})
    ]


def test_partial_withdrawal_conditions() -> None:
    young = facts(employments=ACTIVE, jht_first_period=date(2016, 12, 1))
    assert [p.code for p in run(ClaimReason.JHT_PARTIAL_OTHER, young).problems] == [
        "claim.jht.membership_too_short"
    ]
    ten_years = facts(employments=ACTIVE, jht_first_period=date(2016, 11, 1))
    assert run(ClaimReason.JHT_PARTIAL_OTHER, ten_years).eligible
    left = facts()  # not working any more: a full claim instead
    assert [p.code for p in run(ClaimReason.JHT_PARTIAL_OTHER, left).problems] == [
        "claim.jht.partial_needs_active"
    ]
    once = facts(
        employments=ACTIVE, previous_claims=((ClaimReason.JHT_PARTIAL_HOUSING, ClaimStatus.PAID),)
    )
    assert [p.code for p in run(ClaimReason.JHT_PARTIAL_OTHER, once).problems] == [
        "claim.jht.partial_taken"
    ]
    rejected = facts(
        employments=ACTIVE,
        previous_claims=((ClaimReason.JHT_PARTIAL_HOUSING, ClaimStatus.REJECTED),),
    )
    assert run(ClaimReason.JHT_PARTIAL_OTHER, rejected).eligible


# --- JKM ---------------------------------------------------------------------------------


def test_jkm_benefit_is_42_million_untaxed() -> None:
    covered = facts(employments=ACTIVE)
    result = run(
        ClaimReason.JKM_DEATH,
        covered,
        event_date=date(2026, 10, 1),
        heir_relationship=HeirRelationship.SPOUSE,
    )
    assert result.eligible and result.route is Route.APP
    assert [(line.code, line.amount) for line in result.benefit.lines] == [
        ("jkm.lump_sum", 20_000_000),
        ("jkm.periodic", 12_000_000),
        ("jkm.funeral", 10_000_000),
    ]
    assert (result.benefit.gross, result.benefit.tax, result.benefit.net) == (
        42_000_000,
        0,
        42_000_000,
    )
    assert "claim.jkm.scholarship_eligible" in result.benefit.notes  # 177 months >= 36


def test_jkm_scholarship_needs_three_years_and_cover_is_checked() -> None:
    short = facts(employments=ACTIVE, jht_months=35)
    assert (
        "claim.jkm.scholarship_not_eligible"
        in run(ClaimReason.JKM_DEATH, short, event_date=date(2026, 10, 1)).benefit.notes
    )
    after_work = run(ClaimReason.JKM_DEATH, facts(), event_date=date(2026, 10, 15))
    assert (after_work.route, after_work.route_reason) == (
        Route.BRANCH,
        "claim.route.coverage_check",
    )
    old = run(ClaimReason.JKM_DEATH, facts(employments=ACTIVE), event_date=date(2019, 12, 1))
    assert (old.route, old.route_reason, old.benefit.gross) == (
        Route.BRANCH,
        "claim.route.earlier_rules",
        0,
    )


# --- JKK ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "inp", "lines"),
    [
        # STMB: 6,000,000 / 30 = 200,000 a day
        (
            ClaimReason.JKK_TEMPORARY_DISABILITY,
            {"days_off": 45},
            [("jkk.wage_replacement", 9_000_000)],
        ),
        # 360 days at 100% = 72,000,000; 40 more at 50% = 4,000,000
        (
            ClaimReason.JKK_TEMPORARY_DISABILITY,
            {"days_off": 400},
            [("jkk.wage_replacement", 76_000_000)],
        ),
        # 10% x 80 x 6,000,000
        (
            ClaimReason.JKK_PARTIAL_DISABILITY,
            {"disability_percent": 10},
            [("jkk.partial_disability", 48_000_000)],
        ),
        # functional: 50% of the function x 10% x 80 x wage
        (
            ClaimReason.JKK_PARTIAL_DISABILITY,
            {"disability_percent": 10, "function_lost_percent": 50},
            [("jkk.partial_disability", 24_000_000)],
        ),
        # 56 x wage + Rp12M periodic
        (
            ClaimReason.JKK_TOTAL_DISABILITY,
            {},
            [("jkk.total_disability", 336_000_000), ("jkk.periodic", 12_000_000)],
        ),
        # 48 x wage + Rp12M + Rp10M funeral
        (
            ClaimReason.JKK_DEATH,
            {"heir_relationship": HeirRelationship.CHILD},
            [("jkk.death", 288_000_000), ("jkk.periodic", 12_000_000), ("jkk.funeral", 10_000_000)],
        ),
        # transport over land is capped at Rp5M
        (
            ClaimReason.JKK_TEMPORARY_DISABILITY,
            {"days_off": 3, "transport_mode": "land", "transport_cost": 7_500_000},
            [("jkk.wage_replacement", 600_000), ("jkk.transport", 5_000_000)],
        ),
        (
            ClaimReason.JKK_TEMPORARY_DISABILITY,
            {"days_off": 1, "transport_mode": "air", "transport_cost": 7_500_000},
            [("jkk.wage_replacement", 200_000), ("jkk.transport", 7_500_000)],
        ),
    ],
)
def test_jkk_benefits(
    reason: ClaimReason, inp: dict[str, Any], lines: list[tuple[str, int]]
) -> None:
    result = run(reason, facts(employments=ACTIVE), event_date=date(2026, 8, 1), **inp)
    assert result.eligible
    assert [(line.code, line.amount) for line in result.benefit.lines] == lines
    assert result.benefit.tax == 0 and result.benefit.gross == sum(a for _, a in lines)


def test_jkk_needs_an_employment_on_the_accident_date() -> None:
    result = run(
        ClaimReason.JKK_TEMPORARY_DISABILITY, facts(), event_date=date(2026, 10, 10), days_off=3
    )
    assert [p.code for p in result.problems] == ["claim.jkk.no_employment_on_date"]


# --- JP ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wage_sum", "monthly"),
    [
        (180 * 8_000_000, 1_200_000),  # 1% x 180/12 x 8,000,000
        (240 * 11_086_300, 2_217_260),  # 1% x 20 x 11,086,300
        (180 * 2_000_000, 300_000),
        (1_199, 1),  # half up
    ],
)
def test_jp_pension_formula(wage_sum: int, monthly: int) -> None:
    assert pension_formula(wage_sum) == monthly


def test_jp_monthly_pension_after_15_years_within_the_limits() -> None:
    retired = facts(birth_date=date(1966, 1, 1), jp_months=180, jp_wage_sum=180 * 8_000_000)
    result = run(ClaimReason.JP_OLD_AGE, retired)
    assert result.eligible and result.benefit.payment_mode is PaymentMode.MONTHLY
    assert result.benefit.gross == 1_200_000 and result.benefit.tax == 0
    low = run(ClaimReason.JP_OLD_AGE, replace(retired, jp_wage_sum=180 * 2_000_000))
    assert low.benefit.gross == 411_400  # the 2026 minimum
    high = run(
        ClaimReason.JP_OLD_AGE, replace(retired, jp_months=480, jp_wage_sum=480 * 20_000_000)
    )
    assert high.benefit.gross == 4_932_300  # the 2026 maximum


def test_jp_lump_sum_under_15_years_is_taxed_like_jht() -> None:
    retired = facts(birth_date=date(1966, 1, 1), jp_months=135, jp_payable=12_345_678)
    result = run(ClaimReason.JP_OLD_AGE, retired, npwp=NpwpStatus.NONE)
    assert result.benefit.payment_mode is PaymentMode.LUMP_SUM
    assert (result.benefit.gross, result.benefit.tax) == (12_345_678, 0)
    big = run(ClaimReason.JP_OLD_AGE, replace(retired, jp_payable=70_000_000), npwp=NpwpStatus.NONE)
    assert (big.benefit.tax, big.benefit.tax_with_npwp, big.benefit.net) == (
        1_200_000,
        1_000_000,
        68_800_000,
    )
    assert big.route is Route.APP  # the JMO limit is a JHT rule


def test_jp_before_the_jp_retirement_age() -> None:
    result = run(ClaimReason.JP_OLD_AGE, facts())
    assert [(p.code, p.params) for p in result.problems] == [
        ("claim.jp.below_retirement_age", {"from": date(2050, 3, 12)})
    ]


# --- documents, forms, numbers -----------------------------------------------------------


def test_documents_per_reason() -> None:
    assert required_documents(ClaimReason.JHT_RESIGNATION) == (
        DocumentType.E_KTP,
        DocumentType.KARTU_KELUARGA,
        DocumentType.RESIGNATION_LETTER,
    )
    assert DocumentType.PHK_PROOF in required_documents(ClaimReason.JHT_TERMINATION)
    assert DocumentType.PASSPORT in required_documents(ClaimReason.JHT_LEAVING_INDONESIA)
    assert DocumentType.HEIR_CERTIFICATE in required_documents(ClaimReason.JKM_DEATH)
    assert DocumentType.ACCIDENT_REPORT in required_documents(ClaimReason.JKK_DEATH)
    assert all(required_documents(reason) for reason in ClaimReason)


def test_missing_documents_are_named() -> None:
    """Presence is the claim rule; what a file may be is the one upload check
    (tests/services/test_attachments.py, and for claims tests/usecases)."""
    assert missing_documents(ClaimReason.JHT_RETIREMENT, {"e_ktp", "kartu_keluarga"}) == []
    assert missing_documents(ClaimReason.JHT_RESIGNATION, {"e_ktp", "passport"}) == [
        DocumentType.KARTU_KELUARGA,
        DocumentType.RESIGNATION_LETTER,
    ]


def test_claim_form_fields_per_reason() -> None:
    parsed = parse_claim_input(
        ClaimProgram.JKM,
        {
            "reason": "jkm.death",
            "deceased_kpj": "2000-0000-001",
            "deceased_nik": "3578011203850001",
            "event_date": "2026-10-01",
            "heir_relationship": "spouse",
        },
        today=TODAY,
    )
    assert (parsed.deceased_kpj, parsed.event_date, parsed.heir_relationship) == (
        "20000000001",
        date(2026, 10, 1),
        HeirRelationship.SPOUSE,
    )
    with pytest.raises(ValidationFailed) as failed:
        parse_claim_input(
            ClaimProgram.JKK,
            {
                "reason": "jkk.temporary_disability",
                "event_date": "2027-01-01",
                "days_off": "x",
                "transport_cost": "100",
            },
            today=TODAY,
        )
    assert {(e.field, e.code) for e in failed.value.errors} == {
        ("event_date", "claim.date_in_future"),
        ("days_off", "claim.not_a_number"),
        ("transport_mode", "claim.transport_incomplete"),
    }
    with pytest.raises(ValidationFailed) as wrong_program:
        parse_claim_input(ClaimProgram.JHT, {"reason": "jkm.death"}, today=TODAY)
    assert wrong_program.value.errors[0].code == "claim.reason_required"
    partial = parse_claim_input(
        ClaimProgram.JHT, {"reason": "jht.partial_other", "amount": "Rp 5.000.000"}, today=TODAY
    )
    assert partial.amount == 5_000_000
    assert (
        parse_claim_input(ClaimProgram.JHT, {"reason": "jht.partial_other"}, today=TODAY).amount
        is None
    )


def test_claim_numbers_read_well() -> None:
    claim_id = uuid4()
    number = claim_number(ClaimProgram.JHT, datetime(2026, 11, 25, tzinfo=UTC).date(), claim_id)
    assert number == f"JHT-20261125-{claim_id.hex[:6].upper()}"
