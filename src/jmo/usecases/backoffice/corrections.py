"""Identity corrections worked by staff: open one (recorded), read its documents
(recorded), ask for more documents, prepare the corrected values, approve (four eyes: never
the one who prepared it), reject with a reason the participant reads. Every move writes
the timeline, an audit entry and the participant's notice in one transaction."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import CorrectionEvent, EventKind, RequestDocument
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.participant import HistoryVersion, Participant
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest, ChangeStatus
from jmo.usecases.access import access_change_request_as_staff
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class StaffRequestView:
    request: ChangeRequest
    participant: Participant
    documents: list[RequestDocument]
    events: list[CorrectionEvent]
    names: dict[UUID, str]  # account id -> email, for the timeline
    # Whether this actor may approve now: a supervisor who did not prepare it.
    can_approve: bool
    four_eyes_blocked: bool


def _load(
    uow: UnitOfWork, actor: Actor, request_id: UUID, action: Action
) -> tuple[ChangeRequest, Participant]:
    request = access_change_request_as_staff(uow, actor, request_id, action)
    if request.kind is not ChangeKind.IDENTITY_CORRECTION:
        raise NotFound("change_request")
    participant = uow.participants.get(request.participant_id)
    if participant is None:
        raise NotFound("change_request")
    return request, participant


def get_correction_for_staff(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> StaffRequestView:
    with uow:
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_READ)
        events = uow.change_requests.events(request.id)
        accounts = {e.by_account for e in events}
        names = {}
        for account_id in accounts:
            account = uow.accounts.get(account_id)
            names[account_id] = account.email if account else "-"
        record_staff_read(
            uow,
            actor,
            StaffRead.CHANGE_REQUEST,
            [participant.id],
            at=now,
            reference=request.reference,
        )
        uow.commit()
        approver = allowed(actor.role, Action.CHANGE_REQUEST_APPROVE)
        same = request.prepared_by == actor.account_id
        return StaffRequestView(
            request=request,
            participant=participant,
            documents=uow.change_requests.documents(request.id),
            events=events,
            names=names,
            can_approve=approver and not same,
            four_eyes_blocked=approver and same,
        )


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
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_READ)
        key = uow.change_requests.document_key(request.id, document_id)
        document = next(
            (d for d in uow.change_requests.documents(request.id) if d.id == document_id), None
        )
        if key is None or document is None:
            raise NotFound("document")
        record_staff_read(
            uow,
            actor,
            StaffRead.CHANGE_REQUEST_DOCUMENT,
            [participant.id],
            at=now,
            reference=request.reference,
            document=document.document_type,
        )
        uow.commit()
    return DocumentContent(document, files.get(key))


def record_event(
    uow: UnitOfWork,
    actor: Actor,
    request: ChangeRequest,
    kind: EventKind,
    now: datetime,
    message: str = "",
) -> CorrectionEvent:
    event = CorrectionEvent(
        id=uuid.uuid4(),
        request_id=request.id,
        at=now,
        kind=kind,
        by_account=actor.account_id,
        by_role=actor.role.value,
        message=message,
    )
    uow.change_requests.add_event(event)
    audit(
        uow,
        actor,
        f"identity_correction.{kind.value}",
        subject_type="change_request",
        subject_id=request.id,
        at=now,
        participant_id=str(request.participant_id),
        status=request.status.value,
    )
    return event


def _notify(
    uow: UnitOfWork,
    notices: NoticeComposer,
    participant: Participant,
    request: ChangeRequest,
    event: CorrectionEvent,
    kind: str,
    now: datetime,
) -> None:
    notify_participant(
        uow,
        notices,
        participant,
        kind=kind,
        event_key=str(event.id),
        now=now,
        params={
            "name": participant.identity.full_name,
            "reference": reference_of(uow, request.id, request.reference),
            "reason": event.message,
        },
    )


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
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_ASK_DOCUMENTS)
        request = rules.ask_documents(request)
        uow.change_requests.save(request)
        event = record_event(uow, actor, request, EventKind.DOCUMENTS_REQUESTED, now, text)
        _notify(uow, notices, participant, request, event, "correction.documents_requested", now)
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
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_PREPARE)
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
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_APPROVE)
        request = rules.approve(request, actor.account_id, now)
        participant.identity = rules.corrected_identity(participant.identity, request.changes)
        participant.profile = rules.corrected_profile(participant.profile, request.changes)
        participant.version += 1
        participant.updated_at = now
        uow.participants.save(participant)
        uow.participants.add_history(
            HistoryVersion(
                participant_id=participant.id,
                version=participant.version,
                profile=participant.profile,
                change_request_id=request.id,
                recorded_at=now,
            )
        )
        uow.change_requests.save(request)
        event = record_event(uow, actor, request, EventKind.APPROVED, now)
        _notify(uow, notices, participant, request, event, "correction.approved", now)
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
    text = rules.clean_reason(reason, required=True)
    with uow:
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_REJECT)
        request = rules.reject(request, actor.account_id, now)
        uow.change_requests.save(request)
        event = record_event(uow, actor, request, EventKind.REJECTED, now, text)
        _notify(uow, notices, participant, request, event, "correction.rejected", now)
        uow.commit()
        return request
