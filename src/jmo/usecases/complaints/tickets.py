"""What participants and officers do with a complaint ticket. Every rule of the statuses
is in ``jmo.domain.complaints``; these functions load through ``access_*``, let the domain
decide, store attachments, queue the notices and write the audit entry, in one commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.permissions import Action
from jmo.domain.complaints import (
    RATING_COMMENT,
    AttachmentInfo,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    open_before_data_update,
    parse_category,
    parse_description,
    parse_message,
    parse_rating,
)
from jmo.domain.errors import CollectErrors, Conflict, ValidationFailed
from jmo.domain.participant import Participant
from jmo.domain.requests.ids import RequestKind
from jmo.domain.uploads import CheckedFile
from jmo.usecases.access import (
    access_complaint_as_staff,
    access_own_complaint,
    access_own_participant,
    require_current,
    require_participant,
    require_staff,
)
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.files import AttachmentInspector, FileStore
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

T = TypeVar("T")


@dataclass(frozen=True)
class Upload:
    """A file as it came from the form or the API (name and bytes; the client's claimed
    type is ignored)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Tools:
    """The outside systems a ticket action may need."""

    inspector: AttachmentInspector
    files: FileStore
    notices: NoticeComposer
    policy: Policy


def check_uploads(uploads: Sequence[Upload], tools: Tools) -> list[CheckedFile]:
    """Every file checked before anything is stored: one bad file refuses the lot."""
    uploads = [u for u in uploads if u.data or u.filename]
    if len(uploads) > tools.policy.attachment_max_files:
        raise ValidationFailed.single(
            "files", "attachment.too_many", max=tools.policy.attachment_max_files
        )
    return [tools.inspector.inspect(u.filename, u.data) for u in uploads]


def _with_files(
    checked: list[CheckedFile], tools: Tools, work: Callable[[list[tuple[CheckedFile, str]]], T]
) -> T:
    """Store the files, run ``work`` (which commits), and remove the files again if it
    fails, so a refused or failed action leaves no orphan on disk."""
    stored: list[tuple[CheckedFile, str]] = []
    try:
        for file in checked:
            stored.append((file, tools.files.put(file.data)))
        return work(stored)
    except BaseException:
        for _, key in stored:
            tools.files.delete(key)
        raise


def _attach(
    uow: UnitOfWork,
    actor: Actor,
    complaint: Complaint,
    stored: list[tuple[CheckedFile, str]],
    message_id: uuid.UUID | None,
    now: datetime,
) -> list[AttachmentInfo]:
    infos = []
    for file, key in stored:
        info = AttachmentInfo(
            id=uuid.uuid4(),
            complaint_id=complaint.id,
            message_id=message_id,
            filename=file.filename,
            content_type=file.content_type,
            size=len(file.data),
            sha256=file.sha256,
            storage_key=key,
            uploaded_by=actor.account_id,
            created_at=now,
        )
        uow.complaints.add_attachment(info)
        infos.append(info)
    return infos


def _participant_of(uow: UnitOfWork, complaint: Complaint) -> Participant:
    participant = uow.participants.get(complaint.participant_id)
    if participant is None:
        raise LookupError("complaint without participant")
    return participant


def _notice_params(participant: Participant, complaint: Complaint) -> dict[str, str]:
    return {
        "name": participant.identity.full_name,
        "reference": complaint.reference,
        # ISO time with its zone; the notice composer writes it out in the reader's language.
        "due_at": complaint.due_at.isoformat(),
        "province": participant.profile.province_code or "",
    }


# --- participant -------------------------------------------------------------------------


def _participant_for(uow: UnitOfWork, actor: Actor, category: str | None) -> Participant:
    """The actor's record; current data is needed except for a ticket about the data
    update itself (``open_before_data_update``)."""
    participant = access_own_participant(uow, actor)
    if category is not None and open_before_data_update(category):
        return participant
    return require_current(participant)


