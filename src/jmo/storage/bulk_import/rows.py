"""One chunk of lines of an import file: parsed, checked by the row rules
(``jmo.domain.bulk_import``), personal fields encrypted the way the repositories encrypt
them, and turned into what the staging table takes (COPY text for PostgreSQL, tuples for
SQLite's executemany). A chunk is a pure function of its lines, so chunks run in a pool
of processes (``--workers``) as well as in the calling one."""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jmo.domain.bulk_import import (
    CANONICAL_CONTRIBUTIONS,
    ContributionChecker,
    RowRejected,
    check_employer,
    check_employment,
    check_participant,
)
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.participant import Profile
from jmo.storage.bulk_import.staging import MONTH
from jmo.storage.crypto import FieldCipher
from jmo.storage.repositories.participants import NIK_CONTEXT, profile_to_json

NPWP_CONTEXT = "participants.npwp"
HISTORY_CONTEXT = "participant_history.profile"

# COPY's text format: a backslash, tab or line break in a value is escaped; NULL is \N.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r"[\\\t\n\r]")
NULL = "\\N"

Value = str | int | date | None


@dataclass(frozen=True)
class Reject:
    file: str
    line: int
    field: str
    code: str
    params: dict[str, Any]


@dataclass
class ChunkResult:
    kind: str
    lines: int
    rows: list[tuple[Value, ...]] = field(default_factory=list)  # when not COPY
    copy_text: bytes = b""
    rejects: list[Reject] = field(default_factory=list)
    check_seconds: float = 0.0
    encrypt_seconds: float = 0.0

    @property
    def accepted(self) -> int:
        return self.lines - len({r.line for r in self.rejects})


def _copy_value(value: Value) -> str:
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ChunkConverter:
    def __init__(self, cipher: FieldCipher, regions: RegionCodes, today: date) -> None:
        self._cipher = cipher
        self._regions = regions
        self._today = today
        self._contributions = ContributionChecker(today=today)

    def convert(self, kind: str, first_line: int, raw: Sequence[str], copy: bool) -> ChunkResult:
        result = ChunkResult(kind, 0)
        started = time.perf_counter()
        if copy and kind == "contributions" and self._canonical(first_line, raw, result):
            result.check_seconds = time.perf_counter() - started
            return result
        checked: list[tuple[int, Any]] = []
        check: Callable[[Sequence[str]], Any] = {
            "employers": check_employer,
            "participants": lambda v: check_participant(
                v, regions=self._regions, today=self._today
            ),
            "employments": lambda v: check_employment(v, today=self._today),
            "contributions": self._contributions.check,
        }[kind]
        for offset, values in enumerate(csv.reader(raw)):
            line = first_line + offset
            if not values or (len(values) == 1 and not values[0].strip()):
                continue  # a blank line
            result.lines += 1
            try:
                checked.append((line, check(values)))
            except RowRejected as exc:
                result.rejects.extend(
                    Reject(kind, line, e.field, e.code, dict(e.params)) for e in exc.errors
                )
        result.check_seconds = time.perf_counter() - started
        started = time.perf_counter()
        if copy and kind == "contributions":
            result.copy_text = "".join(
                f"{line},{c.kpj},{c.npp},{c.period:{MONTH}},{c.program.value}"
                f",{c.wage},{c.employer_share},{c.worker_share}\n"
                for line, c in checked
            ).encode()
            return result
        rows = self._rows(kind, checked)
        result.encrypt_seconds = time.perf_counter() - started
        if copy:
            result.copy_text = "".join(
                "\t".join(_copy_value(v) for v in row) + "\n" for row in rows
            ).encode()
        else:
            result.rows = rows
        return result

    @staticmethod
    def _canonical(first_line: int, raw: Sequence[str], result: ChunkResult) -> bool:
        """A chunk of canonical lines goes to COPY (CSV) as it is, each line prefixed with
        its number; the month rules then run per distinct month (``checks.month_rules``)."""
        text = "".join(raw)
        if not text.endswith("\n"):
            text += "\n"  # the file's last line
        if CANONICAL_CONTRIBUTIONS.fullmatch(text) is None:
            return False
        result.lines = len(raw)
        result.copy_text = "".join(
            f"{number},{line}" for number, line in enumerate(raw, first_line)
        ).encode()
        if not result.copy_text.endswith(b"\n"):
            result.copy_text += b"\n"
        return True

    def _rows(self, kind: str, checked: list[tuple[int, Any]]) -> list[tuple[Value, ...]]:
        if kind == "employers":
            return [(line, e.npp, e.name) for line, e in checked]
        if kind == "participants":
            return [self._participant(line, p) for line, p in checked]
        if kind == "employments":
            return [
                (
                    line,
                    e.kpj,
                    e.npp,
                    e.start_date,
                    e.end_date,
                    e.start_date.strftime(MONTH),
                    e.end_date.strftime(MONTH) if e.end_date else None,
                    e.monthly_wage,
                )
                for line, e in checked
            ]
        return [
            (
                line,
                c.kpj,
                c.npp,
                c.period.strftime(MONTH),
                c.program.value,
                c.wage,
                c.employer_share,
                c.worker_share,
            )
            for line, c in checked
        ]

    def _participant(self, line: int, p: Any) -> tuple[Value, ...]:
        """Encrypted as ``SqlParticipants._write`` and ``add_history`` encrypt."""
        c = self._cipher
        profile = Profile(gender=p.gender, npwp=p.npwp)
        return (
            line,
            p.kpj,
            c.blind_index(p.nik, context=NIK_CONTEXT),
            c.encrypt(p.nik, context=NIK_CONTEXT),
            c.encrypt(p.npwp, context=NPWP_CONTEXT),
            p.full_name,
            p.birth_place,
            p.birth_date,
            p.gender,
            c.encrypt(profile_to_json(profile), context=HISTORY_CONTEXT),
        )


# --- a pool of processes: each builds its converter once --------------------------------

_converter: ChunkConverter | None = None


def init_worker(cipher: FieldCipher, regions: RegionCodes, today: date) -> None:
    """Runs in each pool process (forked: the arguments are inherited, not pickled)."""
    global _converter  # noqa: PLW0603 - one converter per worker process
    _converter = ChunkConverter(cipher, regions, today)


def convert_in_worker(kind: str, first_line: int, raw: list[str], copy: bool) -> ChunkResult:
    assert _converter is not None, "init_worker first"
    return _converter.convert(kind, first_line, raw, copy)
