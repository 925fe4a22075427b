"""Reading one change request: the participant their own, an officer anyone's (recorded).

The participant's view masks what Pengkinian Data masks before the selfie
(``domain/pengkinian/disclosure.py``): a session opened by a password alone must not give
the old and new bank account or mother's name (issue 8 item 12). Officers see sensitive
values by their last four characters."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.participant import FieldChange, masked_for_staff
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.domain.pengkinian.disclosure import mask_value
from jmo.usecases.access import access_change_request_as_staff, access_own_change_request
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read


def get_my_change_request(uow: UnitOfWork, actor: Actor, request_id: UUID) -> ChangeRequest:
    with uow:
        request = access_own_change_request(uow, actor, request_id)
    return replace(
        request,
        changes=tuple(
            FieldChange(c.field, mask_value(c.field, c.old), mask_value(c.field, c.new))
            for c in request.changes
        ),
    )


def get_change_request_for_staff(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, now: datetime
) -> ChangeRequest:
    """The diff as an officer sees it: a bank account, NPWP, KK number or mother's name
    by its last four characters (the full old and new values are not needed to review a
    change)."""
    with uow:
        request = access_change_request_as_staff(uow, actor, request_id)
        record_staff_read(
            uow,
            actor,
            StaffRead.CHANGE_REQUEST,
            [request.participant_id],
            at=now,
            reference=request.reference,
        )
        uow.commit()
    return replace(request, changes=masked_for_staff(request.changes))
