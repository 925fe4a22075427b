"""The work queue: everything waiting for a person in the actor's branch, from every
source that exists today (identity corrections, borderline selfies, claims, complaints),
filtered by kind, by who the participant is (KPJ, NIK through the blind index, or name)
and by "assigned to me", oldest first. The list names no one (it is not a read of anyone's
data); opening an item is, and is recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.branches import serves
from jmo.domain.backoffice.permissions import Action
from jmo.domain.backoffice.queue import WorkItem, WorkKind, classify_search, due, oldest_first
from jmo.domain.claims.model import ClaimStatus
from jmo.domain.complaints import ComplaintStatus
from jmo.domain.errors import NotFound
from jmo.domain.pengkinian.change_request import ChangeKind, Channel
from jmo.usecases.access import participants_in_scope, require_action
from jmo.usecases.appointments.desk import waiting_appointments
from jmo.usecases.auditing import audit
from jmo.usecases.ports.unit_of_work import UnitOfWork

PER_SOURCE = 300
SEARCH_LIMIT = 50
_OPEN_COMPLAINTS = (ComplaintStatus.NEW, ComplaintStatus.IN_PROGRESS, ComplaintStatus.WAITING)
_CLAIMS_TO_MOVE = (ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, ClaimStatus.APPROVED)


def _gather(uow: UnitOfWork, kind: WorkKind | None, now: datetime) -> list[WorkItem]:
    items: list[WorkItem] = []
    if kind in (None, WorkKind.IDENTITY_CORRECTION, WorkKind.EMPLOYER_CORRECTION):
        for r in uow.change_requests.open_of_kind(ChangeKind.IDENTITY_CORRECTION, PER_SOURCE):
            # A company's correction (with its signed letter) is a kind of its own.
            of = (
                WorkKind.EMPLOYER_CORRECTION
                if r.channel is Channel.EMPLOYER
                else WorkKind.IDENTITY_CORRECTION
            )
            if kind not in (None, of):
                continue
            items.append(
                WorkItem(
                    of,
                    r.id,
                    r.reference,
                    r.participant_id,
                    r.status.value,
                    r.submitted_at,
                    due(of, r.submitted_at),
                )
            )
    for work, change in (
        (WorkKind.REFERENCE_PHOTO, ChangeKind.REFERENCE_PHOTO),
        (WorkKind.BANK_CHANGE, ChangeKind.BANK_CHANGE),
    ):
        if kind in (None, work):
            items += [
                WorkItem(
                    work,
                    r.id,
                    r.reference,
                    r.participant_id,
                    r.status.value,
                    r.submitted_at,
                    due(work, r.submitted_at),
                )
                for r in uow.change_requests.open_of_kind(change, PER_SOURCE)
            ]
    if kind in (None, WorkKind.FACE_REVIEW):
        for a in uow.biometric_attempts.open_reviews(PER_SOURCE):
            items.append(
                WorkItem(
                    WorkKind.FACE_REVIEW,
                    a.id,
                    a.id.hex[:8].upper(),
                    a.participant_id,
                    "review",
                    a.created_at,
                    due(WorkKind.FACE_REVIEW, a.created_at),
                )
            )
    if kind in (None, WorkKind.CLAIM):
        for status in _CLAIMS_TO_MOVE:
            for c in uow.claims.listing(status, PER_SOURCE):
                items.append(
                    WorkItem(
                        WorkKind.CLAIM,
                        c.id,
                        c.number,
                        c.claimant_participant_id,
                        c.status.value,
                        c.submitted_at,
                        due(WorkKind.CLAIM, c.submitted_at),
                    )
                )
    if kind in (None, WorkKind.APPOINTMENT):
        for appt in waiting_appointments(uow, now):
            items.append(
                WorkItem(
                    WorkKind.APPOINTMENT,
                    appt.id,
                    appt.code,
                    appt.participant_id,
                    appt.status.value,
                    appt.starts_at,
                    due(WorkKind.APPOINTMENT, appt.starts_at),
                    branch_code=appt.branch_code,
                )
            )
    if kind in (None, WorkKind.COMPLAINT):
        for t in uow.complaints.queue(_OPEN_COMPLAINTS, PER_SOURCE):
            items.append(
                WorkItem(
                    WorkKind.COMPLAINT,
                    t.id,
                    t.reference,
                    t.participant_id,
                    t.status.value,
                    t.created_at,
                    t.due_at,
                )
            )
    return items


def _searched(uow: UnitOfWork, text: str) -> set[UUID]:
    how, value = classify_search(text)
    if how == "kpj":
        found = uow.participants.get_by_kpj(value)
        return {found.id} if found else set()
    if how == "nik":
        return {p.id for p in uow.participants.find_by_nik(value)}
    return {p.id for p in uow.participants.search_by_name(value, SEARCH_LIMIT)}


def _in_scope(uow: UnitOfWork, actor: Actor, items: list[WorkItem]) -> list[WorkItem]:
    """The items the actor's branch works: by the item's own branch when it has one,
    else by the participant's."""
    served = participants_in_scope(
        uow, actor, {i.participant_id for i in items if i.branch_code is None}
    )
    return [
        i
        for i in items
        if (
            serves(actor.branch_code, i.branch_code)
            if i.branch_code
            else i.participant_id in served
        )
    ]


def work_queue(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kind: WorkKind | None = None,
    search: str = "",
    mine: bool = False,
    now: datetime,
) -> list[WorkItem]:
    require_action(actor, Action.QUEUE_VIEW)
    with uow:
        items = _gather(uow, kind, now)
        if search.strip():
            wanted = _searched(uow, search)
            items = [i for i in items if i.participant_id in wanted]
        items = _in_scope(uow, actor, items)
        holders = uow.work_assignments.of_items([i.item_id for i in items])
        items = [
            replace(i, assigned_to=holders[i.item_id][0], assigned_email=holders[i.item_id][1])
            if i.item_id in holders
            else i
            for i in items
        ]
        if mine:
            items = [i for i in items if i.assigned_to == actor.account_id]
        return oldest_first(items)


def take_item(
    uow: UnitOfWork, actor: Actor, *, kind: WorkKind, item_id: UUID, now: datetime
) -> None:
    """Assign an item of the queue to oneself (from whoever had it)."""
    require_action(actor, Action.WORK_ASSIGN)
    with uow:
        item = next((i for i in _gather(uow, kind, now) if i.item_id == item_id), None)
        # Closed, missing or another branch's: the same answer (ids cannot be probed).
        if item is None or not _in_scope(uow, actor, [item]):
            raise NotFound("work_item")
        uow.work_assignments.assign(kind.value, item_id, actor.account_id, now)
        audit(
            uow,
            actor,
            "work.taken",
            subject_type=kind.value,
            subject_id=item_id,
            at=now,
        )
        uow.commit()