def submit_complaint(
    uow: UnitOfWork,
    actor: Actor,
    *,
    category: str,
    description: str,
    uploads: Sequence[Upload],
    tools: Tools,
    now: datetime,
    idempotency_key: str | None = None,
) -> Complaint:
    """A new ticket: category, description, attachments. The SLA due time comes from the
    category. Submitting twice with the same idempotency key makes one ticket."""
    require_participant(actor)
    errors = CollectErrors()
    chosen = errors.run("category", parse_category, category)
    text = errors.run("description", parse_description, description)
    errors.raise_if_any()
    key = (idempotency_key or "").strip()[:100] or None
    if key:
        with uow:
            participant = _participant_for(uow, actor, chosen.code if chosen else None)
            done = uow.complaints.by_idempotency_key(participant.id, key)
            if done is not None:
                return done
    checked = check_uploads(uploads, tools)

    def work(stored: list[tuple[CheckedFile, str]]) -> Complaint:
        with uow:
            participant = _participant_for(uow, actor, chosen.code if chosen else None)
            complaint = Complaint.open(
                participant_id=participant.id,
                account_id=actor.account_id,
                category=chosen,
                description=text,
                now=now,
                idempotency_key=key,
            )
            uow.complaints.add(complaint)
            uow.request_ids.assign(
                RequestKind.COMPLAINT, complaint.id, participant.id, complaint.created_at
            )
            complaint.attachments = _attach(uow, actor, complaint, stored, None, now)
            audit(
                uow,
                actor,
                "complaint.submitted",
                subject_type="complaint",
                subject_id=complaint.id,
                at=now,
                category=complaint.category,
                attachments=len(stored),
                due_at=complaint.due_at.isoformat(),
            )
            notify_participant(
                uow,
                tools.notices,
                participant,
                kind="complaint.received",
                event_key=str(complaint.id),
                now=now,
                params=_notice_params(participant, complaint),
            )
            uow.commit()
            return complaint

    try:
        return _with_files(checked, tools, work)
    except Conflict as exc:
        if key and exc.code == "record.duplicate":  # a simultaneous double submit: the winner
            with uow:
                participant = _participant_for(uow, actor, chosen.code if chosen else None)
                done = uow.complaints.by_idempotency_key(participant.id, key)
            if done is not None:
                return done
        raise


def post_message(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    *,
    body: str,
    uploads: Sequence[Upload],
    tools: Tools,
    now: datetime,
) -> ComplaintMessage:
    """The participant's message in their own thread. A reply to "waiting for you" puts
    the ticket back in progress. Staff are refused here: they answer through
    ``post_staff_message``."""
    require_participant(actor)

    def load(uow: UnitOfWork) -> Complaint:
        complaint = access_own_complaint(uow, actor, complaint_id)
        _participant_for(uow, actor, complaint.category)
        return complaint

    return _post(uow, actor, load, body=body, uploads=uploads, tools=tools, now=now)


def _post(
    uow: UnitOfWork,
    actor: Actor,
    load: Callable[[UnitOfWork], Complaint],
    *,
    body: str,
    uploads: Sequence[Upload],
    tools: Tools,
    now: datetime,
) -> ComplaintMessage:
    text = parse_message(body, required=not uploads)
    checked = check_uploads(uploads, tools)
    if not text and not checked:
        raise ValidationFailed.single("body", "field.required")

    def work(stored: list[tuple[CheckedFile, str]]) -> ComplaintMessage:
        with uow:
            complaint = load(uow)
            complaint.require_open_for_messages()
            previous = complaint.status
            to = None
            participant_replies = (
                actor.role is Role.PARTICIPANT and previous is ComplaintStatus.WAITING
            )
            officer_takes = actor.role is not Role.PARTICIPANT and previous is ComplaintStatus.NEW
            if participant_replies or officer_takes:
                to = ComplaintStatus.IN_PROGRESS
            if to is not None:
                complaint.move(to, actor.role, now)
            else:
                complaint.updated_at = now
            uow.complaints.save(complaint)
            message = ComplaintMessage(
                id=uuid.uuid4(),
                complaint_id=complaint.id,
                author_account_id=actor.account_id,
                author_role=actor.role,
                body=text,
                created_at=now,
                status_from=previous if to else None,
                status_to=to,
            )
            uow.complaints.add_message(message)
            _attach(uow, actor, complaint, stored, message.id, now)
            audit(
                uow,
                actor,
                "complaint.message_posted",
                subject_type="complaint",
                subject_id=complaint.id,
                at=now,
                message_id=str(message.id),
                attachments=len(stored),
                status_from=previous.value if to else None,
                status_to=to.value if to else None,
            )
            if actor.role is not Role.PARTICIPANT:
                participant = _participant_of(uow, complaint)
                notify_participant(
                    uow,
                    tools.notices,
                    participant,
                    kind="complaint.replied",
                    event_key=str(message.id),
                    now=now,
                    params=_notice_params(participant, complaint),
                )
            uow.commit()
            return message

    return _with_files(checked, tools, work)


