"""Passport numbers. Optional on our forms.

Indonesian passports: one letter and 7 digits is the common pattern, but no authoritative
source was found and web claims conflict, so accept 1-2 letters and 6-8 digits
(docs/domain-rules.md section 1, L). Foreign passports (WNA): 6-9 letters or digits.
"""

from __future__ import annotations

import re

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import strip_separators

INDONESIAN_PATTERN = "[A-Z]{1,2}[0-9]{6,8}"
_INDONESIAN = re.compile(INDONESIAN_PATTERN)
_FOREIGN = re.compile(r"[A-Z0-9]{6,9}")


def parse_passport(
    raw: str | None, *, foreign: bool = False, field: str = "passport"
) -> str | None:
    """The upper-cased number, or None when the field was left empty."""
    if raw is None or not raw.strip():
        return None
    value = strip_separators(raw).upper()
    if not (_FOREIGN if foreign else _INDONESIAN).fullmatch(value):
        raise DomainError("passport.format", field=field)
    return value
