"""`jmo import`: the CSV files of the fund's migration and the rules each row must pass.

This module is the one definition of the formats (file names and columns, in order; the
documentation in docs/import.md is tested against it) and of the row rules. A row rule is
the same parser the forms and registration use (NIK, KPJ, NPWP, NPP, names, dates), applied
row by row as the files stream past; the rules that need the other rows (duplicates,
references between files, a contribution inside an employment) run as sets in the database
(``jmo.storage.bulk_import.checks``).

A checker returns the row's values, normalised, or raises :class:`RowRejected` naming
every field at fault. The contribution checker remembers the KPJ, NPP and months it has
seen: 60 rows per KPJ share them, so each distinct value is parsed once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, cast

from jmo.domain.errors import DomainError, FieldError
from jmo.domain.identifiers._text import is_digits, require
from jmo.domain.identifiers.dates import parse_birth_date, parse_date
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import check_nik_consistent, parse_nik
from jmo.domain.identifiers.npp import parse_npp
from jmo.domain.identifiers.npwp import parse_npwp
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.jht.ledger import last_closed_month
from jmo.domain.jht.tables import Program, contribution_shares
from jmo.domain.reference import Gender

PLACE_MAX = 100  # birth place: the column's size
EMPLOYER_NAME_MAX = 200


@dataclass(frozen=True)
class ImportFile:
    kind: str
    filename: str
    columns: tuple[str, ...]


EMPLOYERS = ImportFile("employers", "employers.csv", ("npp", "name"))
PARTICIPANTS = ImportFile(
    "participants",
    "participants.csv",
    ("kpj", "nik", "full_name", "birth_place", "birth_date", "gender", "npwp"),
)
EMPLOYMENTS = ImportFile(
    "employments",
    "employments.csv",
    ("kpj", "npp", "start_date", "end_date", "monthly_wage"),
)
CONTRIBUTIONS = ImportFile(
    "contributions",
    "contributions.csv",
    ("kpj", "npp", "period", "program", "wage", "employer_share", "worker_share"),
)
# The order they load in: each file refers only to the ones before it.
FILES: tuple[ImportFile, ...] = (EMPLOYERS, PARTICIPANTS, EMPLOYMENTS, CONTRIBUTIONS)


class RowRejected(Exception):
    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(", ".join(e.code for e in errors))
        self.errors = tuple(errors)


class _Fields:
    """Collects every field error of one row instead of stopping at the first."""

    def __init__(self, columns: tuple[str, ...], values: Sequence[str]) -> None:
        if len(values) != len(columns):
            raise RowRejected(
                [FieldError("", "import.columns", {"expected": len(columns), "got": len(values)})]
            )
        self.values = dict(zip(columns, values, strict=True))
        self.errors: list[FieldError] = []

    def add(self, error: DomainError, field: str) -> None:
        self.errors.append(FieldError(error.field or field, error.code, error.params))

    def done(self) -> None:
        if self.errors:
            raise RowRejected(self.errors)


def parse_rupiah(raw: str | None, field: str) -> int:
    """Whole rupiah, written as digits only (no sign, separators or decimals)."""
    text = require(raw, field)
    if not is_digits(text):
        raise DomainError("import.rupiah", field=field)
    return int(text)


def parse_month(raw: str | None, field: str = "period") -> date:
    """A contribution month as ``YYYY-MM``; the first day of that month."""
    text = require(raw, field)
    if len(text) != 7 or text[4] != "-":
        raise DomainError("import.month", field=field)
    try:
        return parse_date(text + "-01", field)
    except DomainError as exc:
        raise DomainError("import.month", field=field) from exc


def _text(raw: str | None, field: str, limit: int) -> str:
    text = " ".join(require(raw, field).split())
    if len(text) > limit:
        raise DomainError("field.too_long", field=field, max=limit)
    return text


@dataclass(frozen=True)
class EmployerIn:
    npp: str
    name: str


def check_employer(values: Sequence[str]) -> EmployerIn:
    row = _Fields(EMPLOYERS.columns, values)
    npp = name = ""
    try:
        npp = parse_npp(row.values["npp"])
    except DomainError as exc:
        row.add(exc, "npp")
    try:
        name = _text(row.values["name"], "name", EMPLOYER_NAME_MAX)
    except DomainError as exc:
        row.add(exc, "name")
    row.done()
    return EmployerIn(npp, name)


@dataclass(frozen=True)
class ParticipantIn:
    kpj: str
    nik: str
    full_name: str
    birth_place: str
    birth_date: date
    gender: str | None
    npwp: str | None


def check_participant(values: Sequence[str], *, regions: RegionCodes, today: date) -> ParticipantIn:
    """What registration checks (``register_participant``), plus a plausible birth date."""
    row = _Fields(PARTICIPANTS.columns, values)
    v = row.values
    kpj = full_name = birth_place = nik = ""
    born: date | None = None
    gender: Gender | None = None
    npwp: str | None = None
    try:
        kpj = parse_kpj(v["kpj"])
    except DomainError as exc:
        row.add(exc, "kpj")
    try:
        full_name = parse_person_name(v["full_name"], field="full_name")
    except DomainError as exc:
        row.add(exc, "full_name")
    try:
        birth_place = _text(v["birth_place"], "birth_place", PLACE_MAX)
    except DomainError as exc:
        row.add(exc, "birth_place")
    try:
        born = parse_birth_date(v["birth_date"], today)
    except DomainError as exc:
        row.add(exc, "birth_date")
    if v["gender"].strip():
        try:
            gender = Gender(v["gender"].strip().upper())
        except ValueError:
            row.add(DomainError("import.gender"), "gender")
    try:
        parsed = parse_nik(v["nik"], regions, today=today, birth_date=born)
        nik = parsed.value
        if gender is not None and born is not None:
            check_nik_consistent(parsed, birth_date=born, gender=gender)
    except DomainError as exc:
        row.add(exc, "nik")
    try:
        found = parse_npwp(v["npwp"], regions=regions, today=today)
        npwp = found.value if found else None
    except DomainError as exc:
        row.add(exc, "npwp")
    row.done()
    assert born is not None
    return ParticipantIn(
        kpj, nik, full_name, birth_place, born, gender.value if gender else None, npwp
    )


@dataclass(frozen=True)
class EmploymentIn:
    kpj: str
    npp: str
    start_date: date
    end_date: date | None
    monthly_wage: int


def check_employment(values: Sequence[str], *, today: date) -> EmploymentIn:
    row = _Fields(EMPLOYMENTS.columns, values)
    v = row.values
    kpj = npp = ""
    start: date | None = None
    end: date | None = None
    wage = 0
    try:
        kpj = parse_kpj(v["kpj"])
    except DomainError as exc:
        row.add(exc, "kpj")
    try:
        npp = parse_npp(v["npp"])
    except DomainError as exc:
        row.add(exc, "npp")
    try:
        start = parse_date(v["start_date"], "start_date")
        if start > today:
            row.add(DomainError("import.future"), "start_date")
    except DomainError as exc:
        row.add(exc, "start_date")
    if v["end_date"].strip():
        try:
            end = parse_date(v["end_date"], "end_date")
            if start is not None and end < start:
                row.add(DomainError("import.end_before_start"), "end_date")
        except DomainError as exc:
            row.add(exc, "end_date")
    try:
        wage = parse_rupiah(v["monthly_wage"], "monthly_wage")
    except DomainError as exc:
        row.add(exc, "monthly_wage")
    row.done()
    assert start is not None
    return EmploymentIn(kpj, npp, start, end, wage)


class ContributionIn(NamedTuple):
    """A tuple (60 of them per KPJ): cheaper to build than a frozen dataclass."""

    kpj: str
    npp: str
    period: date
    program: Program
    wage: int
    employer_share: int
    worker_share: int


# The canonical form of contribution lines, as a machine export writes them. A line of
# this form passes every row rule below with its values unchanged (a property test in
# tests/domain/test_bulk_import_rules.py holds the two together), except the two rules of
# the month (ended; the programme had begun), which the caller checks once per distinct
# month and programme of the file (``ContributionChecker.month_errors``). A chunk of such
# lines is checked with one regular-expression match instead of a parser call per field.
CANONICAL_CONTRIBUTIONS = re.compile(
    r"(?:\d{11},[A-Z0-9]{8},(?:19|20)\d\d-(?:0[1-9]|1[0-2]),(?:jht|jp),"
    r"\d{1,15},\d{1,15},\d{1,15}\n)*",
    re.ASCII,
)


class ContributionChecker:
    """The rules of one contribution row. The values 60 rows of a KPJ repeat (KPJ, NPP,
    month and programme) are parsed once each and remembered (a DomainError too)."""

    def __init__(self, *, today: date) -> None:
        self._closed = last_closed_month(today)
        self._kpj: dict[str, str | DomainError] = {}
        self._npp: dict[str, str | DomainError] = {}
        self._month: dict[tuple[str, str], tuple[date, Program] | list[FieldError]] = {}

    @staticmethod
    def _parse(cache: dict[str, Any], raw: str, parse: Any) -> Any:
        try:
            found = parse(raw)
        except DomainError as exc:
            found = exc
        if len(cache) < 2_000_000:  # bounded: a file of distinct values does not grow it
            cache[raw] = found
        return found

    def _period(self, raw_period: str, raw_program: str) -> tuple[date, Program] | list[FieldError]:
        key = (raw_period, raw_program)
        found = self._month.get(key)
        if found is not None:
            return found
        errors: list[FieldError] = []
        period: date | None = None
        program: Program | None = None
        try:
            period = parse_month(raw_period)
            if period > self._closed:
                errors.append(FieldError("period", "import.month_not_closed"))
        except DomainError as exc:
            errors.append(FieldError("period", exc.code, exc.params))
        try:
            program = Program(raw_program.strip().lower())
        except ValueError:
            errors.append(FieldError("program", "import.program"))
        # A programme had no contribution before it began (JP: July 2015).
        if period and program and contribution_shares(program, 0, period) is None:
            errors.append(FieldError("period", "import.program_not_started"))
        result: tuple[date, Program] | list[FieldError] = (
            errors if errors or period is None or program is None else (period, program)
        )
        self._month[key] = result
        return result

    def month_errors(self, raw_period: str, raw_program: str) -> list[FieldError]:
        """The month rules alone, for one month and programme of a file."""
        found = self._period(raw_period, raw_program)
        return found if isinstance(found, list) else []

    def check(self, values: Sequence[str]) -> ContributionIn:
        if len(values) != len(CONTRIBUTIONS.columns):
            _Fields(CONTRIBUTIONS.columns, values)  # raises the column count error
        raw_kpj, raw_npp, raw_period, raw_program, raw_wage, raw_er, raw_wr = values
        errors: list[FieldError] = []
        # the 60 rows of a KPJ: dictionary hits, no parser call
        kpj = self._kpj.get(raw_kpj) or self._parse(self._kpj, raw_kpj, parse_kpj)
        npp = self._npp.get(raw_npp) or self._parse(self._npp, raw_npp, parse_npp)
        month = self._month.get((raw_period, raw_program)) or self._period(raw_period, raw_program)
        if isinstance(kpj, DomainError):
            errors.append(FieldError("kpj", kpj.code, kpj.params))
        if isinstance(npp, DomainError):
            errors.append(FieldError("npp", npp.code, npp.params))
        if isinstance(month, list):
            errors.extend(month)
        money = []
        for field, raw in (
            ("wage", raw_wage),
            ("employer_share", raw_er),
            ("worker_share", raw_wr),
        ):
            # the common case without a call: plain ASCII digits
            if raw.isascii() and raw.isdigit():
                money.append(int(raw))
                continue
            try:
                money.append(parse_rupiah(raw, field))
            except DomainError as exc:
                errors.append(FieldError(field, exc.code, exc.params))
        if errors:
            raise RowRejected(errors)
        assert not isinstance(month, list)
        return ContributionIn(
            cast(str, kpj), cast(str, npp), month[0], month[1], money[0], money[1], money[2]
        )
