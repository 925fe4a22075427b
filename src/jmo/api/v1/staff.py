"""The staff API (officers): the complaint queue, replies and status changes, card
revocation. The role is checked inside the use cases, so the officer portal to come calls
the same functions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_services import (
    ComplaintSummaryOut,
    MessageOut,
    RevokeIn,
    StaffComplaintOut,
    StatusIn,
)
from jmo.api.v1.complaints import tools_of
from jmo.domain.complaints import ComplaintStatus
from jmo.domain.errors import ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_files import file_download
from jmo.edge_uploads import read_uploads
from jmo.usecases.access import require_staff
from jmo.usecases.card.card import revoke_card
from jmo.usecases.complaints.tickets import change_complaint_status, post_staff_message
from jmo.usecases.complaints.views import (
    OPEN_STATUSES,
    get_complaint_for_staff,
    read_attachment_for_staff,
    staff_queue,
)

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


@router.get("/complaints", response_model=list[ComplaintSummaryOut])
async def queue(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    status: Annotated[list[str] | None, Query(max_length=5)] = None,
) -> list[ComplaintSummaryOut]:
    """Open tickets (or those in ``status``), the earliest due first."""
    try:
        statuses = tuple(ComplaintStatus(s) for s in status) if status else OPEN_STATUSES
    except ValueError:
        raise ValidationFailed.single("status", "field.choice") from None
    found = await run_in_threadpool(
        staff_queue, svc.uow(), auth.actor, statuses=statuses, now=svc.clock.now()
    )
    locale = api_locale(request)
    return [ComplaintSummaryOut.from_summary(s, locale) for s in found]


@router.get("/complaints/{complaint_id}", response_model=StaffComplaintOut)
async def detail(
    complaint_id: UUID, request: Request, auth: AuthDep, svc: ServicesDep
) -> StaffComplaintOut:
    """A ticket with the participant's name and KPJ (recorded in their access log)."""
    view = await run_in_threadpool(
        get_complaint_for_staff, svc.uow(), auth.actor, complaint_id, now=svc.clock.now()
    )
    return StaffComplaintOut.from_staff_view(view, api_locale(request))


@router.get("/complaints/{complaint_id}/attachments/{attachment_id}", response_class=Response)
async def attachment(
    complaint_id: UUID, attachment_id: UUID, auth: AuthDep, svc: ServicesDep
) -> Response:
    """An attachment of a ticket, sandboxed (recorded in the participant's access log)."""
    found = await run_in_threadpool(
        lambda: read_attachment_for_staff(
            svc.uow(),
            auth.actor,
            complaint_id,
            attachment_id,
            files=svc.files,
            now=svc.clock.now(),
        )
    )
    return file_download(
        found.data, content_type=found.info.content_type, filename=found.info.filename
    )


@router.post("/complaints/{complaint_id}/messages", response_model=MessageOut, status_code=201)
@accepts_upload(UploadKind.ATTACHMENTS)
async def reply(
    complaint_id: UUID,
    auth: AuthDep,
    svc: ServicesDep,
    body: Annotated[str, Form(max_length=4000)] = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006
) -> MessageOut:
    """An officer's reply; a new ticket moves to in progress."""
    require_staff(auth.actor)
    uploads = await read_uploads(files, svc.policy)
    posted = await run_in_threadpool(
        post_staff_message,
        svc.uow(),
        auth.actor,
        complaint_id,
        body=body,
        uploads=uploads,
        tools=tools_of(svc),
        now=svc.clock.now(),
    )
    return MessageOut.from_domain(posted)


@router.post("/complaints/{complaint_id}/status", response_model=StaffComplaintOut)
async def move(
    complaint_id: UUID, body: StatusIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> StaffComplaintOut:
    """``in_progress``, ``waiting_for_participant`` (with what is needed) or ``resolved``
    (with what was done). Illegal moves answer 409 ``complaint.illegal_transition``."""
    await run_in_threadpool(
        change_complaint_status,
        svc.uow(),
        auth.actor,
        complaint_id,
        to=body.status,
        body=body.body,
        tools=tools_of(svc),
        now=svc.clock.now(),
    )
    view = await run_in_threadpool(
        get_complaint_for_staff, svc.uow(), auth.actor, complaint_id, now=svc.clock.now()
    )
    return StaffComplaintOut.from_staff_view(view, api_locale(request))


@router.post("/cards/{card_id}/revoke", status_code=204)
async def revoke(card_id: UUID, body: RevokeIn, auth: AuthDep, svc: ServicesDep) -> None:
    """Revoke a card (``fraud``, ``data_corrected``, ``lost``): its QR code verifies as
    revoked from now on."""
    await run_in_threadpool(
        revoke_card, svc.uow(), auth.actor, card_id, reason=body.reason, now=svc.clock.now()
    )
