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
from jmo.domain.participant import FieldChange, Identity, Profile
from jmo.domain.pengkinian.change_request import ChangeRequest, ChangeStatus
from jmo.domain.pengkinian.policy import check_change_limit, officer_fields
from jmo.domain.reference import CITIZENSHIPS, GENDERS, parse_choice

# The fields staff correct from documents: those the field policy gives to an officer
# (identity data, gender, citizenship). A wrong KPJ is a merge of records (Cek Saldo JHT),
# not a correction.
CORRECTABLE: tuple[str, ...] = officer_fields()
# Of those, the ones kept on the profile rather than the identity.
_PROFILE_CHOICES = {"gender": GENDERS, "citizenship": CITIZENSHIPS}
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
    profile: Profile | None = None,
    applied_before: Mapping[str, int] | None = None,
) -> tuple[FieldChange, ...]:
    """The officer's values for the reported fields, checked with the same rules as
    everywhere; only the fields that change are kept (nothing changing is an error). A
    field already changed as often as the field policy allows (``applied_before``: field
    -> changes applied so far) is refused."""
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
        elif name in _PROFILE_CHOICES:
            choice = errors.run(name, parse_choice, _PROFILE_CHOICES[name], value, field=name)
            values[name] = choice or ""
        elif name == "full_name":
            values[name] = errors.run(name, parse_person_name, value, field=name) or ""
        else:
            values[name] = errors.run(name, parse_person_name, value, field=name) or ""
    errors.raise_if_any()
    old: dict[str, str | None] = dict(_identity_values(current))
    if profile is not None:
        old.update({name: getattr(profile, name) for name in _PROFILE_CHOICES})
    changes = tuple(
        FieldChange(name, old.get(name), new)
        for name, new in values.items()
        if new != old.get(name)
    )
    if not changes:
        raise ValidationFailed.single(fields[0] if fields else "fields", "correction.no_change")
    for change in changes:
        errors.run(
            change.field,
            check_change_limit,
            change.field,
            (applied_before or {}).get(change.field, 0),
        )
    errors.raise_if_any()
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


def corrected_profile(profile: Profile, changes: tuple[FieldChange, ...]) -> Profile:
    """The profile fields of a correction (gender, citizenship) applied."""
    return profile.with_changes({c.field: c.new for c in changes if c.field in _PROFILE_CHOICES})


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
