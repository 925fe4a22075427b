from __future__ import annotations

import pytest

from jmo.domain.errors import DomainError
from jmo.domain.identifiers.bank import (
    BANKS,
    GENERIC_MAX_LENGTH,
    GENERIC_MIN_LENGTH,
    get_bank,
    mask_bank_account,
    parse_bank_account,
)


def test_bank_codes_are_unique_three_digit_clearing_codes() -> None:
    codes = [bank.code for bank in BANKS]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert all(bank.min_length <= bank.max_length for bank in BANKS)


@pytest.mark.parametrize(
    ("code", "short_name"),
    [("002", "BRI"), ("008", "Mandiri"), ("009", "BNI"), ("014", "BCA"), ("451", "BSI")],
)
def test_finds_banks_by_clearing_code(code: str, short_name: str) -> None:
    assert get_bank(code).short_name == short_name


@pytest.mark.parametrize(("code", "error"), [("999", "bank.unknown"), ("", "field.required")])
def test_rejects_unknown_bank(code: str, error: str) -> None:
    with pytest.raises(DomainError) as caught:
        get_bank(code)
    assert caught.value.code == error


@pytest.mark.parametrize(
    ("bank_code", "raw", "account"),
    [
        ("014", "1234567890", "1234567890"),  # BCA: 10
        ("014", "123-456-7890", "1234567890"),
        ("014", "123 456 7890", "1234567890"),
        ("002", "0123-01-012345-50-1", "012301012345501"),  # BRI: 15, as printed
        ("002", "1234567890123", "1234567890123"),  # BRI: 13 (legacy)
        ("002", "12345678901234567", "12345678901234567"),  # BRI: 17
        ("008", "1234567890123", "1234567890123"),  # Mandiri: 13
        ("009", "1234567", "1234567"),  # BNI: 7
        ("009", "12345678901", "12345678901"),  # BNI: 11
        ("200", "1234567890123456", "1234567890123456"),  # BTN: 16
        ("542", "1234567", "1234567"),  # Jago: generic range
        ("542", "12345678901234567", "12345678901234567"),
    ],
)
def test_accepts_account_numbers_of_a_seen_length(bank_code: str, raw: str, account: str) -> None:
    assert parse_bank_account(get_bank(bank_code), raw) == account


@pytest.mark.parametrize(
    ("bank_code", "raw", "code", "params"),
    [
        ("014", "123456789", "bank_account.length", (10, 10)),
        ("014", "12345678901", "bank_account.length", (10, 10)),
        ("002", "123456789012", "bank_account.length", (13, 17)),
        ("002", "123456789012345678", "bank_account.length", (13, 17)),
        ("009", "123456", "bank_account.length", (7, 11)),
        ("542", "123456", "bank_account.length", (GENERIC_MIN_LENGTH, GENERIC_MAX_LENGTH)),
        ("014", "12345678a0", "bank_account.format", None),
        ("014", "１２３４５６７８９０", "bank_account.format", None),  # full-width digits
        ("014", "", "field.required", None),
    ],
)
def test_rejects_account_numbers(
    bank_code: str, raw: str, code: str, params: tuple[int, int] | None
) -> None:
    with pytest.raises(DomainError) as caught:
        parse_bank_account(get_bank(bank_code), raw)
    assert caught.value.code == code
    assert caught.value.field == "bank_account"
    if params is not None:
        assert (caught.value.params["min"], caught.value.params["max"]) == params


def test_length_message_param_reads_naturally() -> None:
    with pytest.raises(DomainError) as exact:
        parse_bank_account(get_bank("014"), "123")
    with pytest.raises(DomainError) as ranged:
        parse_bank_account(get_bank("002"), "123")
    assert exact.value.params["length"] == "10"
    assert ranged.value.params["length"] == "13-17"


def test_masks_all_but_the_last_four_digits() -> None:
    assert mask_bank_account("1234567890") == "******7890"
    assert mask_bank_account("123") == "123"
