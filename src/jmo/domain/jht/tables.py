"""Contribution rates and the JP wage cap as dated tables (docs/domain-rules.md §2).

Figures change by regulation; each row has the date it applies from and its source, and the
formulas look rows up by the contribution month, never hard-code a rate. Rates are in basis
points of the monthly wage (1 bp = 0.01%), so shares are computed in integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from jmo.domain.money import Rupiah, percent_of
from jmo.domain.time import age_on

BASIS_POINTS = 10_000

_Row = TypeVar("_Row")


class Program(StrEnum):
    """The programmes with an individual account in the ledger. JKK and JKM contributions are
    pooled insurance premiums paid by the employer alone, with no balance of the worker's
    own, so the ledger does not hold them (docs/rules.md)."""

    JHT = "jht"
    JP = "jp"


@dataclass(frozen=True)
class ContributionRate:
    program: Program
    effective_from: date
    employer_bp: int
    worker_bp: int
    source: str

    @property
    def total_bp(self) -> int:
        return self.employer_bp + self.worker_bp


CONTRIBUTION_RATES: tuple[ContributionRate, ...] = (
    # JHT 5.7% = 3.7% employer + 2% worker, unchanged since Jamsostek (PP 14/1993 Art 9);
    # kept by PP 46/2015 jo PP 60/2015 for the BPJS programme (docs/domain-rules.md §2, H).
    ContributionRate(Program.JHT, date(1993, 1, 1), 370, 200, "PP 14/1993 Art 9"),
    ContributionRate(Program.JHT, date(2015, 7, 1), 370, 200, "PP 46/2015 jo PP 60/2015"),
    # JP 3% = 2% employer + 1% worker from the programme's start, 1 July 2015
    # (PP 45/2015 Art 28; docs/domain-rules.md §2, H).
    ContributionRate(Program.JP, date(2015, 7, 1), 200, 100, "PP 45/2015 Art 28"),
)


@dataclass(frozen=True)
class WageCap:
    effective_from: date
    cap: int
    confidence: str
    source: str


# JP wage cap (docs/domain-rules.md §2): grows yearly by last year's GDP growth, rounded to
# Rp100 (PP 45/2015 Art 29(3)-(4)), set by a BPJS decision and applied from the March
# contribution month (BPJS letter B/1328/022020), so January and February keep last year's.
JP_WAGE_CAPS: tuple[WageCap, ...] = (
    WageCap(date(2015, 7, 1), 7_000_000, "H", "PP 45/2015 Art 29(1)"),
    WageCap(date(2016, 3, 1), 7_335_300, "M", "worked out from the formula"),
    WageCap(date(2017, 3, 1), 7_703_500, "M", "worked out from the formula"),
    WageCap(date(2018, 3, 1), 8_094_000, "M", "worked out from the formula"),
    WageCap(date(2019, 3, 1), 8_512_400, "H", "BPJS letter"),
    WageCap(date(2020, 3, 1), 8_939_700, "H", "BPJS letter B/1328/022020"),
    WageCap(date(2021, 3, 1), 8_754_600, "M", "worked out; 2020 GDP growth -2.07%"),
    WageCap(date(2022, 3, 1), 9_077_600, "M", "worked out from the formula"),
    WageCap(date(2023, 3, 1), 9_559_600, "M", "worked out from the formula"),
    WageCap(date(2024, 3, 1), 10_042_300, "M", "payroll code, consistent with the formula"),
    WageCap(date(2025, 3, 1), 10_547_400, "M", "payroll code and formula"),
    WageCap(date(2026, 3, 1), 11_086_300, "M", "BPJS circular B/1226/022026"),
)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month."""
    return (end.year - start.year) * 12 + end.month - start.month


def _latest(rows: Sequence[_Row], on: date, key: str) -> _Row | None:
    found = None
    for row in rows:
        if getattr(row, key) <= on:
            found = row
    return found


def contribution_rate(program: Program, period: date) -> ContributionRate | None:
    rows = [r for r in CONTRIBUTION_RATES if r.program is program]
    return _latest(rows, period, "effective_from")


def jp_wage_cap(period: date) -> int | None:
    """The cap for a contribution month; None before the programme began."""
    row = _latest(JP_WAGE_CAPS, period, "effective_from")
    return row.cap if row else None


@dataclass(frozen=True)
class Shares:
    wage: int  # the wage the shares were computed on (for JP: after the cap)
    employer: Rupiah
    worker: Rupiah

    @property
    def total(self) -> int:
        return self.employer + self.worker


def contribution_shares(program: Program, monthly_wage: int, period: date) -> Shares | None:
    """The month's employer and worker shares, each rounded half up to the rupiah
    (``percent_of``); None when the programme had no contribution that month."""
    rate = contribution_rate(program, period)
    if rate is None:
        return None
    wage = monthly_wage
    if program is Program.JP:
        cap = jp_wage_cap(period)
        if cap is None:
            return None
        wage = min(monthly_wage, cap)
    return Shares(
        wage=wage,
        employer=percent_of(wage, rate.employer_bp, BASIS_POINTS),
        worker=percent_of(wage, rate.worker_bp, BASIS_POINTS),
    )


# --- retirement ages --------------------------------------------------------------------

# JHT: "reaching retirement age" is 56, or the age in the employment contract, company
# regulation or collective agreement (Permenaker 4/2022 Art 4-5(a); docs/domain-rules.md §3, H).
JHT_RETIREMENT_AGE = 56


def jp_retirement_age(year: int) -> int:
    """PP 45/2015 Art 15 (docs/domain-rules.md §3, H): 56 at first; 57 from 1 January 2019;
    then one year more every 3 years up to 65 (58 in 2022-2024, 59 in 2025-2027, 65 from
    2043)."""
    if year < 2019:
        return 56
    return min(65, 57 + (year - 2019) // 3)


def jp_retirement_date(birth_date: date) -> date:
    """The first birthday on which the person is at least the JP retirement age in force in
    that year. (Someone who turned 58 in 2024 reached it then, even though the age is 59 in
    2025.)"""
    for age in range(56, 66):
        day = _birthday(birth_date, age)
        if age >= jp_retirement_age(day.year):
            return day
    return _birthday(birth_date, 65)


def _birthday(birth_date: date, age: int) -> date:
    year = birth_date.year + age
    if birth_date.month == 2 and birth_date.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 3, 1)
    return birth_date.replace(year=year)


def reached_jht_retirement_age(birth_date: date, today: date) -> bool:
    return age_on(birth_date, today) >= JHT_RETIREMENT_AGE


def average_yearly_cap_growth_bp() -> int:
    """The JP wage cap's average yearly growth over the table, in basis points: a sourced
    figure for the wage-growth assumption of "Simulasi JHT" (the cap follows GDP growth).
    Integer search for g with cap0 * (1+g)^n closest to capN."""
    first, last = JP_WAGE_CAPS[0], JP_WAGE_CAPS[-1]
    years = last.effective_from.year - first.effective_from.year
    best, best_gap = 0, None
    for bp in range(0, 2001):
        value = first.cap
        for _ in range(years):
            value = value * (BASIS_POINTS + bp) // BASIS_POINTS
        gap = abs(value - last.cap)
        if best_gap is None or gap < best_gap:
            best, best_gap = bp, gap
    return best
