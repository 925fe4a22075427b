"""NPP (Nomor Pendaftaran Perusahaan), the employer's registration number at BPJS.

Seen as 8 characters on a BPJS certificate; the format is not published, so accept 8
letters or digits and check existence against BPJS data (docs/domain-rules.md section 1, L).
"""

from __future__ import annotations

import re

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require, strip_separators

NPP_LENGTH = 8
_NPP = re.compile(r"[A-Z0-9]{8}")


def parse_npp(raw: str | None, field: str = "npp") -> str:
    value = strip_separators(require(raw, field)).upper()
    if not _NPP.fullmatch(value):
        raise DomainError("npp.format", field=field, length=NPP_LENGTH)
    return value
