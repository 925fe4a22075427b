"""Pengaduan as pages: the list, a new complaint, a ticket with its thread, replying,
closing with a rating, reopening, and attachments through an access-checked route."""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.complaints import CATEGORIES, CATEGORIES_BY_CODE, STATUS_LABELS
from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_files import file_download
from jmo.edge_uploads import read_uploads
from jmo.i18n import N_, translate
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
from jmo.web import way_forward
from jmo.web.deps import check_csrf, locale_of, read_form, render, require_login, services
from jmo.web.errors import field_messages

router = APIRouter(prefix="/pengaduan")


def _tools(svc: Services) -> Tools:
    return Tools(inspector=svc.attachments, files=svc.files, notices=svc.notices, policy=svc.policy)


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _labels(locale: str) -> dict[str, Any]:
    return {
        "categories": [(c.code, translate(locale, c.label)) for c in CATEGORIES],
        "category_labels": {
            code: translate(locale, c.label) for code, c in CATEGORIES_BY_CODE.items()
        },
        "status_labels": {s.value: translate(locale, label) for s, label in STATUS_LABELS.items()},
    }


async def _multipart(
    request: Request, auth: Authenticated, svc: Services
) -> tuple[dict[str, str], list[Any]]:
    policy = svc.policy
    form = await request.form(
        max_files=policy.attachment_max_files + 1,
        max_fields=20,
        max_part_size=policy.attachment_max_bytes + 1024,
    )
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return fields, list(form.getlist("files"))


@router.get("")
async def list_page(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    try:
        found = await run_in_threadpool(my_complaints, svc.uow(), auth.actor, now=svc.clock.now())
    except PermissionDenied as exc:
        if exc.code == "service.locked":
            return _redirect("/beranda?prompt=pengkinian")
        raise
    locale = locale_of(request, auth)
    return render(request, "complaints/list.html", auth, complaints=found, **_labels(locale))


def _new_page(
    request: Request,
    auth: Authenticated,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    return render(
        request,
        "complaints/new.html",
        auth,
        values=values,
        errors=errors,
        max_mb=svc.policy.attachment_max_bytes // (1024 * 1024),
        max_files=svc.policy.attachment_max_files,
        status_code=status_code,
        **_labels(locale),
    )


@router.get("/baru")
async def new_page(request: Request) -> Response:
    auth = await require_login(request)
    # A fresh key per form: a double tap submits the same key and makes one ticket.
    values = {"idempotency_key": secrets.token_urlsafe(16)}
    # "Minta Bantuan" from a blocked data update: the category and the case, prefilled.
    query = request.query_params
    if query.get("kategori") in CATEGORIES_BY_CODE:
        values["category"] = query["kategori"]
    reference = query.get("rujukan", "")[:40]
    if query.get("hambatan") and reference:
        values["description"] = way_forward.help_description(
            query["hambatan"], reference, locale_of(request, auth)
        )
    return _new_page(request, auth, values=values, errors={})


@router.post("/baru")
@accepts_upload(UploadKind.ATTACHMENTS)
async def new_submit(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    locale = locale_of(request, auth)
    fields, files = await _multipart(request, auth, svc)
    try:
        uploads = await read_uploads(files, svc.policy)
        complaint = await run_in_threadpool(
            submit_complaint,
            svc.uow(),
            auth.actor,
            category=fields.get("category", ""),
            description=fields.get("description", ""),
            uploads=uploads,
            tools=_tools(svc),
            now=svc.clock.now(),
            idempotency_key=fields.get("idempotency_key"),
        )
    except ValidationFailed as exc:
        return _new_page(
            request, auth, values=fields, errors=field_messages(exc, locale), status_code=422
        )
    return _redirect(f"/pengaduan/{complaint.id}?baru=1")


async def _detail(
    request: Request,
    auth: Authenticated,
    complaint_id: UUID,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(
        get_complaint, svc.uow(), auth.actor, complaint_id, now=svc.clock.now()
    )
    locale = locale_of(request, auth)
    return render(
        request,
        "complaints/detail.html",
        auth,
        view=view,
        errors=errors or {},
        values=values or {},
        notice=notice,
        max_mb=svc.policy.attachment_max_bytes // (1024 * 1024),
        max_files=svc.policy.attachment_max_files,
        status_code=status_code,
        **_labels(locale),
    )


@router.get("/{complaint_id}")
async def detail_page(request: Request, complaint_id: UUID, baru: int = 0) -> Response:
    auth = await require_login(request)
    locale = locale_of(request, auth)
    notice = translate(locale, N_("Pengaduan Anda telah kami terima.")) if baru else None
    return await _detail(request, auth, complaint_id, notice=notice)


@router.post("/{complaint_id}/balas")
@accepts_upload(UploadKind.ATTACHMENTS)
async def reply(request: Request, complaint_id: UUID) -> Response:
    auth = await require_login(request)
    svc = services(request)
    fields, files = await _multipart(request, auth, svc)
    try:
        uploads = await read_uploads(files, svc.policy)
        await run_in_threadpool(
            post_message,
            svc.uow(),
            auth.actor,
            complaint_id,
            body=fields.get("body", ""),
            uploads=uploads,
            tools=_tools(svc),
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return await _detail(
            request,
            auth,
            complaint_id,
            errors=field_messages(exc, locale_of(request, auth)),
            values=fields,
            status_code=422,
        )
    return _redirect(f"/pengaduan/{complaint_id}#balasan")


async def _simple_action(request: Request, complaint_id: UUID, action: str) -> Response:
    auth = await require_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    try:
        if action == "close":
            await run_in_threadpool(
                close_complaint,
                svc.uow(),
                auth.actor,
                complaint_id,
                rating=form.get("rating", ""),
                comment=form.get("comment", ""),
                now=svc.clock.now(),
            )
        else:
            await run_in_threadpool(
                reopen_complaint,
                svc.uow(),
                auth.actor,
                complaint_id,
                body=form.get("reason", ""),
                now=svc.clock.now(),
            )
    except ValidationFailed as exc:
        return await _detail(
            request,
            auth,
            complaint_id,
            errors=field_messages(exc, locale_of(request, auth)),
            values=form,
            status_code=422,
        )
    return _redirect(f"/pengaduan/{complaint_id}")


@router.post("/{complaint_id}/tutup")
async def close(request: Request, complaint_id: UUID) -> Response:
    return await _simple_action(request, complaint_id, "close")


@router.post("/{complaint_id}/buka-kembali")
async def reopen(request: Request, complaint_id: UUID) -> Response:
    return await _simple_action(request, complaint_id, "reopen")


@router.get("/{complaint_id}/lampiran/{attachment_id}")
async def attachment(request: Request, complaint_id: UUID, attachment_id: UUID) -> Response:
    auth = await require_login(request)
    svc = services(request)
    found = await run_in_threadpool(
        read_attachment, svc.uow(), auth.actor, complaint_id, attachment_id, files=svc.files
    )
    return file_download(
        found.data, content_type=found.info.content_type, filename=found.info.filename
    )
