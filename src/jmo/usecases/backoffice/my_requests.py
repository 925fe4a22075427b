"""The participant's side of a request worked by staff: its status in four words
("waiting for documents", "being checked", "approved", "rejected: <reason>"), the
timeline, and uploading the documents asked for (checked by the same attachment
inspector as complaint attachments)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import (
    CorrectionEvent,
    EventKind,
    ParticipantStatus,
    RequestDocument,
    participant_status,
)
from jmo.domain.errors import ValidationFailed
from jmo.domain.participant import Identity
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest
from jmo.usecases.access import access_own_change_request, access_own_participant
from jmo.usecases.backoffice.worked_requests import record_event
from jmo.usecases.complaints.tickets import Tools, Upload, check_uploads
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of


@dataclass(frozen=True)
class MyRequestView:
    request: ChangeRequest
    status: ParticipantStatus
    reason: str  # the rejection reason, or what the officer asked for
    events: list[CorrectionEvent]
    documents: list[RequestDocument]
    identity: Identity  # the identity as it is now (after an approval: the new values)
    can_upload: bool


def my_identity_corrections(uow: UnitOfWork, actor: Actor) -> list[ChangeRequest]:
    with uow:
        participant = access_own_participant(uow, actor)
        return [
            r
            for r in uow.change_requests.for_participant(participant.id)
            if r.kind is ChangeKind.IDENTITY_CORRECTION
        ]


def my_request(uow: UnitOfWork, actor: Actor, request_id: UUID) -> MyRequestView:
    with uow:
        request = access_own_change_request(uow, actor, request_id)
        participant = access_own_participant(uow, actor)
        events = uow.change_requests.events(request.id)
        status = participant_status(request)
        wanted = {
            ParticipantStatus.REJECTED: EventKind.REJECTED,
            ParticipantStatus.WAITING_FOR_DOCUMENTS: EventKind.DOCUMENTS_REQUESTED,
        }.get(status)
        reason = next((e.message for e in reversed(events) if e.kind is wanted), "")
        return MyRequestView(
            request=request,
            status=status,
            reason=reason,
            events=events,
            documents=uow.change_requests.documents(request.id),
            identity=participant.identity,
            can_upload=request.kind is ChangeKind.IDENTITY_CORRECTION
            and status in (ParticipantStatus.WAITING_FOR_DOCUMENTS, ParticipantStatus.BEING_CHECKED)
            and request.prepared_by is None,
        )


def upload_documents(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    document_type: str,
    uploads: Sequence[Upload],
    tools: Tools,
    now: datetime,
) -> ChangeRequest:
    """Every file checked before anything is stored; the request then waits for an
    officer ("being checked"), and the participant is told it arrived."""
    checked = check_uploads(uploads, tools)
    if not checked:
        raise ValidationFailed.single("files", "correction.no_documents")
    with uow:
        request = access_own_change_request(uow, actor, request_id)
        if document_type not in {d.value for d in request.documents_required}:
            raise ValidationFailed.single("document_type", "field.choice")
        request = rules.documents_received(request)
    stored: list[str] = []
    try:
        for file in checked:
            stored.append(tools.files.put(file.data))
        with uow:
            request = access_own_change_request(uow, actor, request_id)
            participant = access_own_participant(uow, actor)
            request = rules.documents_received(request)
            for file, key in zip(checked, stored, strict=True):
                uow.change_requests.add_document(
                    RequestDocument(
                        id=uuid.uuid4(),
                        request_id=request.id,
                        document_type=document_type,
                        filename=file.filename,
                        content_type=file.content_type,
                        size=len(file.data),
                        uploaded_at=now,
                    ),
                    key,
                    actor.account_id,
                )
            uow.change_requests.save(request)
            event = record_event(uow, actor, request, EventKind.DOCUMENTS_UPLOADED, now)
            notify_participant(
                uow,
                tools.notices,
                participant,
                kind="correction.documents_received",
                event_key=str(event.id),
                now=now,
                params={
                    "name": participant.identity.full_name,
                    "reference": reference_of(uow, request.id, request.reference),
                },
            )
            uow.commit()
            return request
    except BaseException:
        for key in stored:
            tools.files.delete(key)
        raise
