from __future__ import annotations

from datetime import date

import pytest

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.dates import check_birth_date, parse_birth_date, parse_date
from jmo.domain.identifiers.names import name_key, parse_person_name

from .conftest import TODAY


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Sukarno", "Sukarno"),  # one word is a whole name
        ("Ni Luh Putu Ayu", "Ni Luh Putu Ayu"),
        ("Ma'ruf Amin", "Ma'ruf Amin"),
        ("Ma’ruf Amin", "Ma’ruf Amin"),  # typographic apostrophe
        ("Siti Nurhaliza-Putri", "Siti Nurhaliza-Putri"),
        ("Drs. H. Ahmad Dahlan, S.E.", "Drs. H. Ahmad Dahlan, S.E."),
        ("  Budi    Santoso \t", "Budi Santoso"),
        ("Budi\nSantoso", "Budi Santoso"),
        ("BUDI SANTOSO", "BUDI SANTOSO"),  # case kept as on the KTP
        ("Zoë", "Zoë"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("Jose\u0301", "José"),  # decomposed accent, composed by NFC
        ("Ab", "Ab"),
        ("A" * 100, "A" * 100),
    ],
)
def test_accepts_names(raw: str, name: str) -> None:
    assert parse_person_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "name.required"),
        ("   ", "name.required"),
        ("Budi2", "name.characters"),
        ("Budi@Santoso", "name.characters"),
        ("Budi_Santoso", "name.characters"),
        ("Budi 😀", "name.characters"),
        ("-- ..", "name.characters"),  # punctuation without a letter
        ("A", "name.length"),
        ("A" * 101, "name.length"),
    ],
)
def test_rejects_names(raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_person_name(raw, "mother_name")
    assert caught.value.code == code
    assert caught.value.field == "mother_name"


def test_name_length_error_carries_the_limits() -> None:
    with pytest.raises(DomainError) as caught:
        parse_person_name("A")
    assert caught.value.params == {"min": 2, "max": 100}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ma’ruf Amin", "MA'RUF  AMIN"),
        ("José", "JOSE"),
        ("Siti Nurhaliza-Putri", "siti nurhaliza putri"),
    ],
)
def test_name_key_compares_spellings_of_one_name(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Budi Santoso") != name_key("Budi Santosa")


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("1990-08-17", date(1990, 8, 17)),
        ("17-08-1990", date(1990, 8, 17)),
        ("17/08/1990", date(1990, 8, 17)),
        ("1/2/1990", date(1990, 2, 1)),  # day first, as in Indonesia
        (" 2000-02-29 ", date(2000, 2, 29)),
        ("29-02-1996", date(1996, 2, 29)),
    ],
)
def test_parses_dates(raw: str, parsed: date) -> None:
    assert parse_date(raw) == parsed


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "field.required"),
        ("", "field.required"),
        ("17.08.1990", "date.format"),
        ("17-08-90", "date.format"),  # two-digit year
        ("1990/08/17", "date.format"),
        ("17-08/1990", "date.format"),  # mixed separators
        ("17 Agustus 1990", "date.format"),
        ("١٧-٠٨-١٩٩٠", "date.format"),  # Arabic-Indic digits
        ("31-02-1990", "date.invalid"),
        ("2001-02-29", "date.invalid"),
        ("1990-13-01", "date.invalid"),
        ("0000-01-01", "date.invalid"),
    ],
)
def test_rejects_dates(raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_date(raw)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "born",
    [date(2010, 6, 1), date(1905, 6, 1), date(1904, 6, 2), date(1990, 8, 17)],  # 15; 120; 120
)
def test_accepts_plausible_birth_dates(born: date) -> None:
    assert check_birth_date(born, TODAY) == born


@pytest.mark.parametrize(
    ("born", "code"),
    [
        (date(2025, 6, 2), "birth_date.future"),
        (date(2010, 6, 2), "birth_date.implausible"),  # one day short of 15
        (date(1904, 6, 1), "birth_date.implausible"),  # 121
    ],
)
def test_rejects_implausible_birth_dates(born: date, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        check_birth_date(born, TODAY)
    assert caught.value.code == code
    assert caught.value.field == "birth_date"


def test_parse_birth_date_combines_both_checks() -> None:
    assert parse_birth_date("17-08-1990", TODAY) == date(1990, 8, 17)
    with pytest.raises(DomainError) as caught:
        parse_birth_date("17-08-2024", TODAY)
    assert caught.value.params == {"min_age": 15, "max_age": 120}
