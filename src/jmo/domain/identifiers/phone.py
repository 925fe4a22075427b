"""Indonesian mobile numbers, stored in E.164 (+628...).

libphonenumber's metadata decides what a valid Indonesian mobile is (8[1-35-9] followed
by 7-10 digits; 084x is not mobile). Operator prefixes are not used to reject anything:
operators merge and move ranges (docs/domain-rules.md section 1, H).
"""

from __future__ import annotations

import re

import phonenumbers

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require

INDONESIA_COUNTRY_CODE = 62
# What people type around a number: spaces, dashes, dots, brackets and one leading "+".
_TYPED = re.compile(r"\+?[ ()\-.]*[0-9][0-9 ()\-.]*")
# libphonenumber's Indonesian mobile plan (its ``mobile`` pattern: 8[1-35-9] and 7-10 more
# digits) after +62, 0062, 62, 0 or nothing, one separator allowed between two digits:
# every such text is a mobile number ``parse_mobile`` takes (the API's schema states it).
_SEP = "[ ()\\-.]?"
MOBILE_PATTERN = f"(?:(?:\\+62|0062|62|0){_SEP})?8{_SEP}[1-35-9](?:{_SEP}[0-9]){{7,10}}"
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def parse_mobile(raw: str | None, field: str = "phone") -> str:
    """Accepts 0812..., 62812..., +62812..., 0062812... and 812... with spaces or dashes;
    returns ``+62812...``."""
    text = require(raw, field, "phone.required")
    if not _TYPED.fullmatch(text):
        raise DomainError("phone.format", field=field)
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("00"):  # international call prefix typed instead of "+"
        candidate = "+" + digits[2:]
    elif digits.startswith("62"):
        candidate = "+" + digits
    elif digits.startswith("8"):  # the leading 0 left out, as people often do
        candidate = "0" + digits
    else:
        candidate = digits
    try:
        number = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException as exc:
        raise DomainError("phone.format", field=field) from exc
    if number.country_code != INDONESIA_COUNTRY_CODE:
        raise DomainError("phone.not_indonesian", field=field)
    if not phonenumbers.is_valid_number(number):
        raise DomainError("phone.format", field=field)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise DomainError("phone.not_mobile", field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_mobile(e164: str) -> str:
    """``+6281234567890`` -> ``0812-3456-7890``, the way Indonesians write it."""
    number = phonenumbers.parse(e164, "ID")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(e164: str) -> str:
    """``+62 812 **** 7890``: the prefix and last four digits, for "we sent a code to"."""
    if not e164.startswith("+62") or len(e164) < 10:
        return "*" * len(e164)
    national = e164[3:]
    return f"+62 {national[:3]} {'*' * (len(national) - 7)} {national[-4:]}"
