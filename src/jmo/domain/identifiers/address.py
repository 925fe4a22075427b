"""Address parts: RT, RW and postal code.

RT/RW are 1-3 digits and stored zero-padded to 3, the way the KTP prints them ("RT/RW
003/011"). "000" is kept: the KTP prints it where an area has no RT/RW. Postal codes are
5 digits; Indonesian codes run from 10xxx (Jakarta) to 99xxx (Papua), so none starts with 0.
"""

from __future__ import annotations

import re

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require

RT_RW_PATTERN = "[0-9]{1,3}"
POSTAL_CODE_PATTERN = "[1-9][0-9]{4}"
_RT_RW = re.compile(RT_RW_PATTERN)
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)
_PAIR = re.compile(r"\s*(?:RT\s*)?(\d{1,3})\s*/\s*(?:RW\s*)?(\d{1,3})\s*", re.IGNORECASE | re.ASCII)


def _parse_part(raw: str | None, field: str, code: str) -> str:
    text = require(raw, field)
    if not _RT_RW.fullmatch(text):
        raise DomainError(code, field=field)
    return text.zfill(3)


def parse_rt(raw: str | None, field: str = "rt") -> str:
    return _parse_part(raw, field, "rt.format")


def parse_rw(raw: str | None, field: str = "rw") -> str:
    return _parse_part(raw, field, "rw.format")


def parse_rt_rw(raw: str | None, field: str = "rt_rw") -> tuple[str, str]:
    """``"3/11"`` or ``"RT 003 / RW 011"`` (as copied from a KTP) -> ``("003", "011")``."""
    text = require(raw, field)
    match = _PAIR.fullmatch(text)
    if match is None:
        raise DomainError("rt.format", field=field)
    return match[1].zfill(3), match[2].zfill(3)


def parse_postal_code(raw: str | None, field: str = "postal_code") -> str:
    text = require(raw, field).replace(" ", "")
    if not _POSTAL_CODE.fullmatch(text):
        raise DomainError("postal_code.format", field=field)
    return text
