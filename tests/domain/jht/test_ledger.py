"""The ledger: posting from employment, the yearly yield, payouts; with worked numbers."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from jmo.domain.jht.balance import monthly_series, program_balance, statement_for_year
from jmo.domain.jht.ledger import (
    EmploymentPeriod,
    EntryKind,
    LedgerEntry,
    balance_of,
    plan_payout,
    plan_posting,
    split_proportionally,
    yield_amount,
    yield_base,
    yield_due,
)
from jmo.domain.jht.tables import Program
from jmo.domain.jht.yields import YieldRate, YieldStatus, YieldTable, parse_percent_bp

BORN = date(1985, 3, 12)


def flat_yields(rate_bp: int, first: int = 2000, last: int = 2030) -> YieldTable:
    return YieldTable(
        YieldRate(program, year, rate_bp, YieldStatus.ASSUMED, "test")
        for program in Program
        for year in range(first, last + 1)
    )


def contribution(month: date, amount: int, npp: str = "30000001") -> LedgerEntry:
    return LedgerEntry(Program.JHT, EntryKind.CONTRIBUTION, month, npp, amount)


def test_posting_covers_every_ended_month_of_every_employment_once() -> None:
    employments = [
        EmploymentPeriod("30000001", "PT A", date(2024, 11, 20), date(2025, 2, 3), 6_000_000),
        EmploymentPeriod("30000002", "PT B", date(2025, 2, 10), None, 8_000_000),
    ]
    posted = plan_posting(
        [], employments, birth_date=BORN, yields=flat_yields(600), today=date(2025, 5, 15)
    )
    contributions = [e for e in posted if e.kind is EntryKind.CONTRIBUTION]
    jht = sorted((e.period, e.employer_npp) for e in contributions if e.program is Program.JHT)
    # PT A Nov 2024 - Feb 2025; PT B Feb - Apr 2025 (May has not ended): Feb from both
    assert jht == [
        (date(2024, 11, 1), "30000001"),
        (date(2024, 12, 1), "30000001"),
        (date(2025, 1, 1), "30000001"),
        (date(2025, 2, 1), "30000001"),
        (date(2025, 2, 1), "30000002"),
        (date(2025, 3, 1), "30000002"),
        (date(2025, 4, 1), "30000002"),
    ]
    first = next(e for e in contributions if e.program is Program.JHT)
    assert (first.employer_share, first.worker_share, first.amount) == (222_000, 120_000, 342_000)
    # the 2024 yield of PT A's pot: Nov 342,000 x 1 month + Dec 0 months, at 6%
    (yield_2024,) = [e for e in posted if e.kind is EntryKind.YIELD and e.program is Program.JHT]
    assert (yield_2024.period, yield_2024.amount, yield_2024.rate_bp) == (
        date(2024, 12, 1),
        1_710,
        600,
    )
    # posting again adds nothing
    assert (
        plan_posting(
            posted, employments, birth_date=BORN, yields=flat_yields(600), today=date(2025, 5, 15)
        )
        == []
    )


def test_yearly_yield_worked_example() -> None:
    # 342,000 every month of 2016 at 7.19%: base = 342,000 x (11 + 10 + ... + 0) = 22,572,000
    # rupiah-months; yield = 22,572,000 x 7.19% / 12 = 135,243.9 -> 135,244
    pot = [contribution(date(2016, m, 1), 342_000) for m in range(1, 13)]
    assert yield_base(pot, year=2016, through=12) == 22_572_000
    assert yield_due(pot, year=2016, through=12, rate_bp=719) == 135_244
    # the next year the whole balance earns 12 months: 4,239,244 x 7.19% = 304,801.6 -> 304,802
    pot.append(LedgerEntry(Program.JHT, EntryKind.YIELD, date(2016, 12, 1), "30000001", 135_244))
    assert yield_due(pot, year=2017, through=12, rate_bp=719) == 304_802


@pytest.mark.parametrize(
    ("base", "rate_bp", "expected"),
    [
        (10_000_000 * 12, 563, 563_000),  # a year on Rp10M at 5.63%
        (1_000_000 * 11, 600, 55_000),  # a January contribution earns 11 months
        (1, 600, 0),
        (0, 600, 0),
        (-5, 600, 0),
    ],
)
def test_yield_amount(base: int, rate_bp: int, expected: int) -> None:
    assert yield_amount(base, rate_bp) == expected


def test_a_year_without_a_rate_waits() -> None:
    table = YieldTable([YieldRate(Program.JHT, 2023, 500, YieldStatus.ASSUMED, "t")])
    employment = [EmploymentPeriod("30000001", "PT A", date(2023, 1, 1), None, 6_000_000)]
    posted = plan_posting([], employment, birth_date=BORN, yields=table, today=date(2026, 1, 5))
    yields = sorted(e.period.year for e in posted if e.kind is EntryKind.YIELD)
    assert yields == [2023]  # 2024 has no rate: 2024 and 2025 are not credited yet


def test_jp_contributions_stop_at_the_jp_retirement_age() -> None:
    employment = [EmploymentPeriod("30000001", "PT A", date(2023, 1, 1), None, 6_000_000)]
    born = date(1966, 5, 5)  # reaches the JP age (58) on 5 May 2024
    posted = plan_posting(
        [], employment, birth_date=born, yields=flat_yields(0), today=date(2024, 9, 1)
    )
    jp = [e.period for e in posted if e.program is Program.JP and e.kind is EntryKind.CONTRIBUTION]
    jht = [
        e.period for e in posted if e.program is Program.JHT and e.kind is EntryKind.CONTRIBUTION
    ]
    assert max(jp) == date(2024, 5, 1)
    assert max(jht) == date(2024, 8, 1)


def test_full_payout_with_the_years_yield_pro_rata_leaves_nothing_due_at_year_end() -> None:
    yields = flat_yields(600)
    employment = [
        EmploymentPeriod("30000001", "PT A", date(2020, 1, 1), date(2026, 6, 30), 6_000_000)
    ]
    posted = plan_posting([], employment, birth_date=BORN, yields=yields, today=date(2026, 11, 25))
    payout = plan_payout(
        posted, Program.JHT, reference="JHT-1", pay_date=date(2026, 11, 25), yields=yields
    )
    assert payout.available == payout.balance_before + payout.pro_rata_yield
    assert payout.withdrawn == payout.available
    # the pro-rata yield covers January to October
    jht = [e for e in posted if e.program is Program.JHT]
    assert payout.pro_rata_yield == yield_due(jht, year=2026, through=10, rate_bp=600)
    after = [*posted, *payout.entries]
    assert balance_of(e for e in after if e.program is Program.JHT) == 0
    later = plan_posting(after, employment, birth_date=BORN, yields=yields, today=date(2027, 1, 2))
    assert [e for e in later if e.program is Program.JHT] == []


def test_partial_payout_is_taken_from_each_pot_in_proportion() -> None:
    entries = [
        contribution(date(2024, 1, 1), 30_000_000, "30000001"),
        contribution(date(2024, 1, 1), 10_000_000, "30000002"),
    ]
    payout = plan_payout(
        entries,
        Program.JHT,
        reference="JHT-2",
        pay_date=date(2024, 1, 20),
        yields=flat_yields(0),
        amount=4_000_001,
    )
    withdrawals = {
        e.employer_npp: e.amount for e in payout.entries if e.kind is EntryKind.WITHDRAWAL
    }
    assert withdrawals == {"30000001": -3_000_001, "30000002": -1_000_000}
    with pytest.raises(ValueError, match="cannot pay"):
        plan_payout(
            entries,
            Program.JHT,
            reference="x",
            pay_date=date(2024, 1, 20),
            yields=flat_yields(0),
            amount=40_000_001,
        )


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (10, {"a": 1, "b": 1, "c": 1}, {"a": 4, "b": 3, "c": 3}),
        (100, {"a": 3, "b": 1}, {"a": 75, "b": 25}),
        (5, {"a": 0, "b": 2}, {"b": 5}),
        (0, {"a": 1}, {"a": 0}),
    ],
)
def test_split_proportionally_sums_to_the_total(
    total: int, weights: dict[str, int], parts: dict[str, int]
) -> None:
    assert split_proportionally(total, weights) == parts


def test_balance_per_employer_period_split_into_contributions_and_yield() -> None:
    yields = flat_yields(600)
    employment = [
        EmploymentPeriod("30000001", "PT A", date(2022, 1, 1), date(2022, 12, 31), 6_000_000),
        EmploymentPeriod("30000002", "PT B", date(2023, 1, 1), None, 10_000_000),
    ]
    posted = plan_posting([], employment, birth_date=BORN, yields=yields, today=date(2024, 1, 10))
    balance = program_balance(posted, Program.JHT, {"30000001": "PT A", "30000002": "PT B"})
    a, b = balance.pots
    assert (a.employer_name, a.months, a.employer_share, a.worker_share) == (
        "PT A",
        12,
        2_664_000,
        1_440_000,
    )
    assert (b.employer_name, b.months, b.contributions) == ("PT B", 12, 12 * 570_000)
    # PT A: 2022 yield on 342,000 x 66 months-units at 6% = 112,860; 2023: 4,216,860 x 6% = 253,012
    assert a.yields == 112_860 + 253_012
    assert balance.balance == a.balance + b.balance == balance.contributions + balance.yields
    assert balance.months == 24
    series = monthly_series(posted, Program.JHT)
    assert series[-1].balance == balance.balance
    assert series[0].period == date(2022, 1, 1) and len(series) == 24


def test_statement_of_a_year_opens_where_the_last_closed() -> None:
    yields = flat_yields(600)
    employment = [EmploymentPeriod("30000001", "PT A", date(2022, 1, 1), None, 6_000_000)]
    posted = plan_posting([], employment, birth_date=BORN, yields=yields, today=date(2024, 2, 1))
    s2022 = statement_for_year(posted, Program.JHT, 2022, {})
    s2023 = statement_for_year(posted, Program.JHT, 2023, {})
    assert s2022.opening == 0 and s2023.opening == s2022.closing
    assert s2022.contributions == 12 * 342_000 and s2022.yields == 112_860
    assert s2023.employer_share == 12 * 222_000 and s2023.worker_share == 12 * 120_000
    assert [line.kind for line in s2023.lines][-1] is EntryKind.YIELD


def test_a_withdrawal_takes_from_both_parts_of_the_chart() -> None:
    entries = [
        contribution(date(2024, 1, 1), 900_000),
        LedgerEntry(Program.JHT, EntryKind.YIELD, date(2024, 12, 1), "30000001", 100_000),
        LedgerEntry(
            Program.JHT, EntryKind.WITHDRAWAL, date(2025, 1, 1), "30000001", -500_000, reference="x"
        ),
    ]
    last = monthly_series(entries, Program.JHT)[-1]
    assert (last.contributions, last.yields) == (450_000, 50_000)


def test_the_shipped_yield_table_labels_every_year() -> None:
    text = resources.files("jmo.data").joinpath("jht/yields.csv").read_text()
    table = YieldTable.from_csv(text)
    declared = {
        r.year: r.rate_bp for r in table.rates(Program.JHT) if r.status is YieldStatus.DECLARED
    }
    assert declared == {2011: 1010, 2016: 719, 2020: 563}
    assert all(table.rate_for(Program.JHT, y) for y in range(2001, 2027))
    assert all(table.rate_for(Program.JP, y) for y in range(2015, 2027))
    assert all(r.source for r in table.rates(Program.JP))


@pytest.mark.parametrize(
    ("text", "bp"), [("5.63", 563), ("5,63", 563), ("7", 700), ("0.5", 50), ("10.10%", 1010)]
)
def test_percentages_are_read_exactly(text: str, bp: int) -> None:
    assert parse_percent_bp(text) == bp


@pytest.mark.parametrize("text", ["5.631", "abc", "-1", "", "5.6.3"])
def test_bad_percentages_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_percent_bp(text)
