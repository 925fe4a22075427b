"""Final tax on a lump-sum JHT or JP (docs/domain-rules.md §4), with worked numbers."""

from __future__ import annotations

from datetime import date

import pytest

from jmo.domain.tax.benefit_tax import NpwpStatus, lump_sum_tax, npwp_status

TODAY = date(2026, 11, 25)
NIK = "3578011203850001"


def test_the_worked_example_of_domain_rules() -> None:
    # Rp80,000,000: taxable 30,000,000; 5% = 1,500,000 with NPWP; x 120% = 1,800,000 without
    with_npwp = lump_sum_tax(80_000_000, NpwpStatus.LEGACY15, on=TODAY)
    without = lump_sum_tax(80_000_000, NpwpStatus.NONE, on=TODAY)
    assert (with_npwp.taxable, with_npwp.tax, with_npwp.net) == (30_000_000, 1_500_000, 78_500_000)
    assert (without.tax, without.net, without.surcharged) == (1_800_000, 78_200_000, True)
    assert without.net - with_npwp.net == -300_000  # the difference is only the surcharge


@pytest.mark.parametrize(
    ("gross", "with_npwp", "without"),
    [
        (0, 0, 0),
        (15_000_000, 0, 0),
        (50_000_000, 0, 0),  # 0% up to and including Rp50M
        (50_000_001, 0, 0),  # 5% of Rp1 = 0.05, rounded down
        (50_000_020, 1, 1),  # 5% of 20 = 1; 120% = 1.2 -> 1
        (50_000_100, 5, 6),
        (60_000_000, 500_000, 600_000),
        (123_456_789, 3_672_839, 4_407_407),  # 73,456,789 x 5% = 3,672,839.45; x 1.2 = 4,407,407.34
    ],
)
def test_tax_table(gross: int, with_npwp: int, without: int) -> None:
    assert lump_sum_tax(gross, NpwpStatus.LEGACY15, on=TODAY).tax == with_npwp
    assert lump_sum_tax(gross, NpwpStatus.NONE, on=TODAY).tax == without
    assert lump_sum_tax(gross, NpwpStatus.NIK_UNVALIDATED, on=TODAY).tax == without
    assert lump_sum_tax(gross, NpwpStatus.NIK_VALID, on=TODAY).tax == with_npwp


@pytest.mark.parametrize(
    ("npwp", "marked", "status"),
    [
        (None, False, NpwpStatus.NONE),
        ("", False, NpwpStatus.NONE),
        ("013121660091000", False, NpwpStatus.LEGACY15),
        ("01.312.166.0-091.000", False, NpwpStatus.LEGACY15),
        ("0013121660091000", False, NpwpStatus.LEGACY15),  # "0" + the old 15 digits
        (NIK, True, NpwpStatus.NIK_VALID),
        (NIK, False, NpwpStatus.NIK_UNVALIDATED),  # not (yet) confirmed by DJP
        ("3273015708900002", True, NpwpStatus.NIK_UNVALIDATED),  # someone else's NIK
    ],
)
def test_npwp_status_from_the_profile(npwp: str | None, marked: bool, status: NpwpStatus) -> None:
    assert npwp_status(npwp, nik=NIK, nik_marked_valid=marked) is status


def test_no_rule_before_pp_68_2009() -> None:
    with pytest.raises(ValueError):
        lump_sum_tax(1, NpwpStatus.NONE, on=date(2008, 1, 1))
