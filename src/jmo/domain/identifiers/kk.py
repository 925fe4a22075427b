"""No. KK, the Kartu Keluarga (family card) number.

16 digits that start with the district code where the card was issued, like the NIK
(docs/domain-rules.md section 1, M). Historic codes are accepted for the same reason as for
the NIK: old cards keep the old prefix after a region is split.
"""

from __future__ import annotations

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import is_digits, require, strip_separators
from jmo.domain.identifiers.region import RegionCodes, format_code

KK_LENGTH = 16


def parse_kk(raw: str | None, regions: RegionCodes, field: str = "kk") -> str:
    value = strip_separators(require(raw, field))
    if len(value) != KK_LENGTH or not is_digits(value):
        raise DomainError("kk.format", field=field, length=KK_LENGTH)
    if not regions.exists(value[:6]):
        raise DomainError("kk.region_unknown", field=field, region=format_code(value[:6]))
    return value
