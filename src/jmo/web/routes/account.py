"""The person's account: devices, password, their data, who accessed it; and getting back
in (unlock link, password reset)."""

from __future__ import annotations

import contextlib
import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError, NotFound, TooManyAttempts, ValidationFailed
from jmo.edge import status_for
from jmo.edge_files import file_download
from jmo.usecases.accounts.devices import (
    change_password,
    end_device,
    end_device_group,
    end_other_devices,
    list_device_groups,
)
from jmo.usecases.accounts.full_export import (
    FULL_EXPORT_PATH,
    check_full_export_link,
    export_my_data_in_full,
    request_full_export,
)
from jmo.usecases.accounts.my_data import access_log, export_my_data
from jmo.usecases.accounts.recovery import (
    check_reset_token,
    request_password_reset,
    reset_password,
    unlock_account,
)
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.services import Services
from jmo.web.audit_labels import describe
from jmo.web.deps import (
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthDep,
    ServicesDep,
    client_of,
    locale_of,
    new_pre_csrf,
    read_form,
    render,
)
from jmo.web.errors import field_messages, message

router = APIRouter()


async def _account_page(
    request: Request,
    auth: Authenticated,
    svc: Services,
    status_code: int = 200,
    ended_others: int = -1,
    **context: Any,
) -> Response:
    groups = await run_in_threadpool(list_device_groups, svc.uow(), auth, now=svc.clock.now())
    return render(
        request,
        "account/account.html",
        auth,
        status_code=status_code,
        groups=groups,
        ended_others=ended_others,
        **context,
    )


@router.get("/akun")
async def account_page(
    request: Request, auth: AuthDep, svc: ServicesDep, keluar: int = -1
) -> Response:
    return await _account_page(request, auth, svc, ended_others=keluar)


