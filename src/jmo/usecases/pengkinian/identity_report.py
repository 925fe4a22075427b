"""Step 5, "the data is wrong": identity data (NIK, KPJ, name, birth data) is corrected at a
branch office or through the employer, with documents. The app records the request so the
officer sees it, and tells the person exactly what to bring."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.errors import ValidationFailed
from jmo.domain.pengkinian.change_request import (
    OPEN_STATUSES,
    REPORT_NOTE,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
)
from jmo.domain.pengkinian.policy import REPORTABLE, documents_for
from jmo.domain.requests.ids import kind_of_change_request
from jmo.usecases.access import access_own_participant
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of

MAX_NOTE = REPORT_NOTE.max_length


def report_identity_error(
    uow: UnitOfWork,
    actor: Actor,
    *,
    fields: Iterable[str],
    note: str,
    notices: NoticeComposer,
    now: datetime,
) -> ChangeRequest:
    chosen = tuple(f for f in REPORTABLE if f in set(fields))
    note = " ".join((note or "").split())
    if not chosen:
        raise ValidationFailed.single("fields", "identity_report.no_fields")
    if len(note) > MAX_NOTE:
        raise ValidationFailed.single("note", "field.too_long", max=MAX_NOTE)
    with uow:
        participant = access_own_participant(uow, actor)
        employed = any(
            e.end_date is None or e.end_date >= now.date()
            for e in uow.participants.employments(participant.id)
        )
        for existing in uow.change_requests.for_participant(participant.id):
            if existing.kind is ChangeKind.IDENTITY_CORRECTION and existing.status in OPEN_STATUSES:
                # One open request is enough; the officer sees it. A field asked for later
                # (from the wizard, field policy) joins it while nothing is prepared yet.
                added = tuple(f for f in chosen if f not in existing.reported_fields)
                if added and existing.status is not ChangeStatus.AWAITING_APPROVAL:
                    existing.reported_fields = tuple(
                        f for f in REPORTABLE if f in {*existing.reported_fields, *added}
                    )
                    existing.documents_required = documents_for(
                        existing.reported_fields, currently_employed=employed
                    )
                    uow.change_requests.save(existing)
                    uow.commit()
                return existing
        request = ChangeRequest(
            id=uuid.uuid4(),
            participant_id=participant.id,
            kind=ChangeKind.IDENTITY_CORRECTION,
            channel=Channel.APP,
            status=ChangeStatus.NEEDS_DOCUMENTS,
            changes=(),
            base_version=participant.version,
            submitted_by=actor.account_id,
            submitted_at=now,
            note=note,
            reported_fields=chosen,
            documents_required=documents_for(chosen, currently_employed=employed),
        )
        uow.change_requests.add(request)
        uow.request_ids.assign(
            kind_of_change_request(request.kind.value, request.changed_fields),
            request.id,
            request.participant_id,
            request.submitted_at,
        )
        audit(
            uow,
            actor,
            "identity_correction.requested",
            subject_type="change_request",
            subject_id=request.id,
            at=now,
            fields=list(chosen),
        )
        notify_participant(
            uow,
            notices,
            participant,
            kind="identity_correction.requested",
            event_key=str(request.id),
            now=now,
            params={
                "name": participant.identity.full_name,
                "reference": reference_of(uow, request.id, request.reference),
            },
        )
        uow.commit()
        return request
