"""Valid identifiers for demo data and tests, from a seeded ``random.Random``.

The same seed gives the same values, so demo personas and test factories are stable.
Every value passes the matching parser; the tests check that.
"""

from __future__ import annotations

import random
from datetime import date

from stdnum import luhn

from jmo.domain.identifiers.bank import Bank
from jmo.domain.identifiers.region import RegionDirectory, RegionLevel
from jmo.domain.reference import Gender

# Taxpayer-type digits for individual employees (Business::ID::NPWP docs; docs/domain-rules.md
# section 1, M): the participants we generate are workers.
_EMPLOYEE_TAXPAYER_TYPES = ("07", "08", "09")
# Common mobile prefixes of the large operators (docs/domain-rules.md section 1, for
# information only; libphonenumber is the rule).
_MOBILE_PREFIXES = (
    "811",
    "812",
    "813",
    "821",
    "822",
    "852",
    "856",
    "857",
    "877",
    "878",
    "896",
    "881",
)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def generate_nik(
    rng: random.Random, regions: RegionDirectory, birth_date: date, gender: Gender
) -> str:
    district = rng.choice(regions.codes(RegionLevel.DISTRICT))
    day = birth_date.day + (40 if gender is Gender.FEMALE else 0)
    serial = rng.randint(1, 9999)
    return f"{district}{day:02d}{birth_date:%m%y}{serial:04d}"


def generate_kk(rng: random.Random, regions: RegionDirectory) -> str:
    district = rng.choice(regions.codes(RegionLevel.DISTRICT))
    return district + _digits(rng, 10)


def generate_kpj(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + _digits(rng, 10)


def generate_npwp15(rng: random.Random) -> str:
    first8 = rng.choice(_EMPLOYEE_TAXPAYER_TYPES) + _digits(rng, 6)
    office = f"{rng.randint(1, 999):03d}"
    return first8 + str(luhn.calc_check_digit(first8)) + office + "000"


def generate_mobile(rng: random.Random) -> str:
    """E.164, as ``parse_mobile`` returns it."""
    return "+62" + rng.choice(_MOBILE_PREFIXES) + _digits(rng, 8)


def generate_bank_account(rng: random.Random, bank: Bank) -> str:
    length = rng.randint(bank.min_length, bank.max_length)
    return str(rng.randint(1, 9)) + _digits(rng, length - 1)
