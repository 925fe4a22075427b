"""KPJ, NPP, passport, KK and the address parts."""

from __future__ import annotations

import pytest

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.address import parse_postal_code, parse_rt, parse_rt_rw, parse_rw
from jmo.domain.identifiers.kk import parse_kk
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.npp import parse_npp
from jmo.domain.identifiers.passport import parse_passport
from jmo.domain.identifiers.region import RegionDirectory


def _code(call: object, *args: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    ("raw", "kpj"),
    [
        ("12345678901", "12345678901"),
        ("123-4567-8901", "12345678901"),
        (" 1234 5678 901 ", "12345678901"),
    ],
)
def test_accepts_kpj(raw: str, kpj: str) -> None:
    assert parse_kpj(raw) == kpj


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "field.required"),
        ("1234567890", "kpj.format"),
        ("123456789012", "kpj.format"),
        ("1234567890A", "kpj.format"),
    ],
)
def test_rejects_kpj(raw: str | None, code: str) -> None:
    assert _code(parse_kpj, raw) == code


@pytest.mark.parametrize(
    ("raw", "npp"),
    [("12345678", "12345678"), ("ab12cd34", "AB12CD34"), ("AB12-CD34", "AB12CD34")],
)
def test_accepts_npp(raw: str, npp: str) -> None:
    assert parse_npp(raw) == npp


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "field.required"),
        ("AB12CD3", "npp.format"),
        ("AB12CD345", "npp.format"),
        ("AB12CD3!", "npp.format"),
    ],
)
def test_rejects_npp(raw: str, code: str) -> None:
    assert _code(parse_npp, raw) == code


@pytest.mark.parametrize(
    ("raw", "foreign", "passport"),
    [
        (None, False, None),
        ("  ", False, None),
        ("a1234567", False, "A1234567"),
        ("B 123 4567", False, "B1234567"),
        ("AB123456", False, "AB123456"),
        ("X1234Y5Z", True, "X1234Y5Z"),
        ("123456", True, "123456"),
    ],
)
def test_passport_is_optional_and_upper_cased(
    raw: str | None, foreign: bool, passport: str | None
) -> None:
    assert parse_passport(raw, foreign=foreign) == passport


@pytest.mark.parametrize(
    ("raw", "foreign"),
    [
        ("A12345", False),
        ("ABC1234567", False),
        ("12345678", False),
        ("A123456789", False),
        ("X12", True),
        ("X1234567890", True),
    ],
)
def test_rejects_passport(raw: str, foreign: bool) -> None:
    assert _code(parse_passport, raw, foreign=foreign) == "passport.format"


def test_accepts_kk_with_current_or_historic_prefix(regions: RegionDirectory) -> None:
    assert parse_kk("3174-0101-2020-0001", regions) == "3174010120200001"
    assert parse_kk("9101010101150003", regions) == "9101010101150003"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "field.required"),
        ("317401012020000", "kk.format"),
        ("317401012020000X", "kk.format"),
        ("9999010120200001", "kk.region_unknown"),
    ],
)
def test_rejects_kk(regions: RegionDirectory, raw: str, code: str) -> None:
    assert _code(parse_kk, raw, regions) == code


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("3", "003"), ("03", "003"), ("003", "003"), ("000", "000"), (" 12 ", "012")],
)
def test_rt_and_rw_are_stored_zero_padded(raw: str, stored: str) -> None:
    assert parse_rt(raw) == stored
    assert parse_rw(raw) == stored


@pytest.mark.parametrize("raw", ["1234", "a1", "1 2", "-1", "٣"])
def test_rejects_rt_and_rw(raw: str) -> None:
    assert _code(parse_rt, raw) == "rt.format"
    assert _code(parse_rw, raw) == "rw.format"


@pytest.mark.parametrize(
    ("raw", "pair"),
    [("3/11", ("003", "011")), ("RT 003 / RW 011", ("003", "011")), ("rt3/rw11", ("003", "011"))],
)
def test_parses_rt_rw_as_printed_on_the_ktp(raw: str, pair: tuple[str, str]) -> None:
    assert parse_rt_rw(raw) == pair


@pytest.mark.parametrize("raw", ["3-11", "003/0111", "RT 3"])
def test_rejects_rt_rw_pairs(raw: str) -> None:
    assert _code(parse_rt_rw, raw) == "rt.format"


@pytest.mark.parametrize(
    ("raw", "code"), [("40115", "40115"), (" 99351 ", "99351"), ("401 15", "40115")]
)
def test_accepts_postal_codes(raw: str, code: str) -> None:
    assert parse_postal_code(raw) == code


@pytest.mark.parametrize("raw", ["04011", "4011", "401155", "4O115"])
def test_rejects_postal_codes(raw: str) -> None:
    assert _code(parse_postal_code, raw) == "postal_code.format"
