"""Banks and payout account numbers.

Bank codes are the 3-digit clearing/transfer codes; several payment-gateway code lists
agree on them (docs/domain-rules.md section 1, H). Account lengths are much weaker: for the
banks in the domain-rules table the range is the one "seen" in one payment-integration
rule table (M or L); for the other banks no per-bank source was found, so they get the
union of the seen ranges (7-17), which only stops clearly impossible entries. The real
check is an account-name inquiry against the participant's name, not this rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import is_digits, require, strip_separators

# The union of the seen ranges (BNI from 7, BRI and Mandiri up to 17).
GENERIC_MIN_LENGTH = 7
GENERIC_MAX_LENGTH = 17


@dataclass(frozen=True, slots=True)
class Bank:
    code: str  # clearing/transfer code
    name: str
    short_name: str
    min_length: int
    max_length: int
    length_confidence: str  # "M", "L", or "none" when the generic range applies


def _generic(code: str, name: str, short_name: str) -> Bank:
    return Bank(code, name, short_name, GENERIC_MIN_LENGTH, GENERIC_MAX_LENGTH, "none")


BANKS: tuple[Bank, ...] = (
    # From the docs/domain-rules.md section 1 table: seen ranges and their confidence.
    Bank("002", "PT Bank Rakyat Indonesia (Persero) Tbk", "BRI", 13, 17, "M"),
    Bank("008", "PT Bank Mandiri (Persero) Tbk", "Mandiri", 12, 17, "M"),
    Bank("009", "PT Bank Negara Indonesia (Persero) Tbk", "BNI", 7, 11, "M"),
    Bank("011", "PT Bank Danamon Indonesia Tbk", "Danamon", 10, 10, "L"),
    Bank("013", "PT Bank Permata Tbk", "Permata", 7, 16, "L"),
    Bank("014", "PT Bank Central Asia Tbk", "BCA", 10, 10, "M"),
    Bank("022", "PT Bank CIMB Niaga Tbk", "CIMB Niaga", 10, 14, "L"),
    Bank("200", "PT Bank Tabungan Negara (Persero) Tbk", "BTN", 10, 16, "L"),
    Bank("451", "PT Bank Syariah Indonesia Tbk", "BSI", 10, 10, "M"),
    # Other common banks; codes as in the gateway code lists, generic length range.
    _generic("016", "PT Bank Maybank Indonesia Tbk", "Maybank"),
    _generic("019", "PT Bank Pan Indonesia Tbk", "Panin"),
    _generic("028", "PT Bank OCBC NISP Tbk", "OCBC"),
    _generic("110", "PT Bank Pembangunan Daerah Jawa Barat dan Banten Tbk", "bank bjb"),
    _generic("111", "PT Bank DKI", "Bank DKI"),
    _generic("113", "PT Bank Pembangunan Daerah Jawa Tengah", "Bank Jateng"),
    _generic("114", "PT Bank Pembangunan Daerah Jawa Timur Tbk", "Bank Jatim"),
    _generic("147", "PT Bank Muamalat Indonesia Tbk", "Muamalat"),
    _generic("153", "PT Bank Sinarmas Tbk", "Sinarmas"),
    _generic("213", "PT Bank SMBC Indonesia Tbk (d/h BTPN)", "SMBC Indonesia/BTPN"),
    _generic("426", "PT Bank Mega Tbk", "Mega"),
    _generic("536", "PT Bank BCA Syariah", "BCA Syariah"),
    _generic("542", "PT Bank Jago Tbk", "Jago"),
)

_BY_CODE = {bank.code: bank for bank in BANKS}


def get_bank(code: str | None, field: str = "bank") -> Bank:
    text = require(code, field)
    bank = _BY_CODE.get(text)
    if bank is None:
        raise DomainError("bank.unknown", field=field)
    return bank


def parse_bank_account(bank: Bank, raw: str | None, field: str = "bank_account") -> str:
    """Digits only, after removing the spaces and dashes people type."""
    value = strip_separators(require(raw, field))
    if not is_digits(value):
        raise DomainError("bank_account.format", field=field)
    if not bank.min_length <= len(value) <= bank.max_length:
        raise DomainError(
            "bank_account.length",
            field=field,
            bank=bank.short_name,
            min=bank.min_length,
            max=bank.max_length,
            length=_length_text(bank),
        )
    return value


def _length_text(bank: Bank) -> str:
    if bank.min_length == bank.max_length:
        return str(bank.min_length)
    return f"{bank.min_length}-{bank.max_length}"


def mask_bank_account(value: str) -> str:
    """``******7890``: the last four digits, as banks show them."""
    return "*" * max(len(value) - 4, 0) + value[-4:]
