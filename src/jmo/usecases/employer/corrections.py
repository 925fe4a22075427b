"""A company corrects its workers' data: one worker from a form, or many from a CSV file.

Each row is checked with the app's own rules (identity fields by the officer's correction
parser, the others by the Pengkinian Data steps' validators), and the report names every
bad row and field. A file is applied whole or not at all, and once (keyed by the SHA-256
of its content). The field rules (``jmo.domain.backoffice.employer.EMPLOYER_FIELDS``) say
what applies at once (the worker is told, and sees it in their history and access log)
and what goes to the officers' queue as an employer correction, with the company's signed
letter attached."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as officer_rules
from jmo.domain.backoffice import employer as rules
from jmo.domain.backoffice.employer import Employer, EmployerUpload, FileRow, Route, RowError
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import Conflict, DomainError, FieldError, ValidationFailed
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import FieldChange, HistoryVersion, Participant
from jmo.domain.pengkinian.change_request import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
)
from jmo.domain.pengkinian.forms import FormContext, validate_some
from jmo.domain.pengkinian.policy import documents_for
from jmo.usecases.access import access_worker_as_employer
from jmo.usecases.auditing import audit
from jmo.usecases.employer.letters import issue_letter
from jmo.usecases.employer.workers import company_of
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.card import CardTokens
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Tools:
    regions: RegionDirectory
    tokens: CardTokens
    notices: NoticeComposer


@dataclass(frozen=True)
class CheckedRow:
    line: int
    participant: Participant
    direct: dict[str, str | None]  # the values that change at once
    officer: tuple[FieldChange, ...]  # the identity changes an officer checks


@dataclass(frozen=True)
class Outcome:
    """``errors`` non-empty: nothing was applied. ``earlier``: the same file was applied
    before (nothing applied now). Otherwise ``applied`` rows changed at once and ``queued``
    went to the officers (``requests``: the references of those)."""

    rows: int
    errors: list[RowError]
    applied: int = 0
    queued: int = 0
    requests: tuple[str, ...] = ()
    earlier: EmployerUpload | None = None


def applied_corrections(uow: UnitOfWork, participant_id: UUID) -> Counter[str]:
    """How often each field was corrected already (the field policy limits some)."""
    return Counter(
        name
        for r in uow.change_requests.for_participant(participant_id)
        if r.status is ChangeStatus.APPLIED and r.kind is ChangeKind.IDENTITY_CORRECTION
        for name in r.changed_fields
    )


def _check_row(
    uow: UnitOfWork,
    employer: Employer,
    row: FileRow,
    tools: Tools,
    now: datetime,
    seen: set[str],
) -> CheckedRow | list[RowError]:
    def fail(field: str, code: str, **params: object) -> list[RowError]:
        return [RowError(row.line, field, code, dict(params))]

    try:
        kpj = parse_kpj(row.values.get("kpj"))
    except DomainError as exc:
        return fail("kpj", exc.code, **exc.params)
    if kpj in seen:
        return fail("kpj", "employer.kpj_twice")
    seen.add(kpj)
    participant = uow.participants.get_by_kpj(kpj)
    if participant is None or not any(
        e.employer_npp == employer.npp for e in uow.participants.employments(participant.id)
    ):
        # Another company's worker and an unknown KPJ read the same.
        return fail("kpj", "employer.not_a_worker")
    fields = [name for name in rules.EMPLOYER_FIELDS if row.values.get(name)]
    if not fields:
        return fail("kpj", "employer.row_empty")
    by_route = rules.routed(fields)
    errors: list[RowError] = []
    officer: tuple[FieldChange, ...] = ()
    if by_route[Route.OFFICER]:
        try:
            officer = officer_rules.parse_corrected_values(
                row.values,
                participant.identity,
                fields=by_route[Route.OFFICER],
                regions=tools.regions,
                today=now.date(),
                profile=participant.profile,
                applied_before=applied_corrections(uow, participant.id),
            )
        except ValidationFailed as exc:
            # Identity values equal to the record's are no correction (a file exported from
            # HR's system repeats them); any other problem is the row's.
            if any(e.code != "correction.no_change" for e in exc.errors):
                errors += rules.row_errors(row.line, exc.errors)
        if officer and uow.change_requests.latest_open(
            participant.id, ChangeKind.IDENTITY_CORRECTION
        ):
            errors += fail(officer[0].field, "employer.correction_open")
    direct: dict[str, str | None] = {}
    if by_route[Route.DIRECT]:
        ctx = FormContext(
            tools.regions, participant.identity, now.date(), phone=participant.profile.phone
        )
        try:
            values = validate_some(
                {name: row.values[name] for name in by_route[Route.DIRECT]},
                ctx,
                participant.profile,
            )
        except ValidationFailed as exc:
            errors += rules.row_errors(row.line, exc.errors)
        else:
            current = participant.profile.as_dict()
            direct = {k: v for k, v in values.items() if current.get(k) != v}
    if errors:
        return errors
    if not direct and not officer:
        return fail(fields[0], "correction.no_change")
    return CheckedRow(row.line, participant, direct, officer)


def _apply(
    uow: UnitOfWork,
    actor: Actor,
    employer: Employer,
    row: CheckedRow,
    tools: Tools,
    now: datetime,
) -> str | None:
    """Apply one checked row; returns the reference of the request sent to the officers."""
    participant = row.participant
    if row.direct:
        base = participant.version
        changes = participant.apply_profile(participant.profile.with_changes(row.direct), now)
        applied = ChangeRequest(
            id=uuid.uuid4(),
            participant_id=participant.id,
            kind=ChangeKind.PENGKINIAN,
            channel=Channel.EMPLOYER,
            status=ChangeStatus.APPLIED,
            changes=changes,
            base_version=base,
            submitted_by=actor.account_id,
            submitted_at=now,
            applied_at=now,
        )
        uow.change_requests.add(applied)
        uow.participants.save(participant)
        uow.participants.add_history(
            HistoryVersion(
                participant.id, participant.version, participant.profile, applied.id, now
            )
        )
        audit(
            uow,
            actor,
            "employer.data_corrected",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            npp=employer.npp,
            fields=sorted(row.direct),
            change_request=str(applied.id),
        )
        notify_participant(
            uow,
            tools.notices,
            participant,
            kind="employer.data_updated",
            event_key=str(applied.id),
            now=now,
            params={"name": participant.identity.full_name, "company": employer.name},
        )
    if not row.officer:
        return None
    request = ChangeRequest(
        id=uuid.uuid4(),
        participant_id=participant.id,
        kind=ChangeKind.IDENTITY_CORRECTION,
        channel=Channel.EMPLOYER,
        status=ChangeStatus.PENDING_REVIEW,
        changes=row.officer,
        base_version=participant.version,
        submitted_by=actor.account_id,
        submitted_at=now,
        reported_fields=tuple(c.field for c in row.officer),
        # What the field policy asks for; the company's letter comes with the request.
        documents_required=documents_for(
            tuple(c.field for c in row.officer), currently_employed=True
        ),
    )
    uow.change_requests.add(request)
    issue_letter(
        uow,
        actor,
        employer,
        participant,
        {c.field: c.new or "" for c in row.officer},
        tokens=tools.tokens,
        request_id=request.id,
        now=now,
    )
    audit(
        uow,
        actor,
        "employer.correction_filed",
        subject_type="participant",
        subject_id=participant.id,
        at=now,
        npp=employer.npp,
        fields=list(request.reported_fields),
        reference=request.reference,
    )
    notify_participant(
        uow,
        tools.notices,
        participant,
        kind="employer.correction_filed",
        event_key=str(request.id),
        now=now,
        params={
            "name": participant.identity.full_name,
            "company": employer.name,
            "reference": request.reference,
        },
    )
    return request.reference


def _check_all(
    uow: UnitOfWork, employer: Employer, rows: list[FileRow], tools: Tools, now: datetime
) -> tuple[list[CheckedRow], list[RowError]]:
    checked: list[CheckedRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for row in rows:
        result = _check_row(uow, employer, row, tools, now, seen)
        if isinstance(result, list):
            errors += result
        else:
            checked.append(result)
    return checked, errors


def upload_corrections(
    uow: UnitOfWork, actor: Actor, content: bytes, *, tools: Tools, now: datetime
) -> Outcome:
    """A CSV of corrections: every row checked first; the file applies whole, and once."""
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_CORRECT)
    digest = rules.content_hash(content)
    try:
        rows = rules.read_csv(content)
    except DomainError as exc:
        raise ValidationFailed.single("file", exc.code, **exc.params) from exc
    try:
        with uow:
            earlier = uow.employers.upload_by_hash(employer.npp, digest)
            if earlier is not None:
                return Outcome(earlier.rows, [], earlier=earlier)
            checked, errors = _check_all(uow, employer, rows, tools, now)
            if errors:
                return Outcome(len(rows), errors)
            upload = EmployerUpload(
                id=uuid.uuid4(),
                npp=employer.npp,
                content_hash=digest,
                uploaded_by=actor.account_id,
                uploaded_at=now,
                rows=len(rows),
                applied=sum(1 for c in checked if c.direct),
                queued=sum(1 for c in checked if c.officer),
            )
            # First, so that a second upload of the same file stops here, before a change.
            uow.employers.add_upload(upload)
            references = [_apply(uow, actor, employer, c, tools, now) for c in checked]
            audit(
                uow,
                actor,
                "employer.file_applied",
                subject_type="employer",
                subject_id=employer.npp,
                at=now,
                rows=upload.rows,
                content_hash=digest,
            )
            uow.commit()
    except Conflict:
        # The same file at the same moment in another tab: that one applied it.
        with uow:
            earlier = uow.employers.upload_by_hash(employer.npp, digest)
        if earlier is None:
            raise
        return Outcome(earlier.rows, [], earlier=earlier)
    return Outcome(
        upload.rows,
        [],
        applied=upload.applied,
        queued=upload.queued,
        requests=tuple(r for r in references if r),
    )


def correct_worker(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    values: Mapping[str, str],
    *,
    tools: Tools,
    now: datetime,
) -> Outcome:
    """One worker's correction from the form: the same checks as a row of the file; the
    errors come back by field (``ValidationFailed``), the draft stays in the form."""
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_CORRECT)
        worker = access_worker_as_employer(uow, actor, participant_id, Action.EMPLOYER_CORRECT)
        kpj = worker.identity.kpj
        row = FileRow(
            1,
            {
                "kpj": kpj,
                **{
                    k: v.strip()
                    for k, v in values.items()
                    if k in rules.EMPLOYER_FIELDS and v.strip()
                },
            },
        )
        checked, errors = _check_all(uow, employer, [row], tools, now)
        if errors:
            raise ValidationFailed([as_field_error(e) for e in errors])
        references = [_apply(uow, actor, employer, c, tools, now) for c in checked]
        uow.commit()
    return Outcome(
        1,
        [],
        applied=sum(1 for c in checked if c.direct),
        queued=sum(1 for c in checked if c.officer),
        requests=tuple(r for r in references if r),
    )


def as_field_error(error: RowError) -> FieldError:
    return FieldError(error.field, error.code, error.params)
