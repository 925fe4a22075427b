"""KPJ (nomor Kartu Peserta Jaminan sosial), the participant's card number.

11 digits; no public check-digit algorithm was found, so this is a format check and the
number's existence is BPJS's answer (docs/domain-rules.md section 1, M/L). One participant can
hold several KPJ from past employers.
"""

from __future__ import annotations

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import is_digits, require, strip_separators

KPJ_LENGTH = 11


def parse_kpj(raw: str | None, field: str = "kpj") -> str:
    value = strip_separators(require(raw, field))
    if len(value) != KPJ_LENGTH or not is_digits(value):
        raise DomainError("kpj.format", field=field, length=KPJ_LENGTH)
    return value
