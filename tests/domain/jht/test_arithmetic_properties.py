"""Money and JHT arithmetic as properties (Hypothesis): integer rupiah, rounding half up
as the rules say, shares and splits that add up, a statement whose closing balance is its
opening plus its lines. Each is compared with exact fractions, not with the code again."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jmo.domain.jht.balance import statement_for_year
from jmo.domain.jht.ledger import EntryKind, LedgerEntry, split_proportionally, yield_amount
from jmo.domain.jht.tables import (
    BASIS_POINTS,
    Program,
    contribution_rate,
    contribution_shares,
    jp_wage_cap,
)
from jmo.domain.money import format_rupiah, percent_of

AMOUNTS = st.integers(min_value=0, max_value=10**13)  # up to Rp10 trillion
PERIODS = st.dates(min_value=date(2015, 7, 1), max_value=date(2030, 12, 1)).map(
    lambda d: d.replace(day=1)
)


def half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@given(amount=AMOUNTS, numerator=st.integers(0, 10**6), denominator=st.integers(1, 10**6))
def test_percent_of_rounds_half_up_exactly(amount: int, numerator: int, denominator: int) -> None:
    assert percent_of(amount, numerator, denominator) == half_up(
        Fraction(amount * numerator, denominator)
    )


@given(amount=st.integers(-(10**13), 10**13))
def test_rupiah_text_reads_back_as_the_amount(amount: int) -> None:
    text = format_rupiah(amount)
    assert text.startswith("-Rp" if amount < 0 else "Rp")
    digits = text.split("Rp", 1)[1]
    assert int(digits.replace(".", "")) == abs(amount)
    assert all(len(group) == 3 for group in digits.split(".")[1:])


@given(wage=st.integers(0, 10**9), period=PERIODS, program=st.sampled_from(list(Program)))
def test_contribution_shares_are_each_rounded_and_add_up(
    wage: int, period: date, program: Program
) -> None:
    shares = contribution_shares(program, wage, period)
    rate = contribution_rate(program, period)
    if shares is None:
        assert rate is None or (program is Program.JP and jp_wage_cap(period) is None)
        return
    assert rate is not None
    base = min(wage, jp_wage_cap(period) or wage) if program is Program.JP else wage
    assert shares.wage == base
    assert shares.employer == half_up(Fraction(base * rate.employer_bp, BASIS_POINTS))
    assert shares.worker == half_up(Fraction(base * rate.worker_bp, BASIS_POINTS))
    assert shares.total == shares.employer + shares.worker
    # rounding each share apart is never more than a rupiah from the total rate
    assert (
        abs(shares.total - Fraction(base * (rate.employer_bp + rate.worker_bp), BASIS_POINTS)) <= 1
    )


@settings(max_examples=300)
@given(
    total=st.integers(0, 10**12),
    weights=st.dictionaries(
        st.text(alphabet="0123456789", min_size=1, max_size=3), st.integers(0, 10**9), max_size=8
    ),
)
def test_a_split_adds_up_and_each_part_is_within_a_rupiah(
    total: int, weights: dict[str, int]
) -> None:
    parts = split_proportionally(total, weights)
    positive = {k: w for k, w in weights.items() if w > 0}
    assert set(parts) == set(positive)
    whole = sum(positive.values())
    if whole == 0:
        assert all(v == 0 for v in parts.values())
        return
    assert sum(parts.values()) == total
    for key, weight in positive.items():
        assert abs(parts[key] - Fraction(total * weight, whole)) < 1


@given(base=st.integers(-(10**6), 10**12), rate_bp=st.integers(0, 2_000))
def test_a_months_yield_is_the_yearly_rate_over_twelve_rounded_half_up(
    base: int, rate_bp: int
) -> None:
    expected = half_up(Fraction(base * rate_bp, 12 * BASIS_POINTS)) if base > 0 else 0
    assert yield_amount(base, rate_bp) == expected


ENTRIES = st.lists(
    st.builds(
        LedgerEntry,
        program=st.just(Program.JHT),
        kind=st.sampled_from(list(EntryKind)),
        period=st.dates(min_value=date(2018, 1, 1), max_value=date(2022, 12, 1)).map(
            lambda d: d.replace(day=1)
        ),
        employer_npp=st.sampled_from(["11111111", "22222222"]),
        amount=st.integers(-(10**8), 10**8),
    ),
    max_size=40,
)


@given(entries=ENTRIES, year=st.integers(2018, 2022))
def test_a_statement_closes_at_its_opening_plus_its_lines(
    entries: list[LedgerEntry], year: int
) -> None:
    statement = statement_for_year(entries, Program.JHT, year, {})
    assert statement.opening == sum(e.amount for e in entries if e.period.year < year)
    assert statement.closing == sum(e.amount for e in entries if e.period.year <= year)
    assert statement.closing == (
        statement.opening + statement.contributions + statement.yields + statement.withdrawals
    )
    periods = [line.period for line in statement.lines]
    assert periods == sorted(periods) and all(p.year == year for p in periods)
