"""Identity corrections worked by staff: the states, the four-eyes rule, the corrected
values and what the participant reads.

An officer asks for documents, or reads the uploaded ones and *prepares* the correction
(types the values from the Kartu Keluarga / e-KTP); a supervisor who is not that officer
approves it, and only then the identity changes. Reject needs a reason the participant
reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from jmo.domain.backoffice.four_eyes import require_second_person
from jmo.domain.errors import CollectErrors, Conflict, ValidationFailed
from jmo.domain.identifiers.dates import parse_birth_date
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import parse_nik
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.participant import FieldChange, Identity
from jmo.domain.pengkinian.change_request import ChangeRequest, ChangeStatus

# The identity fields staff correct from documents. A wrong KPJ is a merge of records
# (Cek Saldo JHT), not a correction.
CORRECTABLE: tuple[str, ...] = ("nik", "full_name", "birth_place", "birth_date")
MAX_REASON = 500
# How long the fund gives itself to answer once the documents are in (the queue's SLA).
SLA_DAYS = 5


class EventKind(StrEnum):
    REQUESTED = "requested"
    DOCUMENTS_REQUESTED = "documents_requested"
    DOCUMENTS_UPLOADED = "documents_uploaded"
    PREPARED = "prepared"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class CorrectionEvent:
    """A line of the request's timeline; ``message`` is for the participant to read."""

    id: UUID
    request_id: UUID
    at: datetime
    kind: EventKind
    by_account: UUID
    by_role: str
    message: str = ""


@dataclass(frozen=True)
class RequestDocument:
    id: UUID
    request_id: UUID
    document_type: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime


class ParticipantStatus(StrEnum):
    """The four states a participant reads (the officer's steps are inside "checking")."""

    WAITING_FOR_DOCUMENTS = "waiting_for_documents"
    BEING_CHECKED = "being_checked"
    APPROVED = "approved"
    REJECTED = "rejected"


def participant_status(request: ChangeRequest) -> ParticipantStatus:
    return {
        ChangeStatus.NEEDS_DOCUMENTS: ParticipantStatus.WAITING_FOR_DOCUMENTS,
        ChangeStatus.PENDING_REVIEW: ParticipantStatus.BEING_CHECKED,
        ChangeStatus.AWAITING_APPROVAL: ParticipantStatus.BEING_CHECKED,
        ChangeStatus.APPLIED: ParticipantStatus.APPROVED,
        ChangeStatus.REJECTED: ParticipantStatus.REJECTED,
        ChangeStatus.CANCELLED: ParticipantStatus.REJECTED,
    }[request.status]


WORKABLE = frozenset(
    {ChangeStatus.NEEDS_DOCUMENTS, ChangeStatus.PENDING_REVIEW, ChangeStatus.AWAITING_APPROVAL}
)


def _require(request: ChangeRequest, allowed: frozenset[ChangeStatus]) -> None:
    if request.status not in allowed:
        raise Conflict("correction.illegal_transition", status=request.status.value)


def clean_reason(raw: str | None, *, required: bool) -> str:
    text = " ".join((raw or "").split())
    if required and not text:
        raise ValidationFailed.single("reason", "field.required")
    if len(text) > MAX_REASON:
        raise ValidationFailed.single("reason", "field.too_long", max=MAX_REASON)
    return text


def ask_documents(request: ChangeRequest) -> ChangeRequest:
    _require(request, WORKABLE)
    return replace(request, status=ChangeStatus.NEEDS_DOCUMENTS, prepared_by=None, changes=())


def documents_received(request: ChangeRequest) -> ChangeRequest:
    _require(request, frozenset({ChangeStatus.NEEDS_DOCUMENTS, ChangeStatus.PENDING_REVIEW}))
    return replace(request, status=ChangeStatus.PENDING_REVIEW)


def parse_corrected_values(
    raw: Mapping[str, str],
    current: Identity,
    *,
    fields: tuple[str, ...],
    regions: RegionCodes,
    today: date,
) -> tuple[FieldChange, ...]:
    """The officer's values for the reported fields, checked with the same rules as
    everywhere; only the fields that change are kept (nothing changing is an error)."""
    errors = CollectErrors()
    values: dict[str, str] = {}
    for name in fields:
        if name not in CORRECTABLE:
            continue
        value = (raw.get(name) or "").strip()
        if not value:
            continue
        if name == "nik":
            parsed = errors.run(name, parse_nik, value, regions, today=today, field=name)
            values[name] = str(parsed.value) if parsed is not None else ""
        elif name == "birth_date":
            born = errors.run(name, parse_birth_date, value, today, field=name)
            values[name] = born.isoformat() if born is not None else ""
        elif name == "full_name":
            values[name] = errors.run(name, parse_person_name, value, field=name) or ""
        else:
            values[name] = errors.run(name, parse_person_name, value, field=name) or ""
    errors.raise_if_any()
    old = _identity_values(current)
    changes = tuple(
        FieldChange(name, old[name], new) for name, new in values.items() if new != old[name]
    )
    if not changes:
        raise ValidationFailed.single(fields[0] if fields else "fields", "correction.no_change")
    return changes


def _identity_values(identity: Identity) -> dict[str, str]:
    return {
        "nik": identity.nik,
        "full_name": identity.full_name,
        "birth_place": identity.birth_place,
        "birth_date": identity.birth_date.isoformat(),
    }


def prepare(
    request: ChangeRequest, changes: tuple[FieldChange, ...], by: UUID, at: datetime
) -> ChangeRequest:
    _require(request, frozenset({ChangeStatus.PENDING_REVIEW}))
    return replace(
        request,
        status=ChangeStatus.AWAITING_APPROVAL,
        changes=changes,
        prepared_by=by,
        prepared_at=at,
    )


def approve(request: ChangeRequest, by: UUID, at: datetime) -> ChangeRequest:
    """Four eyes: never the person who prepared it (refused before anything changes)."""
    _require(request, frozenset({ChangeStatus.AWAITING_APPROVAL}))
    require_second_person(request.prepared_by, by)
    return replace(
        request, status=ChangeStatus.APPLIED, decided_by=by, decided_at=at, applied_at=at
    )


def reject(request: ChangeRequest, by: UUID, at: datetime) -> ChangeRequest:
    _require(request, WORKABLE)
    return replace(request, status=ChangeStatus.REJECTED, decided_by=by, decided_at=at)


def corrected_identity(identity: Identity, changes: tuple[FieldChange, ...]) -> Identity:
    values = {c.field: c.new for c in changes if c.new is not None}
    born = values.get("birth_date")
    return replace(
        identity,
        nik=values.get("nik", identity.nik),
        full_name=values.get("full_name", identity.full_name),
        birth_place=values.get("birth_place", identity.birth_place),
        birth_date=date.fromisoformat(born) if born else identity.birth_date,
    )
