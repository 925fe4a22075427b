from __future__ import annotations

import pytest

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.email import parse_email
from jmo.domain.identifiers.phone import format_mobile, mask_phone, parse_mobile


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("(0812) 3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),  # leading 0 left out
        (" 0856 1234 567 ", "+628561234567"),  # Indosat, 11 digits
        ("0811234567", "+62811234567"),  # shortest: 8 + 9 digits
        ("0888 1234 5678", "+6288812345678"),  # Smartfren
        ("0896-1234-5678", "+6289612345678"),  # Tri
    ],
)
def test_normalises_indonesian_mobiles_to_e164(raw: str, e164: str) -> None:
    assert parse_mobile(raw) == e164


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "phone.required"),
        ("", "phone.required"),
        ("abc", "phone.format"),
        ("0812-3456-789O", "phone.format"),  # letter O
        ("0812 3456 7890 ext 1", "phone.format"),
        ("0812", "phone.format"),
        ("+62", "phone.format"),
        ("08123456789012345", "phone.format"),  # too long
        ("0841 2345 6789", "phone.format"),  # 084x is not an Indonesian range
        ("+1 202 555 0123", "phone.not_indonesian"),
        ("+60 12 345 6789", "phone.not_indonesian"),  # Malaysian mobile
        ("021 1234 5678", "phone.not_mobile"),  # Jakarta landline
        ("+62 22 2034 5678", "phone.not_mobile"),  # Bandung landline
    ],
)
def test_rejects_non_mobile_or_malformed_numbers(raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_mobile(raw)
    assert caught.value.code == code
    assert caught.value.field == "phone"


def test_formats_and_masks_for_screens() -> None:
    assert format_mobile("+6281234567890") == "0812-3456-7890"
    assert mask_phone("+6281234567890") == "+62 812 **** 7890"
    assert mask_phone("+628561234567") == "+62 856 *** 4567"
    assert mask_phone("+1202") == "*****"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("budi@gmail.com", "budi@gmail.com"),
        ("Budi.Santoso@Example.CO.ID", "Budi.Santoso@example.co.id"),  # domain lower-cased
        ("  siti.nurhaliza+bpjs@yahoo.co.id  ", "siti.nurhaliza+bpjs@yahoo.co.id"),
        ("o'connor@kantor.go.id", "o'connor@kantor.go.id"),
    ],
)
def test_accepts_and_normalises_email(raw: str, normalised: str) -> None:
    assert parse_email(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "email.required"),
        (" ", "email.required"),
        ("budi", "email.format"),
        ("budi@gmail", "email.format"),
        ("budi@@gmail.com", "email.format"),
        ("budi santoso@gmail.com", "email.format"),
        ("@gmail.com", "email.format"),
        ("budi@localhost", "email.format"),
    ],
)
def test_rejects_malformed_email(raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_email(raw)
    assert caught.value.code == code
