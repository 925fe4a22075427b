"""What the counter prepares and a second person approves: a reference photo enrolled by
an officer, a bank change the risk rules flagged. Open one (recorded), approve (four eyes,
``domain/backoffice/four_eyes``: never who prepared it; refused before anything changes),
reject with a reason the participant reads. Every move writes the timeline, an audit entry
and the participant's notice in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import CorrectionEvent, EventKind, RequestDocument
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.biometric import FaceEnrollment, ReferenceFace
from jmo.domain.errors import Conflict, NotFound
from jmo.domain.participant import FieldChange, HistoryVersion, Participant, masked_for_staff
from jmo.domain.pengkinian.change_request import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    DocumentType,
)
from jmo.usecases.access import access_change_request_as_staff
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.pengkinian.update_notices import queue_update_notices
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy
from jmo.usecases.staff_reads import StaffRead, record_staff_read

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


def record_counter_event(
    uow: UnitOfWork,
    actor: Actor,
    request: ChangeRequest,
    kind: EventKind,
    now: datetime,
    message: str = "",
) -> CorrectionEvent:
    """A line of the request's timeline and its audit entry (on the request, so that it is
    in the participant's "who accessed my data")."""
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
        f"{request.kind.value}.{kind.value}",
        subject_type="change_request",
        subject_id=request.id,
        at=now,
        participant_id=str(request.participant_id),
        status=request.status.value,
    )
    return event


@dataclass(frozen=True)
class CounterRequestView:
    request: ChangeRequest  # a bank change's values masked as staff see them
    participant: Participant
    documents: list[RequestDocument]
    events: list[CorrectionEvent]
    names: dict[UUID, str]
    can_approve: bool
    four_eyes_blocked: bool


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
    event = record_counter_event(
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
        request, _ = _load(uow, actor, request_id, Action.CHANGE_REQUEST_PREPARE)
        if request.kind is not ChangeKind.BANK_CHANGE:  # a counter photo is prepared at once
            raise Conflict("correction.illegal_transition", status=request.status.value)
        request = rules.prepare(request, request.changes, actor.account_id, now)
        uow.change_requests.save(request)
        record_counter_event(uow, actor, request, EventKind.PREPARED, now)
        uow.commit()
        return request


def _load(
    uow: UnitOfWork, actor: Actor, request_id: UUID, action: Action
) -> tuple[ChangeRequest, Participant]:
    request = access_change_request_as_staff(uow, actor, request_id, action)
    if request.kind not in COUNTER_KINDS:
        raise NotFound("change_request")
    participant = uow.participants.get(request.participant_id)
    if participant is None:
        raise NotFound("change_request")
    return request, participant


def get_counter_request(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> CounterRequestView:
    with uow:
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_READ)
        events = uow.change_requests.events(request.id)
        names: dict[UUID, str] = {}
        for account_id in {e.by_account for e in events}:
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
        shown = replace(request, changes=masked_for_staff(request.changes))
        return CounterRequestView(
            request=shown,
            participant=participant,
            documents=uow.change_requests.documents(request.id),
            events=events,
            names=names,
            can_approve=approver and not same,
            four_eyes_blocked=approver and same,
        )


def read_counter_photo(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, files: FileStore, now: datetime
) -> bytes:
    """The prepared reference photo (JPEG, re-encoded by the face engine), recorded."""
    with uow:
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_READ)
        if request.status is ChangeStatus.REJECTED:
            raise NotFound("document")  # a refused face was deleted
        key = _photo_key(uow, request)
        record_staff_read(
            uow,
            actor,
            StaffRead.CHANGE_REQUEST_DOCUMENT,
            [participant.id],
            at=now,
            reference=request.reference,
            document=PHOTO_DOCUMENT,
        )
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
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_APPROVE)
        request = rules.approve(request, actor.account_id, now)
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
            uow.participants.add_history(
                HistoryVersion(
                    participant_id=participant.id,
                    version=participant.version,
                    profile=participant.profile,
                    change_request_id=request.id,
                    recorded_at=now,
                )
            )
            # the old contacts hear of the new payout account, as after the app's update
            queue_update_notices(
                uow, notices, participant, request, changes, now, policy.bank_cooling_off_days
            )
            kind = "bank_change.approved"
        uow.change_requests.save(request)
        event = record_counter_event(uow, actor, request, EventKind.APPROVED, now)
        _notify(uow, notices, participant, request, event, kind, now)
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
    text = rules.clean_reason(reason, required=True)
    with uow:
        request, participant = _load(uow, actor, request_id, Action.CHANGE_REQUEST_REJECT)
        request = rules.reject(request, actor.account_id, now)
        uow.change_requests.save(request)
        event = record_counter_event(uow, actor, request, EventKind.REJECTED, now, text)
        _notify(uow, notices, participant, request, event, f"{request.kind.value}.rejected", now)
        key = _photo_key(uow, request) if request.kind is ChangeKind.REFERENCE_PHOTO else None
        uow.commit()
    if key is not None:
        files.delete(key)  # a refused face is not kept
    return request


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
            "reference": request.reference,
            "reason": event.message,
        },
    )
