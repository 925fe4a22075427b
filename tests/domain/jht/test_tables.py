"""Contribution shares and the JP wage cap, with worked numbers (docs/domain-rules.md §2)."""

from __future__ import annotations

from datetime import date

import pytest

from jmo.domain.jht.tables import (
    Program,
    average_yearly_cap_growth_bp,
    contribution_shares,
    jp_retirement_age,
    jp_retirement_date,
    jp_wage_cap,
)


@pytest.mark.parametrize(
    ("program", "wage", "period", "employer", "worker", "base"),
    [
        # JHT 3.7% + 2%: no cap
        (Program.JHT, 6_000_000, date(2026, 10, 1), 222_000, 120_000, 6_000_000),
        (Program.JHT, 12_750_000, date(2026, 10, 1), 471_750, 255_000, 12_750_000),
        # half up to the rupiah: 4,321,987 x 3.7% = 159,913.52; x 2% = 86,439.74
        (Program.JHT, 4_321_987, date(2020, 5, 1), 159_914, 86_440, 4_321_987),
        (Program.JHT, 3_000_000, date(2006, 1, 1), 111_000, 60_000, 3_000_000),
        # JP 2% + 1% up to the cap; the 2026 cap applies from March (domain-rules §2 example)
        (Program.JP, 12_750_000, date(2026, 3, 1), 221_726, 110_863, 11_086_300),
        (Program.JP, 12_750_000, date(2026, 2, 1), 210_948, 105_474, 10_547_400),
        (Program.JP, 6_000_000, date(2026, 3, 1), 120_000, 60_000, 6_000_000),
        (Program.JP, 9_000_000, date(2020, 3, 1), 178_794, 89_397, 8_939_700),
        (Program.JP, 9_000_000, date(2015, 7, 1), 140_000, 70_000, 7_000_000),
    ],
)
def test_contribution_shares(
    program: Program, wage: int, period: date, employer: int, worker: int, base: int
) -> None:
    shares = contribution_shares(program, wage, period)
    assert shares is not None
    assert (shares.employer, shares.worker, shares.wage) == (employer, worker, base)
    assert isinstance(shares.employer, int) and isinstance(shares.worker, int)


def test_jp_has_no_contribution_before_july_2015() -> None:
    assert contribution_shares(Program.JP, 6_000_000, date(2015, 6, 1)) is None
    assert jp_wage_cap(date(2015, 6, 1)) is None


@pytest.mark.parametrize(
    ("period", "cap"),
    [
        (date(2015, 7, 1), 7_000_000),
        (date(2016, 2, 1), 7_000_000),  # January and February keep last year's cap
        (date(2016, 3, 1), 7_335_300),
        (date(2021, 3, 1), 8_754_600),  # 2020 GDP fell: the cap went down
        (date(2025, 12, 1), 10_547_400),
        (date(2026, 3, 1), 11_086_300),
    ],
)
def test_jp_wage_cap_by_month(period: date, cap: int) -> None:
    assert jp_wage_cap(period) == cap


@pytest.mark.parametrize(
    ("year", "age"),
    [
        (2015, 56),
        (2018, 56),
        (2019, 57),
        (2021, 57),
        (2022, 58),
        (2025, 59),
        (2028, 60),
        (2043, 65),
        (2060, 65),
    ],
)
def test_jp_retirement_age_by_year(year: int, age: int) -> None:
    assert jp_retirement_age(year) == age


@pytest.mark.parametrize(
    ("born", "retires"),
    [
        (date(1962, 6, 1), date(2018, 6, 1)),  # 56 in 2018
        (date(1962, 12, 31), date(2018, 12, 31)),  # 56 on the last day of 2018
        (date(1963, 3, 1), date(2020, 3, 1)),  # 56 in 2019 is short of 57: 57 in 2020
        (date(1966, 5, 5), date(2024, 5, 5)),  # 58 in 2024
        (date(1967, 1, 10), date(2026, 1, 10)),  # 58 in 2025 is short of 59: 59 in 2026
        (date(1985, 3, 12), date(2050, 3, 12)),  # 65 from 2043
    ],
)
def test_jp_retirement_date(born: date, retires: date) -> None:
    assert jp_retirement_date(born) == retires


def test_wage_growth_assumption_comes_from_the_cap_table() -> None:
    # 7,000,000 (2015) -> 11,086,300 (2026): about 4.27% a year
    assert average_yearly_cap_growth_bp() == 427
