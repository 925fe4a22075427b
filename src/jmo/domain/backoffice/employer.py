"""The employer portal's rules: which of a worker's fields a company may correct and who
applies each, the correction file (CSV) and its per-row report, resignations, and the
signed "surat pengantar koreksi data".

The field values themselves are checked by the rules the app uses (identity fields by the
officer's correction parser, profile fields by the Pengkinian Data steps' validators):
nothing here restates a format.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from jmo.domain.backoffice.corrections import CORRECTABLE
from jmo.domain.errors import DomainError, FieldError
from jmo.domain.identifiers.dates import parse_date
from jmo.domain.pengkinian.change_request import IDENTITY_FIELDS
from jmo.domain.pengkinian.policy import employer_fields


class Route(StrEnum):
    """Who applies a company's correction of a field."""

    DIRECT = "direct"  # applied at once; the worker is told and sees it in their history
    OFFICER = "officer"  # the officers' queue (documents, four eyes), like "Data tidak sesuai"


# What a company may correct, and who applies it: the field policy decides
# (``jmo.domain.pengkinian.policy``, the employer channel). Fields that need documents
# (identity data, gender, citizenship) go to an officer and a supervisor, as when the
# worker reports them; the others (the address and a few facts HR keeps on file) apply at
# once.
EMPLOYER_FIELDS: dict[str, Route] = {
    name: Route.OFFICER if needs_officer else Route.DIRECT
    for name, needs_officer in sorted(
        employer_fields().items(),  # identity data first, then the rest of the officer's
        key=lambda item: (not item[1], item[0] not in IDENTITY_FIELDS),
    )
}
assert {n for n, r in EMPLOYER_FIELDS.items() if r is Route.OFFICER} <= set(CORRECTABLE)

# The correction file: one row per worker, the KPJ and any of the fields (empty: no change).
CSV_COLUMNS: tuple[str, ...] = ("kpj", *EMPLOYER_FIELDS)
MAX_FILE_BYTES = 512 * 1024
MAX_ROWS = 1000


def routed(fields: list[str] | tuple[str, ...]) -> dict[Route, tuple[str, ...]]:
    out: dict[Route, list[str]] = {Route.DIRECT: [], Route.OFFICER: []}
    for name in fields:
        out[EMPLOYER_FIELDS[name]].append(name)
    return {route: tuple(names) for route, names in out.items()}


def mask_name(name: str) -> str:
    """The worker list's name: the first word, then initials ("Budi S."), enough for HR
    to find a worker without the list being a read of everyone's full name."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def content_hash(content: bytes) -> str:
    """The same file uploaded twice is applied once: the upload is keyed by this."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class FileRow:
    """A data row of the file: its line in the spreadsheet (the header is line 1) and the
    non-empty cells by column."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    code: str
    params: dict[str, object]


def read_csv(content: bytes) -> list[FileRow]:
    """The rows of a correction file, or a ``DomainError`` about the file as a whole (not
    UTF-8, too large, no KPJ column, an unknown column, no rows, too many)."""
    if len(content) > MAX_FILE_BYTES:
        raise DomainError("employer.file_too_large", field="file", max_kb=MAX_FILE_BYTES // 1024)
    try:
        text = content.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError as exc:
        raise DomainError("employer.file_encoding", field="file") from exc
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","  # Excel, id-ID locale
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DomainError("employer.file_format", field="file") from exc
    if not rows:
        raise DomainError("employer.file_empty", field="file")
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if "kpj" not in header or unknown or len(set(header)) != len(header):
        raise DomainError(
            "employer.file_columns", field="file", columns=", ".join(unknown) or "kpj"
        )
    found: list[FileRow] = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines at the end of a spreadsheet
        values = {
            name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()
        }
        found.append(FileRow(line, values))
    if not found:
        raise DomainError("employer.file_empty", field="file")
    if len(found) > MAX_ROWS:
        raise DomainError("employer.file_too_many_rows", field="file", max=MAX_ROWS)
    return found


def template_csv() -> str:
    """The downloadable template: the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    example = {"kpj": "12345678901", "address_street": "Jl. Rungkut Industri III No. 7"}
    writer.writerow([example.get(c, "") for c in CSV_COLUMNS])
    return out.getvalue()


def report_csv(errors: list[RowError], messages: list[str]) -> str:
    """The per-row error report (line, field, code, message), as a download."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("line", "field", "code", "message"))
    for error, message in zip(errors, messages, strict=True):
        writer.writerow((error.line, error.field, error.code, message))
    return out.getvalue()


def row_errors(line: int, errors: tuple[FieldError, ...] | list[FieldError]) -> list[RowError]:
    return [RowError(line, e.field, e.code, dict(e.params)) for e in errors]


# --- resignations ------------------------------------------------------------------------


def parse_end_date(raw: str | None, *, start: date, today: date) -> date:
    """The last day of work: not before the employment began, not in the future (a
    resignation is recorded once it happened; it feeds JHT eligibility, docs/domain-rules.md
    §3)."""
    end = parse_date(raw, "end_date")
    if end < start:
        raise DomainError("employer.end_before_start", field="end_date", start=start.isoformat())
    if end > today:
        raise DomainError("employer.end_in_future", field="end_date")
    return end


# --- the signed letter ---------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    """The "surat pengantar koreksi data": a company states a worker's correct data.
    ``values`` are the corrected values by field; the signature covers all of it."""

    id: uuid.UUID
    npp: str
    company: str
    participant_id: uuid.UUID
    kpj: str
    worker_name: str
    values: dict[str, str]
    issued_by: uuid.UUID
    issued_at: datetime

    @property
    def reference(self) -> str:
        return "SPK-" + self.id.hex[:8].upper()

    def canonical(self) -> bytes:
        """What is signed: every statement of the letter, in one fixed encoding."""
        return json.dumps(
            {
                "id": str(self.id),
                "npp": self.npp,
                "company": self.company,
                "participant_id": str(self.participant_id),
                "kpj": self.kpj,
                "worker_name": self.worker_name,
                "values": dict(sorted(self.values.items())),
                "issued_by": str(self.issued_by),
                "issued_at": self.issued_at.isoformat(),
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    def signed_payload(self) -> bytes:
        """The token's claims: the letter id and the SHA-256 of its statements (the
        values stay in the database, encrypted; the token names no personal data)."""
        return self.id.bytes + hashlib.sha256(self.canonical()).digest()


@dataclass(frozen=True)
class Employer:
    npp: str
    name: str


@dataclass(frozen=True)
class Worker:
    """A line of a company's worker list (the employer portal)."""

    participant_id: UUID
    kpj: str
    full_name: str
    start_date: date
    end_date: date | None
    updated_at: datetime | None  # the last change of the participant's data


@dataclass(frozen=True)
class EmployerUpload:
    """A correction file a company applied, keyed by its content's SHA-256 (applied once)."""

    id: UUID
    npp: str
    content_hash: str
    uploaded_by: UUID
    uploaded_at: datetime
    rows: int
    applied: int  # rows applied at once
    queued: int  # rows sent to the officers' queue
