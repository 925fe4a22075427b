from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.nik import check_nik_consistent, mask_nik, parse_nik
from jmo.domain.identifiers.region import RegionDirectory, RegionLevel
from jmo.domain.reference import Gender

from .conftest import TODAY

M, F = Gender.MALE, Gender.FEMALE


@pytest.mark.parametrize(
    ("raw", "value", "born", "gender"),
    [
        ("3174011708900001", "3174011708900001", date(1990, 8, 17), M),
        ("3174 0157 0890 0002", "3174015708900002", date(1990, 8, 17), F),  # day + 40
        ("31.74.01.170890.0003", "3174011708900003", date(1990, 8, 17), M),
        (" 3174-0141-0200-0004 ", "3174014102000004", date(2000, 2, 1), F),
        ("3174017112990005", "3174017112990005", date(1999, 12, 31), F),
        ("3174010101050006", "3174010101050006", date(2005, 1, 1), M),  # 20YY when not future
        ("3174010101300007", "3174010101300007", date(1930, 1, 1), M),  # 2030 is future
        ("3174010106250008", "3174010106250008", date(2025, 6, 1), M),  # today itself
        ("3174010206250009", "3174010206250009", date(1925, 6, 2), M),  # tomorrow -> 1925
        ("3174012902000010", "3174012902000010", date(2000, 2, 29), M),  # 1900 not leap
        ("3174016902960011", "3174016902960011", date(1996, 2, 29), F),
        ("3174012902280012", "3174012902280012", date(1928, 2, 29), M),  # 2028 is future
        ("9101011708900013", "9101011708900013", date(1990, 8, 17), M),  # pre-2022 Merauke
        ("3174011708909999", "3174011708909999", date(1990, 8, 17), M),
    ],
)
def test_parses_valid_niks(
    regions: RegionDirectory, raw: str, value: str, born: date, gender: Gender
) -> None:
    nik = parse_nik(raw, regions, today=TODAY)
    assert (nik.value, nik.birth_date, nik.gender) == (value, born, gender)
    assert nik.region_code == value[:6]
    assert nik.serial == value[12:]
    assert str(nik) == value


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "nik.required"),
        ("", "nik.required"),
        ("   ", "nik.required"),
        ("317401170890001", "nik.format"),  # 15 digits
        ("31740117089000011", "nik.format"),  # 17 digits
        ("31740117089O0001", "nik.format"),  # letter O
        ("３１７４０１１７０８９０００１", "nik.format"),  # full-width digits
        ("3174011708900001x", "nik.format"),
        ("9999011708900001", "nik.region_unknown"),
        ("3174991708900001", "nik.region_unknown"),  # province and regency exist, district not
        ("3174010008900001", "nik.birth_date_invalid"),  # day 0
        ("3174013208900001", "nik.birth_date_invalid"),  # day 32
        ("3174014008900001", "nik.birth_date_invalid"),  # 40 is neither a man's nor a woman's day
        ("3174017208900001", "nik.birth_date_invalid"),  # woman's day 32
        ("3174011700900001", "nik.birth_date_invalid"),  # month 0
        ("3174011713900001", "nik.birth_date_invalid"),  # month 13
        ("3174013102900001", "nik.birth_date_invalid"),  # 31 February
        ("3174012902010001", "nik.birth_date_invalid"),  # 29 Feb 1901 and 2001: no leap year
        ("3174011708900000", "nik.serial_invalid"),
    ],
)
def test_rejects_invalid_niks(regions: RegionDirectory, raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_nik(raw, regions, today=TODAY)
    assert caught.value.code == code
    assert caught.value.field == "nik"


def test_region_error_names_the_code(regions: RegionDirectory) -> None:
    with pytest.raises(DomainError) as caught:
        parse_nik("9999011708900001", regions, today=TODAY, field="spouse_nik")
    assert caught.value.params == {"region": "99.99.01"}
    assert caught.value.field == "spouse_nik"


def test_never_compares_the_prefix_with_todays_address(regions: RegionDirectory) -> None:
    # Registered in Merauke when it was Papua (91.01); the place is 93.01 today. Both parse.
    assert parse_nik("9101011708900013", regions, today=TODAY).province_code == "91"
    assert parse_nik("9301011708900013", regions, today=TODAY).province_code == "93"


def test_known_birth_date_decides_the_century(regions: RegionDirectory) -> None:
    nik = parse_nik("3174010101050006", regions, today=TODAY, birth_date=date(1905, 1, 1))
    assert nik.birth_date == date(1905, 1, 1)


def test_known_birth_date_in_1900_refuses_29_february(regions: RegionDirectory) -> None:
    with pytest.raises(DomainError) as caught:
        parse_nik("3174012902000010", regions, today=TODAY, birth_date=date(1900, 3, 1))
    assert caught.value.code == "nik.birth_date_invalid"


def test_consistent_with_record(regions: RegionDirectory) -> None:
    nik = parse_nik("3174015708900002", regions, today=TODAY)
    check_nik_consistent(nik, birth_date=date(1990, 8, 17), gender=F)


def test_consistency_ignores_the_guessed_century(regions: RegionDirectory) -> None:
    nik = parse_nik("3174010101050006", regions, today=TODAY)  # guessed 2005
    check_nik_consistent(nik, birth_date=date(1905, 1, 1), gender=M)


@pytest.mark.parametrize(
    ("born", "gender", "code"),
    [
        (date(1990, 8, 18), F, "nik.birth_date_mismatch"),
        (date(1991, 8, 17), F, "nik.birth_date_mismatch"),
        (date(1990, 8, 17), M, "nik.gender_mismatch"),
    ],
)
def test_reports_mismatch_with_record(
    regions: RegionDirectory, born: date, gender: Gender, code: str
) -> None:
    nik = parse_nik("3174015708900002", regions, today=TODAY)
    with pytest.raises(DomainError) as caught:
        check_nik_consistent(nik, birth_date=born, gender=gender)
    assert caught.value.code == code


def test_masks_for_screens() -> None:
    assert mask_nik("3174015708900002") == "3174 **** **** **02"
    assert mask_nik("3174 0157 0890 0002") == "3174 **** **** **02"
    assert mask_nik("12345") == "*****"


@given(
    born=st.dates(min_value=date(1905, 1, 1), max_value=TODAY),
    gender=st.sampled_from(list(Gender)),
    serial=st.integers(min_value=1, max_value=9999),
    index=st.integers(min_value=0),
)
def test_any_well_formed_nik_round_trips(
    regions: RegionDirectory, born: date, gender: Gender, serial: int, index: int
) -> None:
    districts = regions.codes(RegionLevel.DISTRICT)
    district = districts[index % len(districts)]
    day = born.day + (40 if gender is Gender.FEMALE else 0)
    value = f"{district}{day:02d}{born:%m%y}{serial:04d}"
    nik = parse_nik(value, regions, today=TODAY, birth_date=born)
    assert (nik.value, nik.birth_date, nik.gender, nik.serial) == (
        value,
        born,
        gender,
        f"{serial:04d}",
    )
    check_nik_consistent(nik, birth_date=born, gender=gender)


@given(born=st.dates(min_value=TODAY - timedelta(days=365 * 99), max_value=TODAY))
def test_century_guess_is_right_for_anyone_under_99(regions: RegionDirectory, born: date) -> None:
    value = f"317401{born:%d%m%y}0001"
    assert parse_nik(value, regions, today=TODAY).birth_date == born
