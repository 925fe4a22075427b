"""NPWP (Nomor Pokok Wajib Pajak), the tax number. Optional on our forms.

Three shapes are accepted (docs/domain-rules.md section 1; PMK 112/PMK.03/2022; python-stdnum
``id.npwp``):

* ``legacy15``: the old 15 digits, taxpayer type (2) + serial (6) + check digit (1) + tax
  office (3) + branch (3). The check digit makes the first 9 digits pass Luhn (H).
* ``npwp16``: "0" + the old 15 digits, for companies, government bodies and non-resident
  individuals; Luhn over the first 10 digits (the leading 0 does not change it).
* ``nik``: any other 16 digits is a resident's NIK used as NPWP (UU 7/2021 HPP). Only its
  structure can be checked here; whether DJP holds it as "valid / terintegrasi" is a
  separate status (``npwp_status`` in docs/domain-rules.md section 4).

The 22-digit NITKU (branch place code) is not accepted: it identifies an employer's
branch, not a participant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum import luhn

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import is_digits, strip_separators
from jmo.domain.identifiers.nik import parse_nik
from jmo.domain.identifiers.region import RegionCodes

LEGACY_LENGTH = 15
NEW_LENGTH = 16


class NpwpKind(StrEnum):
    LEGACY15 = "legacy15"
    NPWP16 = "npwp16"
    NIK = "nik"


@dataclass(frozen=True, slots=True)
class Npwp:
    value: str
    kind: NpwpKind

    @property
    def legacy_value(self) -> str | None:
        """The 15-digit form, for matching older records; a NIK-NPWP has none."""
        if self.kind is NpwpKind.LEGACY15:
            return self.value
        if self.kind is NpwpKind.NPWP16:
            return self.value[1:]
        return None

    def __str__(self) -> str:
        return self.value


def npwp_kind(value: str) -> NpwpKind | None:
    """The kind of an NPWP from its digits (separators ignored), None for anything that is
    not 15 or 16 digits. The one place the kind is told from the length: parsing, the tax
    status and the display all ask here (issue 9, rules written twice). No check digit is
    tested: a stored value was checked by ``parse_npwp`` when it was entered."""
    digits = strip_separators(value)
    if not is_digits(digits):
        return None
    if len(digits) == LEGACY_LENGTH:
        return NpwpKind.LEGACY15
    if len(digits) == NEW_LENGTH:
        return NpwpKind.NPWP16 if digits.startswith("0") else NpwpKind.NIK
    return None


def parse_npwp(
    raw: str | None, *, regions: RegionCodes, today: date, field: str = "npwp"
) -> Npwp | None:
    """The NPWP with its kind, or None when the field was left empty (it is optional)."""
    if raw is None or not raw.strip():
        return None
    value = strip_separators(raw)
    kind = npwp_kind(value)
    if kind is None:
        raise DomainError("npwp.format", field=field)
    if kind is NpwpKind.LEGACY15:
        if luhn.checksum(value[:9]) != 0:
            raise DomainError("npwp.checksum", field=field)
        return Npwp(value, NpwpKind.LEGACY15)
    if kind is NpwpKind.NPWP16:
        if luhn.checksum(value[:10]) != 0:
            raise DomainError("npwp.checksum", field=field)
        return Npwp(value, NpwpKind.NPWP16)
    try:
        parse_nik(value, regions, today=today, field=field)
    except DomainError as exc:
        raise DomainError("npwp.nik_invalid", field=field, reason=exc.code) from exc
    return Npwp(value, NpwpKind.NIK)


def format_npwp(value: str) -> str:
    """15 digits as ``99.999.999.9-999.999`` (the card's layout); 16 digits, which DJP
    prints without punctuation, in groups of four for reading."""
    digits = strip_separators(value)
    kind = npwp_kind(digits)
    if kind is NpwpKind.LEGACY15:
        return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"
    if kind is not None:
        return " ".join(digits[i : i + 4] for i in range(0, NEW_LENGTH, 4))
    raise ValueError(f"not an NPWP: {value!r}")
