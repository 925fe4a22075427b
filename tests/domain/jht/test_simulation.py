"""Simulasi JHT: the projection to retirement, with worked numbers."""

from __future__ import annotations

from datetime import date

from jmo.domain.jht.simulation import Assumptions, parse_assumptions, simulate

DEFAULTS = Assumptions(monthly_wage=6_000_000, wage_growth_bp=427, yield_bp=563, retirement_age=56)


def test_one_last_year_worked_by_hand() -> None:
    # born 1 Jan 1971: 56 on 1 Jan 2027; today 15 Nov 2026 -> November and December remain.
    # Nov + Dec contributions 342,000 each; yield 5.63% on 10,000,000 x 2 months + 342,000 x 1
    # month: (20,000,000 + 342,000) x 563 / 120,000 = 95,437.9 -> 95,438
    result = simulate(
        today=date(2026, 11, 15),
        birth_date=date(1971, 1, 1),
        contributions=8_000_000,
        yields=2_000_000,
        assumptions=Assumptions(6_000_000, 427, 563, 56),
    )
    assert result.retirement_date == date(2027, 1, 1)
    (point,) = result.points
    assert (point.year, point.contributions, point.yields) == (2026, 8_684_000, 2_095_438)
    assert result.final.balance == 10_779_438


def test_wage_grows_each_january_and_the_parts_add_up() -> None:
    result = simulate(
        today=date(2026, 11, 25),
        birth_date=date(1985, 3, 12),
        contributions=0,
        yields=0,
        assumptions=DEFAULTS,
    )
    assert result.retirement_date == date(2041, 3, 12)
    assert [p.year for p in result.points] == list(range(2026, 2042))
    first, second = result.points[0], result.points[1]
    assert first.contributions == 2 * 342_000
    # 2027: wage 6,000,000 x 1.0427 = 6,256,200; 5.7% = 356,603.4 -> 356,603 a month
    assert second.contributions - first.contributions == 12 * 356_603
    assert all(p.balance == p.contributions + p.yields for p in result.points)
    assert result.points[-1].year == 2041  # January and February of 2041 are counted


def test_no_growth_and_no_yield_is_just_the_contributions() -> None:
    result = simulate(
        today=date(2026, 1, 10),
        birth_date=date(1970, 6, 1),
        contributions=1_000_000,
        yields=0,
        assumptions=Assumptions(5_000_000, 0, 0, 56),
    )
    # January 2026 to May 2026: 5 months of 285,000
    assert result.final.balance == 1_000_000 + 5 * 285_000
    assert result.final.yields == 0


def test_already_retired_projects_nothing() -> None:
    result = simulate(
        today=date(2026, 11, 25),
        birth_date=date(1960, 1, 1),
        contributions=5,
        yields=5,
        assumptions=DEFAULTS,
    )
    assert result.points == () and result.final.balance == 10


def test_assumptions_from_the_form_with_errors_per_field() -> None:
    values, errors = parse_assumptions(
        {
            "monthly_wage": "7.500.000",
            "wage_growth": "3,5",
            "yield_rate": "abc",
            "retirement_age": "70",
        },
        defaults=DEFAULTS,
    )
    assert values == Assumptions(7_500_000, 350, 563, 56)
    assert {e.field: e.code for e in errors} == {
        "yield_rate": "simulation.not_a_number",
        "retirement_age": "simulation.out_of_range",
    }
    same, none = parse_assumptions({}, defaults=DEFAULTS)
    assert same == DEFAULTS and none == ()