def reopen_complaint(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    *,
    body: str,
    now: datetime,
) -> Complaint:
    """ "Not solved yet": a resolved ticket goes back in progress, with the reason."""
    require_participant(actor)
    text = parse_message(body)
    with uow:
        complaint = access_own_complaint(uow, actor, complaint_id)
        previous = complaint.move(ComplaintStatus.IN_PROGRESS, actor.role, now)
        uow.complaints.save(complaint)
        _status_message(uow, actor, complaint, text, previous, now)
        uow.commit()
        return complaint


def close_complaint(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    *,
    rating: object,
    comment: str,
    now: datetime,
) -> Complaint:
    """The participant confirms a resolved ticket and rates it 1-5, once."""
    require_participant(actor)
    score = parse_rating(rating)
    note = parse_message(comment, required=False)[: RATING_COMMENT.max_length]
    with uow:
        complaint = access_own_complaint(uow, actor, complaint_id)
        previous = complaint.close_with_rating(score, note, actor.role, now)
        uow.complaints.save(complaint)
        _status_message(uow, actor, complaint, "", previous, now, rating=score)
        uow.commit()
        return complaint


# --- staff -------------------------------------------------------------------------------


def post_staff_message(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    *,
    body: str,
    uploads: Sequence[Upload],
    tools: Tools,
    now: datetime,
) -> ComplaintMessage:
    """An officer's reply; the first one takes a new ticket in progress, and the
    participant is told."""
    require_staff(actor)

    def load(uow: UnitOfWork) -> Complaint:
        return access_complaint_as_staff(uow, actor, complaint_id, Action.COMPLAINT_ANSWER)

    return _post(uow, actor, load, body=body, uploads=uploads, tools=tools, now=now)


def change_complaint_status(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: uuid.UUID,
    *,
    to: str,
    body: str,
    tools: Tools,
    now: datetime,
) -> Complaint:
    """An officer moves a ticket (take it, ask the participant, resolve it). Asking the
    participant and resolving need a message saying what is needed or what was done."""
    require_staff(actor)
    try:
        target = ComplaintStatus(to)
    except ValueError:
        raise ValidationFailed.single("status", "field.choice") from None
    needs_text = target in (ComplaintStatus.WAITING, ComplaintStatus.RESOLVED)
    text = parse_message(body, required=needs_text)
    with uow:
        complaint = access_complaint_as_staff(uow, actor, complaint_id, Action.COMPLAINT_ANSWER)
        previous = complaint.move(target, actor.role, now)
        uow.complaints.save(complaint)
        message = _status_message(uow, actor, complaint, text, previous, now)
        kind = {
            ComplaintStatus.WAITING: "complaint.waiting",
            ComplaintStatus.RESOLVED: "complaint.resolved",
        }.get(target)
        if kind is not None:
            participant = _participant_of(uow, complaint)
            notify_participant(
                uow,
                tools.notices,
                participant,
                kind=kind,
                event_key=str(message.id),
                now=now,
                sms=True,
                params=_notice_params(participant, complaint),
            )
        uow.commit()
        return complaint


def _status_message(
    uow: UnitOfWork,
    actor: Actor,
    complaint: Complaint,
    text: str,
    previous: ComplaintStatus,
    now: datetime,
    rating: int | None = None,
) -> ComplaintMessage:
    message = ComplaintMessage(
        id=uuid.uuid4(),
        complaint_id=complaint.id,
        author_account_id=actor.account_id,
        author_role=actor.role,
        body=text,
        created_at=now,
        status_from=previous,
        status_to=complaint.status,
    )
    uow.complaints.add_message(message)
    audit(
        uow,
        actor,
        "complaint.status_changed",
        subject_type="complaint",
        subject_id=complaint.id,
        at=now,
        status_from=previous.value,
        status_to=complaint.status.value,
        message_id=str(message.id),
        rating=rating,
    )
    return message
