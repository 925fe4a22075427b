"""The shipped region data: it loads, it is consistent, and old NIK prefixes are there."""

from __future__ import annotations

import csv
import io
from datetime import date
from importlib import resources

import pytest

from jmo.adapters.regions import load_region_directory
from jmo.domain.identifiers.nik import parse_nik
from jmo.domain.identifiers.region import RegionDirectory, RegionLevel


@pytest.fixture(scope="module")
def regions() -> RegionDirectory:
    return load_region_directory()


def test_is_loaded_once(regions: RegionDirectory) -> None:
    assert load_region_directory() is regions


def test_counts_match_kepmendagri_2025(regions: RegionDirectory) -> None:
    # idn-area-data 4.0.1 (Kepmendagri 300.2.2-2138 Tahun 2025): 38 provinces, 514
    # regencies/cities.
    counts = regions.counts()
    assert counts[RegionLevel.PROVINCE] == 38
    assert counts[RegionLevel.REGENCY] == 514
    assert counts[RegionLevel.DISTRICT] == 7285
    assert counts[RegionLevel.VILLAGE] == 83762


def test_new_papua_provinces_are_current(regions: RegionDirectory) -> None:
    names = {p.code: p.name for p in regions.provinces()}
    assert {"93", "94", "95", "96"} <= names.keys()
    assert names["96"] == "Papua Barat Daya"


@pytest.mark.parametrize(
    ("code", "name", "last_seen_in"),
    [
        ("9101", "Kabupaten Merauke", "kemendagri-2020"),  # now 93.01 (Papua Selatan)
        ("910101", "Merauke", "kemendagri-2020"),
        ("910901", "Mimika Baru", "kemendagri-2020"),  # Timika, now Papua Tengah
        ("9201", "KABUPATEN SORONG", "2.2.1"),  # now 96.01 (Papua Barat Daya)
        ("3602162018", "Cikaratuan", "3.1.1"),
    ],
)
def test_historic_codes_are_kept(
    regions: RegionDirectory, code: str, name: str, last_seen_in: str
) -> None:
    region = regions.get(code)
    assert region is not None
    assert (region.name, region.current, region.last_seen_in) == (name, False, last_seen_in)


def test_every_parent_exists(regions: RegionDirectory) -> None:
    for level in (RegionLevel.REGENCY, RegionLevel.DISTRICT, RegionLevel.VILLAGE):
        for code in regions.codes(level):
            region = regions.get(code)
            assert region is not None and region.parent is not None
            assert regions.is_current(region.parent), code
    historic = resources.files("jmo").joinpath("data", "regions", "historic.csv")
    for row in csv.DictReader(io.StringIO(historic.read_text(encoding="utf-8"))):
        old = regions.get(row["code"])
        assert old is not None and not old.current and old.parent is not None
        assert regions.exists(old.parent), row["code"]


def test_cascade_jakarta_selatan(regions: RegionDirectory) -> None:
    districts = {d.name: d.code for d in regions.children("3174")}
    assert districts["Tebet"] == "317401"
    assert "Tebet Timur" in {v.name for v in regions.children("317401")}


def test_old_merauke_and_new_merauke_niks_both_parse(regions: RegionDirectory) -> None:
    today = date(2025, 6, 1)
    assert parse_nik("9101011708900001", regions, today=today).region_code == "910101"
    assert parse_nik("9301011708900001", regions, today=today).region_code == "930101"
