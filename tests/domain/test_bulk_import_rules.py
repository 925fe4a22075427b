"""The import formats: docs/import.md lists each file's columns as the code defines them,
and the row rules are the identifier parsers' (a contribution's cached values included)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from jmo.adapters.regions import load_region_directory
from jmo.domain.bulk_import import (
    FILES,
    ContributionChecker,
    RowRejected,
    check_employment,
    check_participant,
    parse_month,
)
from jmo.domain.errors import DomainError

DOC = Path(__file__).parents[2] / "docs" / "import.md"
TODAY = date(2026, 11, 25)


def test_the_documentation_lists_each_files_columns_in_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    for spec in FILES:
        section = text.split(f"### {spec.filename}", 1)[1].split("###", 1)[0]
        documented = tuple(re.findall(r"^\| (\w+) \|", section, flags=re.MULTILINE))[
            1:
        ]  # after "column"
        assert documented == spec.columns, spec.filename


def _codes(exc: pytest.ExceptionInfo[RowRejected]) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.value.errors]


def test_a_participant_row_reports_every_bad_field() -> None:
    with pytest.raises(RowRejected) as exc:
        check_participant(
            ["123", "3174011505850001", "R2D2", "Jakarta", "1985-05-15", "P", "12"],
            regions=load_region_directory(),
            today=TODAY,
        )
    assert _codes(exc) == [
        ("kpj", "kpj.format"),
        ("full_name", "name.characters"),
        ("nik", "nik.gender_mismatch"),
        ("npwp", "npwp.format"),
    ]


def test_an_employment_may_not_end_before_it_starts() -> None:
    with pytest.raises(RowRejected) as exc:
        check_employment(
            ["10000000001", "A1234567", "2020-05-01", "2020-04-30", "5000000"], today=TODAY
        )
    assert _codes(exc) == [("end_date", "import.end_before_start")]


def test_contribution_rules_give_the_same_answer_from_the_cache() -> None:
    checker = ContributionChecker(today=TODAY)
    good = ["10000000001", "a1234567", "2024-05", "JP", "5000000", "100000", "50000"]
    first = checker.check(good)
    assert checker.check(good) == first
    assert (first.npp, first.period, first.program.value) == ("A1234567", date(2024, 5, 1), "jp")
    for _ in range(2):  # the second time from the cache
        with pytest.raises(RowRejected) as exc:
            checker.check(["1000000000", "A1234567", "2015-06", "jp", "1", "-1", "x"])
        assert _codes(exc) == [
            ("kpj", "kpj.format"),
            ("period", "import.program_not_started"),
            ("employer_share", "import.rupiah"),
            ("worker_share", "import.rupiah"),
        ]


@pytest.mark.parametrize("raw", ["2024-13", "2024-5", "24-05", "2024/05", ""])
def test_a_month_is_yyyy_mm(raw: str) -> None:
    with pytest.raises(DomainError):
        parse_month(raw)
