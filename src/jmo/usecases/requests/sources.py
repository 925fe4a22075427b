"""How each kind of request is read into the one participant-facing model
(``domain.requests.timeline.TrackedRequest``).

A source reads the items of its kinds that belong to a participant and turns each one
that has a request id into a ``TrackedRequest``. **Adding a kind** (appointments: Janji
Temu) = a ``RequestKind`` with its prefix in ``domain.requests.ids.KINDS``, a call to
``uow.request_ids.assign(...)`` where the item is made (same transaction), and one entry
in ``SOURCES`` below; its event codes get labels in ``jmo.i18n.requests.EVENTS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.claims.model import Claim, ClaimStatus
from jmo.domain.complaints import Complaint, ComplaintStatus
from jmo.domain.freeze import Freeze
from jmo.domain.pengkinian.change_request import ChangeRequest, ChangeStatus
from jmo.domain.requests.ids import RequestKind
from jmo.domain.requests.receipt import masked_line
from jmo.domain.requests.timeline import (
    Progress,
    RequestRef,
    TimelineEvent,
    TrackedRequest,
    timeline,
)
from jmo.usecases.ports.unit_of_work import UnitOfWork


class RequestSource(Protocol):
    kinds: frozenset[RequestKind]

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        """The participant's items of ``kinds`` that have a ref (``refs`` by item id)."""


Item = TypeVar("Item")


class ItemSource(Generic[Item]):
    """A source over one store's items: which items are the participant's, and how one
    reads. The walk over them, keeping those that have a ref, is here once."""

    kinds: frozenset[RequestKind]

    def items(self, uow: UnitOfWork, participant_id: UUID) -> Iterable[tuple[UUID, Item]]:
        """The participant's items, each with its id (the request id's item)."""
        raise NotImplementedError

    def read(self, uow: UnitOfWork, item: Item, ref: RequestRef) -> TrackedRequest | None:
        """The item as the participant follows it (None: it is gone)."""
        raise NotImplementedError

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        found = []
        for item_id, item in self.items(uow, participant_id):
            ref = refs.get(item_id)
            request = self.read(uow, item, ref) if ref is not None else None
            if request is not None:
                found.append(request)
        return found


CHANGE_PROGRESS = {
    ChangeStatus.APPLIED: Progress.DONE,
    ChangeStatus.NEEDS_DOCUMENTS: Progress.WAITING_FOR_YOU,
    ChangeStatus.PENDING_REVIEW: Progress.IN_PROGRESS,
    ChangeStatus.AWAITING_APPROVAL: Progress.IN_PROGRESS,
    ChangeStatus.REJECTED: Progress.REJECTED,
    ChangeStatus.CANCELLED: Progress.CANCELLED,
}
# What the participant reads of an officer's message: only what was written for them.
_NOTED = frozenset({EventKind.DOCUMENTS_REQUESTED, EventKind.REJECTED})


class ChangeRequests(ItemSource[ChangeRequest]):
    """Data updates, contact and bank changes, identity corrections, KPJ merges."""

    kinds = frozenset(
        {
            RequestKind.PENGKINIAN,
            RequestKind.CONTACT_CHANGE,
            RequestKind.BANK_CHANGE,
            RequestKind.IDENTITY_CORRECTION,
            RequestKind.KPJ_MERGE,
        }
    )

    def items(self, uow: UnitOfWork, participant_id: UUID) -> Iterable[tuple[UUID, ChangeRequest]]:
        return ((r.id, r) for r in uow.change_requests.for_participant(participant_id))

    def read(self, uow: UnitOfWork, item: ChangeRequest, ref: RequestRef) -> TrackedRequest:
        r = item
        recorded = uow.change_requests.events(r.id)
        if recorded:
            events = timeline(
                *(
                    TimelineEvent(
                        e.at, f"change.{e.kind.value}", e.message if e.kind in _NOTED else ""
                    )
                    for e in recorded
                )
            )
        else:  # applied at once (the app's data update): made and applied
            events = timeline(
                TimelineEvent(r.submitted_at, "change.requested"),
                TimelineEvent(r.applied_at, "change.applied") if r.applied_at else None,
            )
        return TrackedRequest(
            ref=ref,
            progress=CHANGE_PROGRESS[r.status],
            status=r.status.value,
            channel=r.channel.value,
            events=events,
            changes=tuple(masked_line(c.field, c.old, c.new) for c in r.changes),
            old_reference=r.reference,
        )


