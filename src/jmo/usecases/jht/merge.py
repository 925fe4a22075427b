"""Asking to merge several KPJ numbers held under one NIK into the one this login uses.

The fund merges the balances (docs/domain-rules.md §1: one participant can hold several KPJ
from past employers; these are merged into one). The app records the request as a change
request with the field-level diff ``kpj: <other> -> <this login's KPJ>`` for each other
card, for an officer to carry out; it moves no money itself.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.errors import Conflict, PermissionDenied
from jmo.domain.participant import FieldChange
from jmo.domain.pengkinian.change_request import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    DocumentType,
)
from jmo.domain.requests.ids import kind_of_change_request
from jmo.usecases.access import access_own_kpj_records
from jmo.usecases.auditing import audit
from jmo.usecases.jht.balance import open_merge_request
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.numbering import reference_of


def request_kpj_merge(
    uow: UnitOfWork, actor: Actor, *, notices: NoticeComposer, now: datetime
) -> ChangeRequest:
    with uow:
        records = access_own_kpj_records(uow, actor)
        own, others = records[0], records[1:]
        if not others:
            raise PermissionDenied("jht.merge_single_kpj")
        if open_merge_request(uow, own.id) is not None:
            raise Conflict("jht.merge_already_requested")
        request = ChangeRequest(
            id=uuid.uuid4(),
            participant_id=own.id,
            kind=ChangeKind.KPJ_MERGE,
            channel=Channel.APP,
            status=ChangeStatus.PENDING_REVIEW,
            changes=tuple(FieldChange("kpj", o.identity.kpj, own.identity.kpj) for o in others),
            base_version=own.version,
            submitted_by=actor.account_id,
            submitted_at=now,
            reported_fields=("kpj",),
            documents_required=(DocumentType.E_KTP,),
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
            "jht.kpj_merge_requested",
            subject_type="change_request",
            subject_id=request.id,
            at=now,
            participant_id=str(own.id),
            kpj_count=len(records),
        )
        params = {
            "name": own.identity.full_name,
            "reference": reference_of(uow, request.id, request.reference),
        }
        notify_participant(
            uow,
            notices,
            own,
            kind="jht.kpj_merge_requested",
            event_key=str(request.id),
            now=now,
            params=params,
            sms=True,
        )
        uow.commit()
        return request