@router.post("/akun/perangkat-lain/akhiri")
async def end_other_devices_submit(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    """ "Keluarkan semua perangkat lain" (issue 9 item 6)."""
    await read_form(request, auth)
    ended = await run_in_threadpool(end_other_devices, svc.uow(), auth, now=svc.clock.now())
    return RedirectResponse(f"/akun?keluar={ended}", status_code=303)


@router.post("/akun/perangkat/akhiri")
async def end_device_group_submit(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    """One device on the list: every login of it (its sessions are hidden fields)."""
    await read_form(request, auth)
    form = await request.form()
    ids = []
    for value in form.getlist("session"):
        with contextlib.suppress(ValueError):
            ids.append(uuid.UUID(str(value)))
    with contextlib.suppress(NotFound):  # already ended: the list shows the truth
        await run_in_threadpool(end_device_group, svc.uow(), auth, ids, now=svc.clock.now())
    return RedirectResponse("/akun", status_code=303)


@router.post("/akun/perangkat/{session_id}/akhiri")
async def end_device_submit(
    request: Request, auth: AuthDep, svc: ServicesDep, session_id: uuid.UUID
) -> Response:
    await read_form(request, auth)
    with contextlib.suppress(NotFound):  # already ended: the list shows the truth
        await run_in_threadpool(end_device, svc.uow(), auth, session_id, now=svc.clock.now())
    if session_id == auth.session.id:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
    return RedirectResponse("/akun", status_code=303)


@router.get("/akun/kata-sandi")
async def change_password_page(request: Request, auth: AuthDep) -> Response:
    """Its own page, not the foot of the device list (issue 9 item 6)."""
    return render(request, "account/password.html", auth, errors={})


@router.post("/akun/kata-sandi")
async def change_password_submit(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    locale = locale_of(request, auth)
    try:
        result = await run_in_threadpool(
            change_password,
            svc.uow(),
            svc.passwords,
            svc.notices,
            svc.limiter,
            auth,
            current_password=form.get("current_password", ""),
            new_password=form.get("new_password", ""),
            is_common=svc.is_common_password,
            client=client_of(request),
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except (ValidationFailed, TooManyAttempts) as exc:
        return render(
            request,
            "account/password.html",
            auth,
            status_code=status_for(exc),
            errors=field_messages(exc, locale),
        )
    response = RedirectResponse("/akun?sandi=1", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        httponly=True,
        samesite="lax",
        secure=request.app.state.cookie_secure,
        max_age=svc.policy.session_absolute_hours * 3600,
    )
    return response


@router.get("/akun/data-saya.json")
async def my_data_download(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    data = await run_in_threadpool(export_my_data, svc.uow(), auth, now=svc.clock.now())
    body = json.dumps(data, default=str, ensure_ascii=False, indent=2)
    return file_download(
        body.encode(), content_type="application/json", filename="data-saya-jmo.json"
    )


@router.post("/akun/data-saya/kirim-tautan")
async def my_data_full_link_submit(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    await read_form(request, auth)
    try:
        sent = await run_in_threadpool(
            request_full_export,
            svc.uow(),
            svc.notices,
            svc.limiter,
            auth,
            now=svc.clock.now(),
            policy=svc.policy,
        )
    except TooManyAttempts as exc:
        return await _account_page(
            request, auth, svc, status_code=429, export_error=message(exc, locale_of(request, auth))
        )
    return await _account_page(request, auth, svc, export_sent_to=sent.sent_to)


@router.get(FULL_EXPORT_PATH)
async def my_data_full_page(
    request: Request, auth: AuthDep, svc: ServicesDep, token: str = ""
) -> Response:
    """The mailed link opens a page with a button: a mail scanner that follows links must
    not use up the single-use link, and the download needs the signed-in account."""
    try:
        await run_in_threadpool(
            check_full_export_link, svc.uow(), auth, token=token, now=svc.clock.now()
        )
    except NotFound as exc:
        return render(
            request,
            "account/full_export.html",
            auth,
            status_code=404,
            error=message(exc, locale_of(request, auth)),
        )
    return render(request, "account/full_export.html", auth, token=token)


@router.post(FULL_EXPORT_PATH)
async def my_data_full_download(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    try:
        data = await run_in_threadpool(
            export_my_data_in_full,
            svc.uow(),
            auth,
            token=form.get("token", ""),
            now=svc.clock.now(),
        )
    except NotFound as exc:
        return render(
            request,
            "account/full_export.html",
            auth,
            status_code=404,
            error=message(exc, locale_of(request, auth)),
        )
    body = json.dumps(data, default=str, ensure_ascii=False, indent=2)
    return file_download(
        body.encode(), content_type="application/json", filename="data-saya-jmo-lengkap.json"
    )


@router.get("/akun/riwayat-akses")
async def access_log_page(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    entries = await run_in_threadpool(access_log, svc.uow(), auth)
    locale = locale_of(request, auth)
    return render(
        request,
        "account/access_log.html",
        auth,
        entries=[(entry, describe(entry, locale)) for entry in entries],
    )


# --- getting back in (no session) ----------------------------------------------------------


def _anonymous(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    token = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    response = render(
        request,
        template,
        None,
        status_code=status_code,
        csrf_token=token,
        errors=context.pop("errors", {}),
        **context,
    )
    response.set_cookie(
        PRE_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
    )
    return response


@router.get("/akun/buka-kunci")
async def unlock(request: Request, svc: ServicesDep, token: str = "") -> Response:
    try:
        await run_in_threadpool(
            unlock_account,
            svc.uow(),
            svc.limiter,
            token=token,
            client=client_of(request),
            now=svc.clock.now(),
        )
    except NotFound as exc:
        return _anonymous(
            request, "account/message.html", status_code=404, text=message(exc, locale_of(request))
        )
    return _anonymous(request, "account/message.html", unlocked=True)


@router.get("/lupa-kata-sandi")
async def forgot_page(request: Request) -> Response:
    return _anonymous(request, "account/forgot.html", values={})


@router.post("/lupa-kata-sandi")
async def forgot_submit(request: Request, svc: ServicesDep) -> Response:
    form = await read_form(request, None)
    try:
        await run_in_threadpool(
            request_password_reset,
            svc.uow(),
            svc.limiter,
            svc.notices,
            email=form.get("email", ""),
            client=client_of(request),
            now=svc.clock.now(),
            policy=svc.policy,
        )
    except TooManyAttempts as exc:
        return _anonymous(
            request,
            "account/forgot.html",
            status_code=429,
            values=form,
            errors={"email": message(exc, locale_of(request))},
        )
    return _anonymous(request, "account/forgot.html", values={}, sent=True)


@router.get("/akun/reset-kata-sandi")
async def reset_page(request: Request, svc: ServicesDep, token: str = "") -> Response:
    try:
        await run_in_threadpool(check_reset_token, svc.uow(), token=token, now=svc.clock.now())
    except NotFound as exc:
        return _anonymous(
            request, "account/message.html", status_code=404, text=message(exc, locale_of(request))
        )
    return _anonymous(request, "account/reset.html", token=token)


@router.post("/akun/reset-kata-sandi")
async def reset_submit(request: Request, svc: ServicesDep) -> Response:
    form = await read_form(request, None)
    locale = locale_of(request)
    try:
        await run_in_threadpool(
            reset_password,
            svc.uow(),
            svc.passwords,
            svc.limiter,
            svc.notices,
            token=form.get("token", ""),
            new_password=form.get("new_password", ""),
            is_common=svc.is_common_password,
            client=client_of(request),
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return _anonymous(
            request,
            "account/reset.html",
            status_code=422,
            token=form.get("token", ""),
            errors=field_messages(exc, locale),
        )
    except DomainError as exc:
        return _anonymous(
            request, "account/message.html", status_code=404, text=message(exc, locale)
        )
    return _anonymous(request, "account/message.html", reset_done=True)
