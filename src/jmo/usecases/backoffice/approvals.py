"""What the counter prepares and a second person approves: a reference photo enrolled by
an officer, a bank change the risk rules flagged. Open one (recorded), approve (four eyes,
``domain/backoffice/four_eyes``: never who prepared it; refused before anything changes),
reject with a reason the participant reads. Every move writes the timeline, an audit entry
and the participant's notice in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.backoffice.permissions import Action
from jmo.domain.biometric import FaceEnrollment, ReferenceFace
from jmo.domain.errors import Conflict, NotFound
from jmo.domain.participant import FieldChange, Participant
from jmo.domain.pengkinian.change_request import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    DocumentType,
)
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
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.pengkinian.update_notices import queue_update_notices
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

COUNTER_KINDS = frozenset({ChangeKind.REFERENCE_PHOTO, ChangeKind.BANK_CHANGE})
PHOTO_DOCUMENT = "reference_photo"  # the prepared photo, stored as the request's document


_MAGIC = b"JMOREF1\n"


def pack_reference(enrollment: FaceEnrollment) -> bytes:
    """The prepared reference as one file: the descriptor the engine computed from the
    full-size capture (the stored photo is downscaled, too small to describe again) and the
    re-encoded photo shown to the supervisor."""
    model = enrollment.model.encode()
    return (
        _MAGIC
        + len(model).to_bytes(2, "big")
        + model
        + len(enrollment.descriptor).to_bytes(4, "big")
        + enrollment.descriptor
        + enrollment.photo_jpeg
    )


def unpack_reference(blob: bytes) -> FaceEnrollment:
    if not blob.startswith(_MAGIC):
        raise ValueError("not a prepared reference")
    at = len(_MAGIC)
    size = int.from_bytes(blob[at : at + 2], "big")
    model = blob[at + 2 : at + 2 + size].decode()
    at += 2 + size
    size = int.from_bytes(blob[at : at + 4], "big")
    descriptor = blob[at + 4 : at + 4 + size]
    return FaceEnrollment(descriptor=descriptor, photo_jpeg=blob[at + 4 + size :], model=model)


def hold_bank_change(
    uow: UnitOfWork,
    actor: Actor,
    participant: Participant,
    changes: tuple[FieldChange, ...],
    *,
    channel: Channel,
    seen: tuple[DocumentType, ...] = (),
    notices: NoticeComposer | None = None,
    now: datetime,
) -> ChangeRequest | None:
    """A flagged bank change as its own request, not applied. At the counter the officer
    who saw the bank book has prepared it (a supervisor approves); from the app it waits
    for an officer to check it first (``verify_bank_change``), and the participant is told
    at once on every contact (the real owner hears of a takeover)."""
    if not changes:
        return None
    if uow.change_requests.latest_open(participant.id, ChangeKind.BANK_CHANGE) is not None:
        raise Conflict("bank_change.pending", field="bank_account")
    staff = actor.is_staff
    held = ChangeRequest(
        id=uuid.uuid4(),
        participant_id=participant.id,
        kind=ChangeKind.BANK_CHANGE,
        channel=channel,
        status=ChangeStatus.AWAITING_APPROVAL if staff else ChangeStatus.PENDING_REVIEW,
        changes=changes,
        base_version=participant.version,
        submitted_by=actor.account_id,
        submitted_at=now,
        prepared_by=actor.account_id if staff else None,
        prepared_at=now if staff else None,
        documents_seen=seen,
    )
    uow.change_requests.add(held)
    event = record_event(
        uow, actor, held, EventKind.PREPARED if staff else EventKind.REQUESTED, now
    )
    if notices is not None:
        notify_participant(
            uow,
            notices,
            participant,
            kind="bank_change.held",
            event_key=str(event.id),
            now=now,
            sms=True,
            params={"name": participant.identity.full_name, "reference": held.reference},
        )
    return held


def verify_bank_change(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> ChangeRequest:
    """An officer checked a bank change asked in the app (called the person, saw the bank
    book): it then waits for a supervisor who is not this officer."""
    with uow:
        request, _ = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_PREPARE, COUNTER_KINDS
        )
        if request.kind is not ChangeKind.BANK_CHANGE:  # a counter photo is prepared at once
            raise Conflict("correction.illegal_transition", status=request.status.value)
        request = rules.prepare(request, request.changes, actor.account_id, now)
        uow.change_requests.save(request)
        record_event(uow, actor, request, EventKind.PREPARED, now)
        uow.commit()
        return request


def get_counter_request(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> StaffRequestView:
    return view_worked_request(uow, actor, request_id, kinds=COUNTER_KINDS, masked=True, now=now)


def read_counter_photo(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, files: FileStore, now: datetime
) -> bytes:
    """The prepared reference photo (JPEG, re-encoded by the face engine), recorded."""
    with uow:
        request, participant = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_READ, COUNTER_KINDS
        )
        if request.status is ChangeStatus.REJECTED:
            raise NotFound("document")  # a refused face was deleted
        key = _photo_key(uow, request)
        record_document_read(uow, actor, request, participant, PHOTO_DOCUMENT, now)
        uow.commit()
    return unpack_reference(files.get(key)).photo_jpeg


def _photo_key(uow: UnitOfWork, request: ChangeRequest) -> str:
    for document in uow.change_requests.documents(request.id):
        if document.document_type == PHOTO_DOCUMENT:
            key = uow.change_requests.document_key(request.id, document.id)
            if key is not None:
                return key
    raise NotFound("document")


def approve_counter_request(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    files: FileStore,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
) -> ChangeRequest:
    """Four eyes first (before anything is touched); then the
    reference photo is set, or the bank account changes (its cooling-off starts now)."""
    with uow:
        request, participant = start_approval(uow, actor, request_id, COUNTER_KINDS, now)
        if request.kind is ChangeKind.REFERENCE_PHOTO:
            enrollment = unpack_reference(files.get(_photo_key(uow, request)))
            uow.participants.set_reference_face(
                ReferenceFace(
                    participant_id=participant.id,
                    descriptor=enrollment.descriptor,
                    photo_jpeg=enrollment.photo_jpeg,
                    model=enrollment.model,
                    enrolled_at=now,
                    source="branch",
                )
            )
            kind = "reference_photo.enrolled"
        else:
            if any(participant.profile.as_dict()[c.field] != c.old for c in request.changes):
                # the account on file moved since the officer prepared this: prepare again
                raise Conflict("bank_change.stale")
            values = {c.field: c.new for c in request.changes}
            changes = participant.apply_profile(participant.profile.with_changes(values), now)
            uow.participants.save(participant)
            record_history_version(uow, participant, request.id, now)
            # the old contacts hear of the new payout account, as after the app's update
            queue_update_notices(
                uow, notices, participant, request, changes, now, policy.bank_cooling_off_days
            )
            kind = "bank_change.approved"
        record_move(
            uow, actor, request, participant, EventKind.APPROVED, kind, notices=notices, now=now
        )
        uow.commit()
        return request


def reject_counter_request(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    reason: str,
    files: FileStore,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    with uow:
        request = reject_worked_request(
            uow, actor, request_id, kinds=COUNTER_KINDS, reason=reason, notices=notices, now=now
        )
        key = _photo_key(uow, request) if request.kind is ChangeKind.REFERENCE_PHOTO else None
        uow.commit()
    if key is not None:
        files.delete(key)  # a refused face is not kept
    return request
