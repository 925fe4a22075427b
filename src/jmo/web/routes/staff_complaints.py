"""/petugas/pengaduan/{id}: a complaint (Pengaduan) for staff: the ticket, its messages,
the attachments as pictures drawn on the server, a reply, and moving it on (in progress,
waiting for the participant, resolved: the participant closes it with a rating). The same
use cases as the staff API (``/api/v1/staff/complaints``)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.complaints import CATEGORIES_BY_CODE, STATUS_LABELS
from jmo.domain.errors import DomainError, NotFound, PermissionDenied
from jmo.edge_files import inline_image
from jmo.i18n import translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.documents import (
    complaint_attachment_page,
    complaint_attachment_pages,
)
from jmo.usecases.complaints.tickets import (
    Tools,
    change_complaint_status,
    post_staff_message,
)
from jmo.usecases.complaints.views import get_complaint_for_staff
from jmo.web.deps import locale_of, read_form, services
from jmo.web.errors import field_messages, message
from jmo.web.staff import render_staff, require_staff_login

router = APIRouter(prefix="/petugas/pengaduan")


def _tools(request: Request) -> Tools:
    svc = services(request)
    return Tools(inspector=svc.attachments, files=svc.files, notices=svc.notices, policy=svc.policy)


async def _page(
    request: Request,
    auth: Authenticated,
    complaint_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(
        lambda: get_complaint_for_staff(svc.uow(), auth.actor, complaint_id, now=svc.clock.now())
    )
    pages = await run_in_threadpool(
        lambda: complaint_attachment_pages(
            svc.uow(), auth.actor, complaint_id, files=svc.files, inspector=svc.attachments
        )
    )
    locale = locale_of(request, auth)
    category = CATEGORIES_BY_CODE.get(view.complaint.category)
    return render_staff(
        request,
        "staff/complaint.html",
        auth,
        status_code=status_code,
        view=view,
        c=view.complaint,
        category=translate(locale, category.label) if category else view.complaint.category,
        status_labels={s.value: translate(locale, label) for s, label in STATUS_LABELS.items()},
        pages=pages,
        errors=errors or {},
        values=values or {},
        province=view.province_code,
    )


@router.get("/{complaint_id}")
async def complaint_page(request: Request, complaint_id: UUID) -> Response:
    auth = await require_staff_login(request)
    return await _page(request, auth, complaint_id)


@router.get("/{complaint_id}/lampiran/{attachment_id}")
async def attachment(
    request: Request, complaint_id: UUID, attachment_id: UUID, halaman: int = 1
) -> Response:
    """A picture of the attachment (a PDF's page drawn on the server): never the file."""
    auth = await require_staff_login(request)
    svc = services(request)
    shown = await run_in_threadpool(
        lambda: complaint_attachment_page(
            svc.uow(),
            auth.actor,
            complaint_id,
            attachment_id,
            page=halaman,
            files=svc.files,
            inspector=svc.attachments,
            now=svc.clock.now(),
        )
    )
    return inline_image(shown.data, content_type=shown.content_type)


@router.post("/{complaint_id}/balas")
async def reply(request: Request, complaint_id: UUID) -> Response:
    auth = await require_staff_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    try:
        await run_in_threadpool(
            lambda: post_staff_message(
                svc.uow(),
                auth.actor,
                complaint_id,
                body=form.get("body", ""),
                uploads=[],
                tools=_tools(request),
                now=svc.clock.now(),
            )
        )
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        errors = field_messages(exc, locale_of(request, auth))
        return await _page(request, auth, complaint_id, status_code=400, errors=errors, values=form)
    return RedirectResponse(f"/petugas/pengaduan/{complaint_id}", status_code=303)


@router.post("/{complaint_id}/status")
async def move(request: Request, complaint_id: UUID) -> Response:
    auth = await require_staff_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    try:
        await run_in_threadpool(
            lambda: change_complaint_status(
                svc.uow(),
                auth.actor,
                complaint_id,
                to=form.get("status", ""),
                body=form.get("body", ""),
                tools=_tools(request),
                now=svc.clock.now(),
            )
        )
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        errors = field_messages(exc, locale_of(request, auth)) or {
            "status": message(exc, locale_of(request, auth))
        }
        return await _page(
            request,
            auth,
            complaint_id,
            status_code=409 if exc.code == "complaint.illegal_transition" else 400,
            errors=errors,
            values=form,
        )
    return RedirectResponse(f"/petugas/pengaduan/{complaint_id}", status_code=303)
