"""NIK (Nomor Induk Kependudukan), the 16-digit population number on the KTP.

Layout PP RR DD DDMMYY SSSS: district code of first registration (6), birth date with
40 added to the day for women (6), serial (4). Source: UU 24/2013 (Adminduk);
python-stdnum ``id.nik``; docs/domain-rules.md section 1. This is a format check only: whether
the NIK exists is Dukcapil's answer, not ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import is_digits, require, strip_separators
from jmo.domain.identifiers.region import RegionCodes, format_code
from jmo.domain.reference import Gender

NIK_LENGTH = 16
_FEMALE_DAY_OFFSET = 40  # day + 40 for women (python-stdnum, Dukcapil practice; H)


@dataclass(frozen=True, slots=True)
class Nik:
    value: str
    region_code: str  # 6-digit district (kecamatan) code, where the person first registered
    birth_date: date
    gender: Gender
    serial: str

    @property
    def province_code(self) -> str:
        return self.region_code[:2]

    def __str__(self) -> str:
        return self.value


def normalise_nik(raw: str) -> str:
    """Drop the spaces, dots and dashes people type between digit groups."""
    return strip_separators(raw)


def parse_nik(
    raw: str | None,
    regions: RegionCodes,
    *,
    today: date,
    birth_date: date | None = None,
    field: str = "nik",
) -> Nik:
    """Check a NIK's structure and return its parts.

    The century is not in the NIK: it is taken from ``birth_date`` (from Dukcapil or the
    KTP) when given, otherwise 20YY or else 19YY, whichever is a real date not after
    ``today``. The region is checked against current and historic Kemendagri codes and
    never against today's address (the prefix is where the person first registered).
    """
    value = normalise_nik(require(raw, field, "nik.required"))
    if len(value) != NIK_LENGTH or not is_digits(value):
        raise DomainError("nik.format", field=field, length=NIK_LENGTH)
    region_code = value[:6]
    if not regions.exists(region_code):
        raise DomainError("nik.region_unknown", field=field, region=format_code(region_code))
    encoded_day = int(value[6:8])
    gender = Gender.FEMALE if encoded_day > _FEMALE_DAY_OFFSET else Gender.MALE
    day = encoded_day - _FEMALE_DAY_OFFSET if gender is Gender.FEMALE else encoded_day
    born = _birth_date(day, int(value[8:10]), int(value[10:12]), today, birth_date)
    if born is None:
        raise DomainError("nik.birth_date_invalid", field=field)
    serial = value[12:]
    if serial == "0000":  # serials run 0001-9999 (docs/domain-rules.md section 1, M)
        raise DomainError("nik.serial_invalid", field=field)
    return Nik(value, region_code, born, gender, serial)


def _birth_date(
    day: int, month: int, two_digit_year: int, today: date, known: date | None
) -> date | None:
    # Without a known date, latest century first: a 1905 birth is not a worker, 2005 is.
    centuries = [known.year // 100 * 100] if known is not None else [2000, 1900]
    for century in centuries:
        try:
            candidate = date(century + two_digit_year, month, day)
        except ValueError:  # day or month out of range, or 29 Feb outside a leap year
            continue
        if known is not None or candidate <= today:
            return candidate
    return None


def check_nik_consistent(nik: Nik, *, birth_date: date, gender: Gender, field: str = "nik") -> None:
    """Compare the NIK with the date of birth and sex on record.

    A mismatch is not always an error in the NIK: a corrected date of birth does not change
    the NIK (docs/domain-rules.md section 1), so the caller decides whether to block or to send
    the record to an officer. Only day, month and the two year digits are compared, since
    the NIK has no century.
    """
    encoded = (nik.birth_date.day, nik.birth_date.month, nik.birth_date.year % 100)
    recorded = (birth_date.day, birth_date.month, birth_date.year % 100)
    if encoded != recorded:
        raise DomainError("nik.birth_date_mismatch", field=field)
    if nik.gender is not gender:
        raise DomainError("nik.gender_mismatch", field=field)


def mask_nik(value: str) -> str:
    """``3174 **** **** **01``: enough for the owner to recognise, not enough to reuse."""
    digits = normalise_nik(value)
    if len(digits) != NIK_LENGTH:
        return "*" * len(digits)
    masked = digits[:4] + "*" * 10 + digits[-2:]
    return " ".join(masked[i : i + 4] for i in range(0, NIK_LENGTH, 4))
