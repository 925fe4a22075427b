"""The import formats: docs/import.md lists each file's columns as the code defines them,
and the row rules are the identifier parsers' (a contribution's cached values included)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as hs

from jmo.adapters.regions import load_region_directory
from jmo.domain.bulk_import import (
    CANONICAL_CONTRIBUTIONS,
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


_field = hs.text(alphabet="0123456789AZaz-,/ .\n", max_size=16)
_digits = hs.text(alphabet="0123456789", min_size=1, max_size=16)


def _mostly(
    canonical: hs.SearchStrategy[str], miss: hs.SearchStrategy[str]
) -> hs.SearchStrategy[str]:
    """Nine times in ten the canonical form, else a near miss."""
    return hs.integers(0, 9).flatmap(lambda n: canonical if n < 9 else miss)


def _canon(alphabet: str, shortest: int, longest: int) -> hs.SearchStrategy[str]:
    return hs.text(alphabet=alphabet, min_size=shortest, max_size=longest)


@settings(max_examples=300)
@given(
    # mostly canonical values, with near misses: both sides of the expression are exercised
    kpj=_mostly(_canon("0123456789", 11, 11), hs.one_of(_digits, _field)),
    npp=_mostly(_canon("AZ09", 8, 8), hs.one_of(_canon("AZ09az", 8, 8), _field)),
    year=hs.integers(1985, 2110),
    month=hs.integers(0, 13),
    program=hs.sampled_from(["jht", "jp", "jht", "jp", "JHT", "jk"]),
    money=hs.lists(
        _mostly(_canon("0123456789", 1, 15), hs.one_of(_digits, _field)), min_size=3, max_size=3
    ),
)
def test_a_canonical_contribution_line_passes_the_row_rules_unchanged(
    kpj: str, npp: str, year: int, month: int, program: str, money: list[str]
) -> None:
    line = f"{kpj},{npp},{year:04d}-{month:02d},{program},{','.join(money)}\n"
    if CANONICAL_CONTRIBUTIONS.fullmatch(line) is None:
        return
    checker = ContributionChecker(today=date(2300, 1, 1))  # the month rules are apart
    values = line.rstrip("\n").split(",")
    if checker.month_errors(values[2], values[3]):
        return  # rejected per distinct month by the set step, not here
    checked = checker.check(values)
    event("canonical")
    assert (checked.kpj, checked.npp, f"{checked.period:%Y-%m}", checked.program.value) == tuple(
        values[:4]
    )
    assert [checked.wage, checked.employer_share, checked.worker_share] == [
        int(v) for v in values[4:]
    ]


def test_the_canonical_form_is_what_the_generator_writes() -> None:
    sample = Path(__file__).parents[1] / "data" / "import" / "good" / "contributions.csv"
    body = sample.read_text(encoding="utf-8").split("\n", 1)[1]
    assert CANONICAL_CONTRIBUTIONS.fullmatch(body) is not None
