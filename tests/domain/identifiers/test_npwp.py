from __future__ import annotations

import pytest

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.npwp import Npwp, NpwpKind, format_npwp, parse_npwp
from jmo.domain.identifiers.region import RegionDirectory

from .conftest import TODAY

L15, N16, NIK = NpwpKind.LEGACY15, NpwpKind.NPWP16, NpwpKind.NIK


def _parse(raw: str | None, regions: RegionDirectory) -> Npwp | None:
    return parse_npwp(raw, regions=regions, today=TODAY)


# Valid legacy numbers are from python-stdnum's tests (tests/test_id_npwp.doctest),
# which collected them from public documents.
@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("01.312.166.0-091.000", "013121660091000", L15),
        ("016090524017000", "016090524017000", L15),
        ("02 . 433 . 917 . 8 - 011 . 000", "024339178011000", L15),
        ("01.349.129-5-054-000", "013491295054000", L15),
        ("01.544.009.2.543.000", "015440092543000", L15),
        ("017048299643001", "017048299643001", L15),  # a branch (status 001)
        ("90.004.581.6-201.000", "900045816201000", L15),
        ("0013121660091000", "0013121660091000", N16),  # "0" + the old 15 digits
        ("0016-0905-2401-7000", "0016090524017000", N16),
        ("3174011708900001", "3174011708900001", NIK),  # a resident's NIK
        ("9101011708900013", "9101011708900013", NIK),  # NIK with a pre-2022 region
    ],
)
def test_parses_valid_npwp(regions: RegionDirectory, raw: str, value: str, kind: NpwpKind) -> None:
    npwp = _parse(raw, regions)
    assert npwp is not None
    assert (npwp.value, npwp.kind, str(npwp)) == (value, kind, value)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_empty_is_none_because_npwp_is_optional(regions: RegionDirectory, raw: str | None) -> None:
    assert _parse(raw, regions) is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345678901234", "npwp.format"),  # 14 digits
        ("12345678901234567", "npwp.format"),  # 17 digits
        ("FF3456789012345", "npwp.format"),
        ("0012345678901234567890", "npwp.format"),  # a 22-digit NITKU is not an NPWP
        ("01.451.869.7-054.000", "npwp.checksum"),  # stdnum: check digit should be 0
        ("013121661091000", "npwp.checksum"),
        ("0014518697054000", "npwp.checksum"),  # same error in the 16-digit form
        ("9999011708900001", "npwp.nik_invalid"),  # region unknown
        ("3174013208900001", "npwp.nik_invalid"),  # day 32
    ],
)
def test_rejects_invalid_npwp(regions: RegionDirectory, raw: str, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        _parse(raw, regions)
    assert caught.value.code == code
    assert caught.value.field == "npwp"


def test_nik_error_keeps_the_reason(regions: RegionDirectory) -> None:
    with pytest.raises(DomainError) as caught:
        _parse("9999011708900001", regions)
    assert caught.value.params == {"reason": "nik.region_unknown"}


def test_legacy_value_links_old_and_new_forms(regions: RegionDirectory) -> None:
    old, new, nik = (
        _parse(raw, regions) for raw in ("013121660091000", "0013121660091000", "3174011708900001")
    )
    assert old is not None and new is not None and nik is not None
    assert old.legacy_value == new.legacy_value == "013121660091000"
    assert nik.legacy_value is None


@pytest.mark.parametrize(
    ("value", "formatted"),
    [
        ("013000666091000", "01.300.066.6-091.000"),  # stdnum's example
        ("01.331.959.5-054.000", "01.331.959.5-054.000"),
        ("0013000666091000", "0013 0006 6609 1000"),
        ("3174011708900001", "3174 0117 0890 0001"),
    ],
)
def test_formats_for_display(value: str, formatted: str) -> None:
    assert format_npwp(value) == formatted


def test_format_refuses_other_lengths() -> None:
    with pytest.raises(ValueError, match="not an NPWP"):
        format_npwp("123")
