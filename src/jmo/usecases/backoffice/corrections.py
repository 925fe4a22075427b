"""Identity corrections worked by staff: open one (recorded), read its documents
(recorded), ask for more documents, prepare the corrected values, approve (four eyes: never
the one who prepared it), reject with a reason the participant reads. Every move writes
the timeline, an audit entry and the participant's notice in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import EventKind, RequestDocument
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest, ChangeStatus
from jmo.usecases.backoffice.worked_requests import (
    StaffRequestView,
    load_worked_request,
    record_document_read,
    record_event,
    record_history_version,
    record_move,
    reject_worked_request,
    start_approval,
    view_worked_request,
)
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

_KINDS = frozenset({ChangeKind.IDENTITY_CORRECTION})


def get_correction_for_staff(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> StaffRequestView:
    return view_worked_request(uow, actor, request_id, kinds=_KINDS, masked=False, now=now)


@dataclass(frozen=True)
class DocumentContent:
    document: RequestDocument
    data: bytes


def read_correction_document(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    document_id: UUID,
    *,
    files: FileStore,
    now: datetime,
) -> DocumentContent:
    with uow:
        request, participant = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_READ, _KINDS
        )
        key = uow.change_requests.document_key(request.id, document_id)
        document = next(
            (d for d in uow.change_requests.documents(request.id) if d.id == document_id), None
        )
        if key is None or document is None:
            raise NotFound("document")
        record_document_read(uow, actor, request, participant, document.document_type, now)
        uow.commit()
    return DocumentContent(document, files.get(key))


def ask_for_documents(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    message: str,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    """What is missing, in words the participant reads; the request waits for them."""
    text = rules.clean_reason(message, required=True)
    with uow:
        request, participant = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_ASK_DOCUMENTS, _KINDS
        )
        request = rules.ask_documents(request)
        record_move(
            uow,
            actor,
            request,
            participant,
            EventKind.DOCUMENTS_REQUESTED,
            "correction.documents_requested",
            notices=notices,
            now=now,
            message=text,
        )
        uow.commit()
        return request


def prepare_correction(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    values: Mapping[str, str],
    regions: RegionCodes,
    now: datetime,
) -> ChangeRequest:
    """The officer types the correct values from the documents; nothing changes until a
    second person approves."""
    with uow:
        request, participant = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_PREPARE, _KINDS
        )
        applied = [
            r
            for r in uow.change_requests.for_participant(participant.id)
            if r.status is ChangeStatus.APPLIED and r.kind is ChangeKind.IDENTITY_CORRECTION
        ]
        changes = rules.parse_corrected_values(
            values,
            participant.identity,
            fields=request.reported_fields,
            regions=regions,
            today=now.date(),
            profile=participant.profile,
            applied_before=Counter(name for r in applied for name in r.changed_fields),
        )
        request = rules.prepare(request, changes, actor.account_id, now)
        uow.change_requests.save(request)
        record_event(uow, actor, request, EventKind.PREPARED, now)
        uow.commit()
        return request


def approve_correction(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    """Four eyes: a supervisor who did not prepare it. The identity changes here, with a
    new version in the participant's history."""
    with uow:
        request, participant = start_approval(uow, actor, request_id, _KINDS, now)
        participant.identity = rules.corrected_identity(participant.identity, request.changes)
        participant.profile = rules.corrected_profile(participant.profile, request.changes)
        participant.version += 1
        participant.updated_at = now
        uow.participants.save(participant)
        record_history_version(uow, participant, request.id, now)
        record_move(
            uow,
            actor,
            request,
            participant,
            EventKind.APPROVED,
            "correction.approved",
            notices=notices,
            now=now,
        )
        uow.commit()
        return request


def reject_correction(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    reason: str,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    with uow:
        request = reject_worked_request(
            uow, actor, request_id, kinds=_KINDS, reason=reason, notices=notices, now=now
        )
        uow.commit()
        return request
