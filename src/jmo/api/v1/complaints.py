"""Pengaduan for phone clients: the same use cases as the pages."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, IdempotencyKey, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import constraints
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_services import (
    CategoryOut,
    CloseIn,
    ComplaintOut,
    ComplaintSummaryOut,
    MessageOut,
    ReopenIn,
)
from jmo.domain.complaints import CATEGORIES, CATEGORY, DESCRIPTION, MESSAGE
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_files import file_download
from jmo.edge_uploads import read_uploads
from jmo.i18n import translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.complaints.tickets import (
    Tools,
    close_complaint,
    post_message,
    reopen_complaint,
    submit_complaint,
)
from jmo.usecases.complaints.views import get_complaint, my_complaints, read_attachment
from jmo.usecases.services import Services

router = APIRouter(
    prefix=f"{V1}/complaints", tags=["complaints"], generate_unique_id_function=operation_id
)

Files = Annotated[list[UploadFile], File(description="JPEG, PNG or PDF")]


def tools_of(svc: Services) -> Tools:
    return Tools(inspector=svc.attachments, files=svc.files, notices=svc.notices, policy=svc.policy)


async def complaint_out(
    request: Request, auth: Authenticated, svc: Services, complaint_id: UUID
) -> ComplaintOut:
    view = await run_in_threadpool(
        get_complaint, svc.uow(), auth.actor, complaint_id, now=svc.clock.now()
    )
    return ComplaintOut.from_view(view, api_locale(request))


@router.get("/categories", response_model=list[CategoryOut])
async def categories(request: Request) -> list[CategoryOut]:
    """The categories and their SLA (hours until the fund answers)."""
    locale = api_locale(request)
    return [
        CategoryOut(
            code=c.code,
            label=translate(locale, c.label),
            sla_hours=int(c.sla.total_seconds() // 3600),
        )
        for c in CATEGORIES
    ]


@router.get("", response_model=list[ComplaintSummaryOut])
async def list_complaints(
    request: Request, auth: AuthDep, svc: ServicesDep
) -> list[ComplaintSummaryOut]:
    """The participant's tickets, newest first."""
    found = await run_in_threadpool(my_complaints, svc.uow(), auth.actor, now=svc.clock.now())
    locale = api_locale(request)
    return [ComplaintSummaryOut.from_summary(s, locale) for s in found]


@router.post("", response_model=ComplaintOut, status_code=201)
@accepts_upload(UploadKind.ATTACHMENTS)
async def create(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    category: Annotated[str, Form(**constraints(CATEGORY))],
    description: Annotated[str, Form(**constraints(DESCRIPTION))],
    files: Files = [],  # noqa: B006 - FastAPI copies defaults per request
    idempotency_key: IdempotencyKey = None,
) -> ComplaintOut:
    """A new ticket (multipart): ``category``, ``description``, up to 3 ``files``. Send an
    Idempotency-Key: a retried call makes one ticket."""
    uploads = await read_uploads(files, svc.policy)
    complaint = await run_in_threadpool(
        submit_complaint,
        svc.uow(),
        auth.actor,
        category=category,
        description=description,
        uploads=uploads,
        tools=tools_of(svc),
        now=svc.clock.now(),
        idempotency_key=idempotency_key,
    )
    return await complaint_out(request, auth, svc, complaint.id)


@router.get("/{complaint_id}", response_model=ComplaintOut)
async def detail(
    complaint_id: UUID, request: Request, auth: AuthDep, svc: ServicesDep
) -> ComplaintOut:
    """A ticket with its thread and attachments (404 if missing or not yours)."""
    return await complaint_out(request, auth, svc, complaint_id)


@router.post("/{complaint_id}/messages", response_model=MessageOut, status_code=201)
@accepts_upload(UploadKind.ATTACHMENTS)
async def message(
    complaint_id: UUID,
    auth: AuthDep,
    svc: ServicesDep,
    body: Annotated[str, Form(**constraints(MESSAGE))] = "",
    files: Files = [],  # noqa: B006
) -> MessageOut:
    """A reply in the thread (multipart ``body`` and ``files``). Answering a ticket that
    waits for you puts it back in progress."""
    uploads = await read_uploads(files, svc.policy)
    posted = await run_in_threadpool(
        post_message,
        svc.uow(),
        auth.actor,
        complaint_id,
        body=body,
        uploads=uploads,
        tools=tools_of(svc),
        now=svc.clock.now(),
    )
    return MessageOut.from_domain(posted)


@router.post("/{complaint_id}/reopen", response_model=ComplaintOut)
async def reopen(
    complaint_id: UUID, body: ReopenIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> ComplaintOut:
    """A resolved ticket is not solved yet: back in progress, with the reason."""
    await run_in_threadpool(
        reopen_complaint, svc.uow(), auth.actor, complaint_id, body=body.body, now=svc.clock.now()
    )
    return await complaint_out(request, auth, svc, complaint_id)


@router.post("/{complaint_id}/close", response_model=ComplaintOut)
async def close(
    complaint_id: UUID, body: CloseIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> ComplaintOut:
    """Close a resolved ticket with a satisfaction rating 1-5 (once)."""
    await run_in_threadpool(
        close_complaint,
        svc.uow(),
        auth.actor,
        complaint_id,
        rating=body.rating,
        comment=body.comment,
        now=svc.clock.now(),
    )
    return await complaint_out(request, auth, svc, complaint_id)


@router.get("/{complaint_id}/attachments/{attachment_id}", response_class=Response)
async def attachment(
    complaint_id: UUID, attachment_id: UUID, auth: AuthDep, svc: ServicesDep
) -> Response:
    """An attachment of a ticket you may see (participant or staff); 404 otherwise."""
    found = await run_in_threadpool(
        read_attachment, svc.uow(), auth.actor, complaint_id, attachment_id, files=svc.files
    )
    return file_download(
        found.data, content_type=found.info.content_type, filename=found.info.filename
    )
