"""A small region directory and a fixed "today" for the identifier tests."""

from __future__ import annotations

from datetime import date

import pytest

from jmo.domain.identifiers.region import RegionDirectory

TODAY = date(2025, 6, 1)

CURRENT: list[tuple[str, str | None, str]] = [
    ("31", None, "Daerah Khusus Ibukota Jakarta"),
    ("32", None, "Jawa Barat"),
    ("91", None, "Papua"),
    ("93", None, "Papua Selatan"),
    ("3174", "31", "Kota Administrasi Jakarta Selatan"),
    ("3171", "31", "Kota Administrasi Jakarta Pusat"),
    ("3273", "32", "Kota Bandung"),
    ("9103", "91", "Kabupaten Jayapura"),
    ("9301", "93", "Kabupaten Merauke"),
    ("317401", "3174", "Tebet"),
    ("317402", "3174", "Setiabudi"),
    ("327301", "3273", "Sukasari"),
    ("910301", "9103", "Sentani"),
    ("930101", "9301", "Merauke"),
    ("3174011001", "317401", "Tebet Timur"),
    ("3174011002", "317401", "Tebet Barat"),
]
# Merauke was Papua 91.01 before Papua Selatan was split off in 2022; old NIKs keep 9101xx.
HISTORIC: list[tuple[str, str, str]] = [
    ("9101", "Kabupaten Merauke", "kemendagri-2020"),
    ("910101", "Merauke", "kemendagri-2020"),
    ("910102", "Muting", "kemendagri-2020"),
]


@pytest.fixture(scope="session")
def regions() -> RegionDirectory:
    return RegionDirectory(CURRENT, HISTORIC)
