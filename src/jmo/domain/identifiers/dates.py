"""Dates as people type them, and the birth-date plausibility rule.

Accepted: ISO ``YYYY-MM-DD`` (what date inputs send) and the Indonesian day-first
``DD-MM-YYYY`` / ``DD/MM/YYYY`` (how the KTP prints it). Two-digit years are refused:
their century is a guess.
"""

from __future__ import annotations

import re
from datetime import date

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require
from jmo.domain.time import age_on

# A worker's plausible age range. Not law: UU 13/2003 sets 18 as the adult working age
# with exceptions from 13, and BPJS has no upper limit; 15..120 only catches typos.
MIN_AGE = 15
MAX_AGE = 120

# The two shapes as plain patterns (no groups or back-references: a schema states them).
ISO_PATTERN = "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
DAY_FIRST_PATTERN = "[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})", re.ASCII)


def parse_date(raw: str | None, field: str = "date") -> date:
    text = require(raw, field)
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        raise DomainError("date.format", field=field)
    try:
        return date(year, month, day)
    except ValueError as exc:  # 31/02/1990, month 13, year 0
        raise DomainError("date.invalid", field=field) from exc


def check_birth_date(born: date, today: date, field: str = "birth_date") -> date:
    if born > today:
        raise DomainError("birth_date.future", field=field)
    if not MIN_AGE <= age_on(born, today) <= MAX_AGE:
        raise DomainError("birth_date.implausible", field=field, min_age=MIN_AGE, max_age=MAX_AGE)
    return born


def parse_birth_date(raw: str | None, today: date, field: str = "birth_date") -> date:
    return check_birth_date(parse_date(raw, field), today, field)
