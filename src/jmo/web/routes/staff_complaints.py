"""/petugas/pengaduan/{id}: a complaint (Pengaduan) for staff: the ticket, its messages,
the attachments as pictures drawn on the server, a reply, and moving it on (in progress,
waiting for the participant, resolved: the participant closes it with a rating). The same
use cases as the staff API (``/api/v1/staff/complaints``)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jmo.domain.complaints import CATEGORIES_BY_CODE, STATUS_LABELS
from jmo.domain.errors import DomainError, NotFound, PermissionDenied
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
from jmo.usecases.services import Services
from jmo.web.deps import CallsDep, PageCalls, ServicesDep, locale_of, read_form
from jmo.web.errors import field_messages, message
from jmo.web.staff import StaffDep, document_picture, render_staff

router = APIRouter(prefix="/petugas/pengaduan")


def _tools(svc: Services) -> Tools:
    return Tools(inspector=svc.attachments, files=svc.files, notices=svc.notices, policy=svc.policy)


async def _page(
    request: Request,
    auth: Authenticated,
    calls: PageCalls,
    complaint_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    svc = calls.services
    view = await calls.run(get_complaint_for_staff, complaint_id, now=svc.clock.now())
    pages = await calls.run(
        complaint_attachment_pages, complaint_id, files=svc.files, inspector=svc.attachments
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
async def complaint_page(
    request: Request, auth: StaffDep, calls: CallsDep, complaint_id: UUID
) -> Response:
    return await _page(request, auth, calls, complaint_id)


@router.get("/{complaint_id}/lampiran/{attachment_id}")
async def attachment(
    auth: StaffDep,
    calls: CallsDep,
    svc: ServicesDep,
    complaint_id: UUID,
    attachment_id: UUID,
    halaman: int = 1,
) -> Response:
    return await document_picture(
        calls,
        complaint_attachment_page,
        complaint_id,
        attachment_id,
        page=halaman,
        files=svc.files,
        inspector=svc.attachments,
        now=svc.clock.now(),
    )


@router.post("/{complaint_id}/balas")
async def reply(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, complaint_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await calls.run(
            post_staff_message,
            complaint_id,
            body=form.get("body", ""),
            uploads=[],
            tools=_tools(svc),
            now=svc.clock.now(),
        )
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        errors = field_messages(exc, locale_of(request, auth))
        return await _page(
            request, auth, calls, complaint_id, status_code=400, errors=errors, values=form
        )
    return RedirectResponse(f"/petugas/pengaduan/{complaint_id}", status_code=303)


@router.post("/{complaint_id}/status")
async def move(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, complaint_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await calls.run(
            change_complaint_status,
            complaint_id,
            to=form.get("status", ""),
            body=form.get("body", ""),
            tools=_tools(svc),
            now=svc.clock.now(),
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
            calls,
            complaint_id,
            status_code=409 if exc.code == "complaint.illegal_transition" else 400,
            errors=errors,
            values=form,
        )
    return RedirectResponse(f"/petugas/pengaduan/{complaint_id}", status_code=303)
