"""What the pages and the API show of complaint tickets, to the participant and to staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.complaints import TRANSITIONS, AttachmentInfo, Complaint, ComplaintStatus
from jmo.usecases.access import (
    access_complaint_as_staff,
    access_current_participant,
    access_own_complaint,
    attachment_of,
    participants_in_scope,
    require_action,
)
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class ComplaintView:
    complaint: Complaint
    province_code: str | None  # the participant's: due times are shown in their zone
    overdue: bool
    participant_name: str
    participant_kpj: str
    can_reply: bool
    can_reopen: bool
    can_close: bool
    staff_moves: tuple[ComplaintStatus, ...]  # statuses an officer may move it to now


@dataclass(frozen=True)
class ComplaintSummary:
    complaint: Complaint
    overdue: bool
    province_code: str | None = None  # the participant's, for the time zone


def _view(uow: UnitOfWork, actor: Actor, complaint: Complaint, now: datetime) -> ComplaintView:
    participant = uow.participants.get(complaint.participant_id)
    if participant is None:
        raise LookupError("complaint without participant")
    is_owner = actor.role is Role.PARTICIPANT
    open_for_messages = complaint.status not in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)
    staff = allowed(actor.role, Action.COMPLAINT_ANSWER)
    return ComplaintView(
        complaint=complaint,
        province_code=participant.profile.province_code,
        overdue=complaint.is_overdue(now),
        participant_name=participant.identity.full_name,
        participant_kpj=participant.identity.kpj,
        can_reply=open_for_messages,
        can_reopen=is_owner and complaint.status is ComplaintStatus.RESOLVED,
        can_close=is_owner and complaint.status is ComplaintStatus.RESOLVED,
        staff_moves=tuple(
            to
            for (frm, to), roles in TRANSITIONS.items()
            if staff and frm is complaint.status and actor.role in roles
        ),
    )


def get_complaint(
    uow: UnitOfWork, actor: Actor, complaint_id: uuid.UUID, *, now: datetime
) -> ComplaintView:
    """The participant's own ticket."""
    with uow:
        complaint = access_own_complaint(uow, actor, complaint_id)
        return _view(uow, actor, complaint, now)


def get_complaint_for_staff(
    uow: UnitOfWork, actor: Actor, complaint_id: uuid.UUID, *, now: datetime
) -> ComplaintView:
    """An officer opens a ticket (with the participant's name and KPJ): recorded."""
    with uow:
        complaint = access_complaint_as_staff(uow, actor, complaint_id)
        view = _view(uow, actor, complaint, now)
        record_staff_read(
            uow,
            actor,
            StaffRead.COMPLAINT,
            [complaint.participant_id],
            at=now,
            reference=complaint.reference,
        )
        uow.commit()
        return view


def my_complaints(uow: UnitOfWork, actor: Actor, *, now: datetime) -> list[ComplaintSummary]:
    with uow:
        participant = access_current_participant(uow, actor)
        zone = participant.profile.province_code
        return [
            ComplaintSummary(c, c.is_overdue(now), zone)
            for c in uow.complaints.for_participant(participant.id)
        ]


OPEN_STATUSES = (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS, ComplaintStatus.WAITING)


def staff_queue(
    uow: UnitOfWork,
    actor: Actor,
    *,
    statuses: tuple[ComplaintStatus, ...] = OPEN_STATUSES,
    now: datetime,
    limit: int = 100,
) -> list[ComplaintSummary]:
    """Officers: tickets by due time, the most urgent first."""
    require_action(actor, Action.QUEUE_VIEW)
    with uow:
        found = uow.complaints.queue(statuses, min(max(limit, 1), 500))
        mine = participants_in_scope(uow, actor, (c.participant_id for c in found))
        return [ComplaintSummary(c, c.is_overdue(now)) for c in found if c.participant_id in mine]


@dataclass(frozen=True)
class AttachmentContent:
    info: AttachmentInfo
    data: bytes


def read_attachment(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    attachment_id: uuid.UUID,
    *,
    files: FileStore,
) -> AttachmentContent:
    """An attachment of the participant's own ticket (the same NotFound for a missing one
    and someone else's)."""
    with uow:
        info = attachment_of(access_own_complaint(uow, actor, complaint_id), attachment_id)
    return AttachmentContent(info, files.get(info.storage_key))


def read_attachment_for_staff(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    attachment_id: uuid.UUID,
    *,
    files: FileStore,
    now: datetime,
) -> AttachmentContent:
    """An officer opens an attachment: recorded (it is committed before the file is read,
    so a read is never missing from the log)."""
    with uow:
        complaint = access_complaint_as_staff(uow, actor, complaint_id)
        info = attachment_of(complaint, attachment_id)
        record_staff_read(
            uow,
            actor,
            StaffRead.COMPLAINT_ATTACHMENT,
            [complaint.participant_id],
            at=now,
            reference=complaint.reference,
            attachment_id=str(info.id),
        )
        uow.commit()
    return AttachmentContent(info, files.get(info.storage_key))
