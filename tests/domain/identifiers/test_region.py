from __future__ import annotations

import pytest

from jmo.domain.identifiers.region import (
    RegionDirectory,
    RegionLevel,
    format_code,
    level_of,
    normalise_code,
)

from .conftest import CURRENT


@pytest.mark.parametrize(
    ("code", "formatted"),
    [("31", "31"), ("3174", "31.74"), ("317401", "31.74.01"), ("3174011001", "31.74.01.1001")],
)
def test_formats_codes_the_kemendagri_way(code: str, formatted: str) -> None:
    assert format_code(code) == formatted
    assert normalise_code(formatted) == code


@pytest.mark.parametrize("bad", ["", "3", "317", "31740", "3174011", "31a4", "３１"])
def test_rejects_strings_that_are_not_region_codes(bad: str) -> None:
    assert level_of(bad) is None
    with pytest.raises(ValueError, match="not a region code"):
        format_code(bad)


def test_levels_follow_code_length() -> None:
    assert [level_of(c) for c in ("31", "3174", "317401", "3174011001")] == list(RegionLevel)


def test_lists_provinces_in_code_order(regions: RegionDirectory) -> None:
    assert [p.code for p in regions.provinces()] == ["31", "32", "91", "93"]


def test_cascades_from_province_to_village(regions: RegionDirectory) -> None:
    assert [r.code for r in regions.children("31")] == ["3171", "3174"]
    assert [r.name for r in regions.children("3174")] == ["Tebet", "Setiabudi"]
    villages = regions.children("317401")
    assert [v.code for v in villages] == ["3174011001", "3174011002"]
    assert villages[0].level is RegionLevel.VILLAGE
    assert villages[0].parent == "317401"
    assert regions.children("3174011001") == []
    assert regions.children("99") == []
    assert regions.children("x") == []


def test_children_do_not_leak_into_neighbouring_codes(regions: RegionDirectory) -> None:
    # 3171 sorts just before 3174: a prefix search must not pick up its (absent) children.
    assert regions.children("3171") == []


def test_historic_codes_exist_but_are_not_current(regions: RegionDirectory) -> None:
    assert regions.exists("910101")
    assert not regions.is_current("910101")
    old = regions.get("910101")
    assert old is not None
    assert (old.current, old.last_seen_in, old.parent) == (False, "kemendagri-2020", "9101")
    assert regions.exists("930101") and regions.is_current("930101")
    assert not regions.exists("999999")
    assert regions.get("999999") is None
    assert regions.get("abc") is None


def test_historic_children_only_on_request(regions: RegionDirectory) -> None:
    assert [r.code for r in regions.children("91")] == ["9103"]
    with_old = regions.children("91", include_historic=True)
    assert [(r.code, r.current) for r in with_old] == [("9101", False), ("9103", True)]
    assert [r.name for r in regions.children("9101", include_historic=True)] == [
        "Merauke",
        "Muting",
    ]


def test_path_lists_ancestors_province_first(regions: RegionDirectory) -> None:
    assert [r.code for r in regions.path("3174011001")] == ["31", "3174", "317401", "3174011001"]
    assert [r.current for r in regions.path("910101")] == [True, False, False]
    assert regions.get("3174011001") is not None
    assert regions.path("999999") == []


def test_counts_and_codes(regions: RegionDirectory) -> None:
    assert regions.counts()[RegionLevel.DISTRICT] == 5
    assert regions.codes(RegionLevel.REGENCY) == ("3171", "3174", "3273", "9103", "9301")
    assert regions.historic_count() == 3


@pytest.mark.parametrize(
    ("current", "historic", "message"),
    [
        ([("3x", None, "Bad")], [], "not a region code"),
        ([("3174", "32", "Wrong parent")], [], "not its prefix"),
        ([("31", "3", "Province with a parent")], [], "not its prefix"),
        (CURRENT, [("317401", "Tebet", "old")], "both current and historic"),
    ],
)
def test_refuses_bad_rows(
    current: list[tuple[str, str | None, str]],
    historic: list[tuple[str, str, str]],
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        RegionDirectory(current, historic)
