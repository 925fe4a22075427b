"""How each kind of request is read into the one participant-facing model
(``domain.requests.timeline.TrackedRequest``).

A source reads the items of its kinds that belong to a participant and turns each one
that has a request id into a ``TrackedRequest``. **Adding a kind** (appointments: Janji
Temu) = a ``RequestKind`` with its prefix in ``domain.requests.ids.KINDS``, a call to
``uow.request_ids.assign(...)`` where the item is made (same transaction), and one entry
in ``SOURCES`` below; its event codes get labels in ``jmo.i18n.requests.EVENTS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID

from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.claims.model import ClaimStatus
from jmo.domain.complaints import ComplaintStatus
from jmo.domain.pengkinian.change_request import ChangeStatus
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


class ChangeRequests:
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

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        found = []
        for r in uow.change_requests.for_participant(participant_id):
            ref = refs.get(r.id)
            if ref is None:
                continue
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
            found.append(
                TrackedRequest(
                    ref=ref,
                    progress=CHANGE_PROGRESS[r.status],
                    status=r.status.value,
                    channel=r.channel.value,
                    events=events,
                    changes=tuple(masked_line(c.field, c.old, c.new) for c in r.changes),
                    old_reference=r.reference,
                )
            )
        return found


CLAIM_PROGRESS = {
    ClaimStatus.SUBMITTED: Progress.IN_PROGRESS,
    ClaimStatus.VERIFIED: Progress.IN_PROGRESS,
    ClaimStatus.APPROVED: Progress.IN_PROGRESS,
    ClaimStatus.PAID: Progress.DONE,
    ClaimStatus.REJECTED: Progress.REJECTED,
}


class Claims:
    kinds = frozenset({RequestKind.CLAIM})

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        found = []
        for c in uow.claims.for_claimant(participant_id):
            ref = refs.get(c.id)
            if ref is None:
                continue
            events = timeline(
                *(TimelineEvent(e.at, f"claim.{e.status.value}", e.note) for e in c.events)
            ) or (TimelineEvent(c.submitted_at, "claim.submitted"),)
            found.append(
                TrackedRequest(
                    ref=ref,
                    progress=CLAIM_PROGRESS[c.status],
                    status=c.status.value,
                    channel="app",
                    events=events,
                    old_reference=c.number,
                    detail=c.program.value,
                )
            )
        return found


COMPLAINT_PROGRESS = {
    ComplaintStatus.NEW: Progress.IN_PROGRESS,
    ComplaintStatus.IN_PROGRESS: Progress.IN_PROGRESS,
    ComplaintStatus.WAITING: Progress.WAITING_FOR_YOU,
    ComplaintStatus.RESOLVED: Progress.DONE,
    ComplaintStatus.CLOSED: Progress.DONE,
}


class Complaints:
    kinds = frozenset({RequestKind.COMPLAINT})

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        found = []
        for summary in uow.complaints.for_participant(participant_id):
            ref = refs.get(summary.id)
            complaint = uow.complaints.get(summary.id) if ref is not None else None
            if ref is None or complaint is None:
                continue
            moves = (
                TimelineEvent(m.created_at, f"complaint.{m.status_to.value}")
                for m in complaint.messages
                if m.status_to is not None and m.status_to is not m.status_from
            )
            found.append(
                TrackedRequest(
                    ref=ref,
                    progress=COMPLAINT_PROGRESS[complaint.status],
                    status=complaint.status.value,
                    channel="app",
                    events=timeline(TimelineEvent(complaint.created_at, "complaint.new"), *moves),
                    old_reference=complaint.reference,
                    detail=complaint.category,
                )
            )
        return found


class Freezes:
    """ "Bukan saya": the freeze, and its lifting by an officer."""

    kinds = frozenset({RequestKind.SECURITY_FREEZE})

    def tracked(
        self, uow: UnitOfWork, participant_id: UUID, refs: Mapping[UUID, RequestRef]
    ) -> list[TrackedRequest]:
        found = []
        for f in uow.freezes.for_participant(participant_id):
            ref = refs.get(f.id)
            if ref is None:
                continue
            found.append(
                TrackedRequest(
                    ref=ref,
                    progress=Progress.DONE if f.lifted_at else Progress.IN_PROGRESS,
                    status="lifted" if f.lifted_at else "frozen",
                    channel=f.channel,
                    events=timeline(
                        TimelineEvent(f.frozen_at, "freeze.frozen"),
                        TimelineEvent(f.lifted_at, "freeze.lifted") if f.lifted_at else None,
                    ),
                )
            )
        return found


# The registry: one entry per source. Appointments (Janji Temu) add theirs here.
SOURCES: tuple[RequestSource, ...] = (ChangeRequests(), Claims(), Complaints(), Freezes())