CLAIM_PROGRESS = {
    ClaimStatus.SUBMITTED: Progress.IN_PROGRESS,
    ClaimStatus.VERIFIED: Progress.IN_PROGRESS,
    ClaimStatus.APPROVED: Progress.IN_PROGRESS,
    ClaimStatus.PAID: Progress.DONE,
    ClaimStatus.REJECTED: Progress.REJECTED,
}


class Claims(ItemSource[Claim]):
    kinds = frozenset({RequestKind.CLAIM})

    def items(self, uow: UnitOfWork, participant_id: UUID) -> Iterable[tuple[UUID, Claim]]:
        return ((c.id, c) for c in uow.claims.for_claimant(participant_id))

    def read(self, uow: UnitOfWork, item: Claim, ref: RequestRef) -> TrackedRequest:
        events = timeline(
            *(TimelineEvent(e.at, f"claim.{e.status.value}", e.note) for e in item.events)
        ) or (TimelineEvent(item.submitted_at, "claim.submitted"),)
        return TrackedRequest(
            ref=ref,
            progress=CLAIM_PROGRESS[item.status],
            status=item.status.value,
            channel="app",
            events=events,
            old_reference=item.number,
            detail=item.program.value,
        )


COMPLAINT_PROGRESS = {
    ComplaintStatus.NEW: Progress.IN_PROGRESS,
    ComplaintStatus.IN_PROGRESS: Progress.IN_PROGRESS,
    ComplaintStatus.WAITING: Progress.WAITING_FOR_YOU,
    ComplaintStatus.RESOLVED: Progress.DONE,
    ComplaintStatus.CLOSED: Progress.DONE,
}


class Complaints(ItemSource[Complaint]):
    kinds = frozenset({RequestKind.COMPLAINT})

    def items(self, uow: UnitOfWork, participant_id: UUID) -> Iterable[tuple[UUID, Complaint]]:
        return ((s.id, s) for s in uow.complaints.for_participant(participant_id))

    def read(self, uow: UnitOfWork, item: Complaint, ref: RequestRef) -> TrackedRequest | None:
        complaint = uow.complaints.get(item.id)  # the list is without the messages
        if complaint is None:
            return None
        moves = (
            TimelineEvent(m.created_at, f"complaint.{m.status_to.value}")
            for m in complaint.messages
            if m.status_to is not None and m.status_to is not m.status_from
        )
        return TrackedRequest(
            ref=ref,
            progress=COMPLAINT_PROGRESS[complaint.status],
            status=complaint.status.value,
            channel="app",
            events=timeline(TimelineEvent(complaint.created_at, "complaint.new"), *moves),
            old_reference=complaint.reference,
            detail=complaint.category,
        )


class Freezes(ItemSource[Freeze]):
    """ "Bukan saya": the freeze, and its lifting by an officer."""

    kinds = frozenset({RequestKind.SECURITY_FREEZE})

    def items(self, uow: UnitOfWork, participant_id: UUID) -> Iterable[tuple[UUID, Freeze]]:
        return ((f.id, f) for f in uow.freezes.for_participant(participant_id))

    def read(self, uow: UnitOfWork, item: Freeze, ref: RequestRef) -> TrackedRequest:
        lifted = item.lifted_at
        return TrackedRequest(
            ref=ref,
            progress=Progress.DONE if lifted else Progress.IN_PROGRESS,
            status="lifted" if lifted else "frozen",
            channel=item.channel,
            events=timeline(
                TimelineEvent(item.frozen_at, "freeze.frozen"),
                TimelineEvent(lifted, "freeze.lifted") if lifted else None,
            ),
        )


# The registry: one entry per source. Appointments (Janji Temu) add theirs here.
SOURCES: tuple[RequestSource, ...] = (ChangeRequests(), Claims(), Complaints(), Freezes())
