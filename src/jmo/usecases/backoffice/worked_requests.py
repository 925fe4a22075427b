"""The four-eyes flow shared by every change request staff work (identity corrections,
the counter's reference photos and bank changes): load it in the actor's scope, show it
with its four-eyes flags, approve (``domain/backoffice/four_eyes`` is asked before the
kind's own change is made), reject with a reason; each move writes a timeline line, its
audit entry and the participant's notice in the caller's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as rules
from jmo.domain.backoffice.corrections import CorrectionEvent, EventKind, RequestDocument
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import NotFound
from jmo.domain.participant import HistoryVersion, Participant, masked_for_staff
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest
from jmo.usecases.access import access_change_request_as_staff
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class StaffRequestView:
    request: ChangeRequest  # as staff may see it (a bank change's values masked)
    participant: Participant
    documents: list[RequestDocument]
    events: list[CorrectionEvent]
    names: dict[UUID, str]  # account id -> email, for the timeline
    # Whether this actor may approve now: a supervisor who did not prepare it.
    can_approve: bool
    four_eyes_blocked: bool


def load_worked_request(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    action: Action,
    kinds: frozenset[ChangeKind],
) -> tuple[ChangeRequest, Participant]:
    """The request and its participant, in the actor's scope; another kind is not found."""
    request = access_change_request_as_staff(uow, actor, request_id, action)
    if request.kind not in kinds:
        raise NotFound("change_request")
    participant = uow.participants.get(request.participant_id)
    if participant is None:
        raise NotFound("change_request")
    return request, participant


def view_worked_request(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    kinds: frozenset[ChangeKind],
    masked: bool,
    now: datetime,
) -> StaffRequestView:
    """The staff view of a request, its values masked as staff see them where ``masked``
    (a bank change); the read is recorded."""
    with uow:
        request, participant = load_worked_request(
            uow, actor, request_id, Action.CHANGE_REQUEST_READ, kinds
        )
        shown = replace(request, changes=masked_for_staff(request.changes)) if masked else request
        return _view(uow, actor, request, participant, shown, now)


def _view(
    uow: UnitOfWork,
    actor: Actor,
    request: ChangeRequest,
    participant: Participant,
    shown: ChangeRequest,
    now: datetime,
) -> StaffRequestView:
    events = uow.change_requests.events(request.id)
    names: dict[UUID, str] = {}
    for account_id in {e.by_account for e in events}:
        account = uow.accounts.get(account_id)
        names[account_id] = account.email if account else "-"
    record_staff_read(
        uow, actor, StaffRead.CHANGE_REQUEST, [participant.id], at=now, reference=request.reference
    )
    uow.commit()
    approver = allowed(actor.role, Action.CHANGE_REQUEST_APPROVE)
    same = request.prepared_by == actor.account_id
    return StaffRequestView(
        request=shown,
        participant=participant,
        documents=uow.change_requests.documents(request.id),
        events=events,
        names=names,
        can_approve=approver and not same,
        four_eyes_blocked=approver and same,
    )


def record_document_read(
    uow: UnitOfWork,
    actor: Actor,
    request: ChangeRequest,
    participant: Participant,
    document_type: str,
    now: datetime,
) -> None:
    """A document of the request opened by staff, in the participant's access log."""
    record_staff_read(
        uow,
        actor,
        StaffRead.CHANGE_REQUEST_DOCUMENT,
        [participant.id],
        at=now,
        reference=request.reference,
        document=document_type,
    )


def record_event(
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


def notify_of_event(
    uow: UnitOfWork,
    notices: NoticeComposer,
    participant: Participant,
    request: ChangeRequest,
    event: CorrectionEvent,
    kind: str,
    now: datetime,
) -> None:
    """The participant's notice of a move, with the staff's words (a reason, what is
    missing) when there are any."""
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


def record_history_version(
    uow: UnitOfWork, participant: Participant, request_id: UUID, now: datetime
) -> None:
    """The participant's data as it now stands, a new version in the history."""
    uow.participants.add_history(
        HistoryVersion(
            participant_id=participant.id,
            version=participant.version,
            profile=participant.profile,
            change_request_id=request_id,
            recorded_at=now,
        )
    )


def record_move(
    uow: UnitOfWork,
    actor: Actor,
    request: ChangeRequest,
    participant: Participant,
    event_kind: EventKind,
    notice: str,
    *,
    notices: NoticeComposer,
    now: datetime,
    message: str = "",
) -> CorrectionEvent:
    """A move made: the request saved, its timeline line (and audit entry), the
    participant's notice."""
    uow.change_requests.save(request)
    event = record_event(uow, actor, request, event_kind, now, message)
    notify_of_event(uow, notices, participant, request, event, notice, now)
    return event


def start_approval(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    kinds: frozenset[ChangeKind],
    now: datetime,
) -> tuple[ChangeRequest, Participant]:
    """Four eyes first (``rules.approve`` asks ``domain/backoffice/four_eyes``: never who
    prepared it), before the caller changes anything; the request comes back approved."""
    request, participant = load_worked_request(
        uow, actor, request_id, Action.CHANGE_REQUEST_APPROVE, kinds
    )
    return rules.approve(request, actor.account_id, now), participant


# The notice kinds' prefix where it is not the request kind's own name.
_NOTICE_PREFIX = {ChangeKind.IDENTITY_CORRECTION: "correction"}


def reject_worked_request(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    kinds: frozenset[ChangeKind],
    reason: str,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    """Refused with a reason the participant reads (required), in the caller's
    transaction."""
    text = rules.clean_reason(reason, required=True)
    request, participant = load_worked_request(
        uow, actor, request_id, Action.CHANGE_REQUEST_REJECT, kinds
    )
    request = rules.reject(request, actor.account_id, now)
    prefix = _NOTICE_PREFIX.get(request.kind, request.kind.value)
    record_move(
        uow,
        actor,
        request,
        participant,
        EventKind.REJECTED,
        f"{prefix}.rejected",
        notices=notices,
        now=now,
        message=text,
    )
    return request
