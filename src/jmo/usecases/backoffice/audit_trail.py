"""The audit trail read back (issue 11, Audit): the page at /petugas/audit, the staff API
and ``jmo audit export`` all call these, for auditors and supervisors (``audit.read``).

Filters: a participant (KPJ, or NIK through the blind index: every entry about them,
their account, requests, claims and complaints), a staff member, an action, a range of
days. Reads are in it as well as writes (``participant.viewed``). Scope: the head office
sees everything; a branch sees its own participants and its own staff, and, with no
participant named, what its own staff did (the log has no branch column, and a
participant's entries are found through the participant; docs/decisions/audit-trail.md).

Pages are keyset pages, newest first (``AuditLog.search``). Reading the trail is itself
recorded: a participant's trail is a staff read of that participant (in their "who
accessed my data"); any other page is ``audit.viewed``; an export is ``audit.exported``,
written before the first row leaves. Details are masked on the way out
(``domain.audit.mask_numbers``): no NIK or account number in clear.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from jmo.domain.accounts import STAFF_ROLES, Actor
from jmo.domain.audit import AuditEntry, AuditFilter, AuditPosition, StoredEntry, mask_numbers
from jmo.domain.backoffice.branches import get_branch, serves
from jmo.domain.backoffice.permissions import Action
from jmo.domain.backoffice.queue import classify_search
from jmo.domain.errors import FieldError, ValidationFailed
from jmo.domain.participant import Participant
from jmo.domain.time import local_days
from jmo.usecases.access import in_scope, require_action
from jmo.usecases.auditing import audit, participant_subjects
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read

PAGE_SIZE = 50
EXPORT_BATCH = 1000
EXPORT_FORMATS = ("csv", "json")
# The columns of an export, in order (CSV header and JSON keys): one definition.
EXPORT_FIELDS = (
    "seq",
    "at",
    "action",
    "actor_role",
    "actor_email",
    "channel",
    "subject_type",
    "subject_id",
    "participant_kpj",
    "client_ip",
    "details",
)
_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


@dataclass(frozen=True)
class AuditSearch:
    """What staff typed. ``until`` is exclusive (the edges turn days into a range with
    ``domain.time.local_days``)."""

    participant: str = ""  # KPJ (11 digits) or NIK (16 digits)
    staff_email: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def typed(
        cls,
        *,
        participant: str = "",
        staff_email: str = "",
        action: str = "",
        first_day: str = "",
        last_day: str = "",
    ) -> AuditSearch:
        """From what the page's form and the command's options carry: days as
        ``YYYY-MM-DD``, both included, in the office's zone (WIB)."""
        errors: list[FieldError] = []
        days: dict[str, date | None] = {}
        for name, text in (("since", first_day), ("until", last_day)):
            try:
                days[name] = date.fromisoformat(text.strip()) if text.strip() else None
            except ValueError:
                errors.append(FieldError(name, "date.invalid", {}))
        if errors:
            raise ValidationFailed(errors)
        since, until = local_days(days["since"], days["until"])
        return cls(participant[:40], staff_email[:254], action[:60], since, until)

    def described(self) -> dict[str, Any]:
        """The filters as an audit entry may carry them: never the KPJ or NIK typed (the
        participant is the entry's subject instead)."""
        return {
            "participant": bool(self.participant.strip()),
            "staff": self.staff_email.strip().lower() or None,
            "action": self.action.strip() or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class AuditLine:
    seq: int
    entry: AuditEntry  # details already masked
    actor_email: str | None  # staff only: a participant acting is named by their KPJ
    participant_kpj: str | None

    def row(self) -> dict[str, Any]:
        e = self.entry
        return {
            "seq": self.seq,
            "at": e.at.isoformat(),
            "action": e.action,
            "actor_role": e.actor_role,
            "actor_email": self.actor_email,
            "channel": e.channel,
            "subject_type": e.subject_type,
            "subject_id": e.subject_id,
            "participant_kpj": self.participant_kpj,
            "client_ip": e.client_ip,
            "details": e.details,
        }


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    next_after: int | None  # the ``after`` of the next page, None on the last one
    participants: list[str] = field(default_factory=list)  # KPJs the filter matched


@dataclass(frozen=True)
class _Scope:
    where: AuditFilter
    participants: list[Participant]


def _participants(uow: UnitOfWork, actor: Actor, text: str) -> list[Participant]:
    how, value = classify_search(text)
    if how == "kpj":
        one = uow.participants.get_by_kpj(value)
        found = [one] if one is not None else []
    elif how == "nik":
        found = list(uow.participants.find_by_nik(value))
    else:
        raise ValidationFailed.single("participant", "audit.participant_format")
    # another branch's participant answers as an unknown one (no probing across branches)
    mine = [p for p in found if in_scope(actor, p)]
    if not mine:
        raise ValidationFailed.single("participant", "audit.participant_unknown")
    return mine


def _scope(uow: UnitOfWork, actor: Actor, search: AuditSearch) -> _Scope:
    errors: list[FieldError] = []
    if search.action.strip() and not _ACTION.match(search.action.strip()):
        errors.append(FieldError("action", "audit.action_format", {}))
    if search.since and search.until and search.since >= search.until:
        errors.append(FieldError("until", "audit.range_reversed", {}))
    participants: list[Participant] = []
    subjects: tuple[tuple[str, str], ...] | None = None
    if search.participant.strip():
        try:
            participants = _participants(uow, actor, search.participant)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
        subjects = tuple(s for p in participants for s in participant_subjects(uow, p.id))
    actors: tuple[UUID, ...] | None = None
    if search.staff_email.strip():
        account = uow.accounts.get_by_email(search.staff_email.strip().lower())
        if (
            account is None
            or account.role not in STAFF_ROLES
            or not serves(actor.branch_code, account.branch_code or "")
        ):
            errors.append(FieldError("staff", "audit.staff_unknown", {}))
        else:
            actors = (account.id,)
    elif subjects is None and not _national(actor):
        actors = tuple(a.id for a in uow.accounts.staff() if a.branch_code == actor.branch_code)
    if errors:
        raise ValidationFailed(errors)
    where = AuditFilter(
        subjects=subjects,
        actors=actors,
        action=search.action.strip() or None,
        since=search.since,
        until=search.until,
    )
    return _Scope(where, participants)


def _national(actor: Actor) -> bool:
    branch = get_branch(actor.branch_code)
    return branch is not None and branch.national


class _Names:
    """Staff emails and participants' KPJs for the lines, looked up once per id."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._staff = {a.id: a.email for a in uow.accounts.staff()}
        self._kpj: dict[str, str | None] = {}

    def line(self, stored: StoredEntry) -> AuditLine:
        entry = stored.entry
        kpj = None
        if entry.subject_type == "participant":
            if entry.subject_id not in self._kpj:
                self._kpj[entry.subject_id] = self._lookup(entry.subject_id)
            kpj = self._kpj[entry.subject_id]
        email = self._staff.get(entry.actor_account_id) if entry.actor_account_id else None
        masked = replace(entry, details=mask_numbers(entry.details))
        return AuditLine(stored.seq, masked, email, kpj)

    def _lookup(self, subject_id: str) -> str | None:
        try:
            participant = self._uow.participants.get(UUID(subject_id))
        except ValueError:
            return None
        return participant.identity.kpj if participant else None


def _record_reading(
    uow: UnitOfWork, actor: Actor, scope: _Scope, search: AuditSearch, *, at: datetime
) -> None:
    if scope.participants:
        record_staff_read(
            uow, actor, StaffRead.AUDIT_TRAIL, [p.id for p in scope.participants], at=at
        )
    else:
        audit(
            uow,
            actor,
            "audit.viewed",
            subject_type="audit_log",
            subject_id="search",
            at=at,
            filters=search.described(),
        )


def search_audit(
    uow: UnitOfWork,
    actor: Actor,
    search: AuditSearch,
    *,
    after: int | None = None,
    limit: int = PAGE_SIZE,
    now: datetime,
) -> AuditPage:
    """One page, newest first; ``after`` is the previous page's ``next_after``."""
    require_action(actor, Action.AUDIT_READ)
    with uow:
        scope = _scope(uow, actor, search)
        position = uow.audit.position(after) if after is not None else None
        if after is not None and position is None:
            raise ValidationFailed.single("after", "audit.cursor_unknown")
        found = uow.audit.search(scope.where, after=position, limit=limit + 1)
        names = _Names(uow)
        lines = [names.line(s) for s in found[:limit]]
        _record_reading(uow, actor, scope, search, at=now)
        uow.commit()
    more = len(found) > limit
    return AuditPage(
        lines,
        lines[-1].seq if more and lines else None,
        [p.identity.kpj for p in scope.participants],
    )


def export_audit(
    uow: UnitOfWork,
    actor: Actor,
    search: AuditSearch,
    *,
    export_format: str,
    now: datetime,
    batch: int = EXPORT_BATCH,
) -> Iterator[AuditLine]:
    """Every matching entry, newest first, in keyset batches (constant memory for any
    size). The export is recorded, and the participant's read with it, in one transaction
    before this returns: a stopped download is on the trail too."""
    require_action(actor, Action.AUDIT_READ)
    if export_format not in EXPORT_FORMATS:
        raise ValidationFailed.single("format", "field.choice")
    with uow:
        scope = _scope(uow, actor, search)
        if scope.participants:
            record_staff_read(
                uow, actor, StaffRead.AUDIT_TRAIL, [p.id for p in scope.participants], at=now
            )
        audit(
            uow,
            actor,
            "audit.exported",
            subject_type="audit_log",
            subject_id="export",
            at=now,
            format=export_format,
            participants=[str(p.id) for p in scope.participants],
            filters=search.described(),
        )
        uow.commit()
    return _batches(uow, scope.where, batch)


def _batches(uow: UnitOfWork, where: AuditFilter, batch: int) -> Iterator[AuditLine]:
    position: AuditPosition | None = None
    while True:
        with uow:
            found = uow.audit.search(where, after=position, limit=batch)
            names = _Names(uow)
            lines = [names.line(s) for s in found]
        yield from lines
        if len(found) < batch:
            return
        position = found[-1].position


def export_chunks(lines: Iterator[AuditLine], export_format: str) -> Iterator[str]:
    """The export as text, a line at a time (the CLI writes it to a file, the page streams
    it): CSV with a header of ``EXPORT_FIELDS`` and the details as JSON, or one JSON array
    of objects with those keys. Times in UTC (ISO 8601)."""
    if export_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_FIELDS)
        for line in lines:
            row = line.row()
            row["details"] = json.dumps(row["details"], sort_keys=True, ensure_ascii=False)
            writer.writerow([_cell(row[k]) for k in EXPORT_FIELDS])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
        return
    yield "["
    first = True
    for line in lines:
        yield ("\n" if first else ",\n") + json.dumps(line.row(), ensure_ascii=False)
        first = False
    yield "\n]\n"


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
