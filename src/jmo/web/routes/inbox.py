"""The in-app inbox (/kotak-masuk, its unread count in the header) and "Bukan saya":
the button in the inbox, and the page a notice's link opens (/bukan-saya)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import NotFound
from jmo.usecases.accounts.inbox import inbox, mark_read, unread_count
from jmo.usecases.accounts.not_me import freeze_by_link, freeze_from_app
from jmo.web.deps import (
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthDep,
    CallsDep,
    ServicesDep,
    client_of,
    locale_of,
    new_pre_csrf,
    read_form,
    render,
)
from jmo.web.errors import message

router = APIRouter()


@router.get("/kotak-masuk")
async def inbox_page(request: Request, calls: CallsDep) -> Response:
    view = await calls.run(inbox)
    return render(request, "account/inbox.html", calls.authenticated, view=view)


@router.get("/kotak-masuk/jumlah")
async def unread_badge(request: Request, calls: CallsDep) -> Response:
    """The header's unread count (loaded by htmx after the page, so no page waits on it)."""
    count = await calls.run(unread_count)
    text = f'<span class="badge" id="inbox-unread">{count}</span>' if count else ""
    return HTMLResponse(text, headers={"Cache-Control": "no-store"})


@router.post("/kotak-masuk/baca")
async def read_all(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    await read_form(request, auth)
    await calls.run(mark_read, None, now=svc.clock.now())
    return RedirectResponse("/kotak-masuk", status_code=303)


@router.post("/kotak-masuk/{message_id}/baca")
async def read_one(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, message_id: uuid.UUID
) -> Response:
    await read_form(request, auth)
    await calls.run(mark_read, message_id, now=svc.clock.now())
    return RedirectResponse(f"/kotak-masuk#m-{message_id}", status_code=303)


@router.post("/kotak-masuk/bukan-saya")
async def not_me_button(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    await read_form(request, auth)
    await run_in_threadpool(
        freeze_from_app,
        svc.uow(),
        svc.notices,
        auth.actor,
        client=client_of(request),
        now=svc.clock.now(),
    )
    response = _anonymous(request, "account/not_me.html", frozen=True)
    response.delete_cookie(SESSION_COOKIE)  # every session has ended
    return response


def _anonymous(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    token = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    response = render(request, template, None, status_code=status_code, csrf_token=token, **context)
    response.set_cookie(
        PRE_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
    )
    return response


@router.get("/bukan-saya")
async def not_me_page(request: Request, token: str = "") -> Response:
    """The link in a notice opens a page with one button: a GET never freezes, because
    mail scanners open links by themselves."""
    return _anonymous(request, "account/not_me.html", token=token)


@router.post("/bukan-saya")
async def not_me_submit(request: Request, svc: ServicesDep) -> Response:
    form = await read_form(request, None)
    try:
        await run_in_threadpool(
            freeze_by_link,
            svc.uow(),
            svc.notices,
            token=form.get("token", ""),
            client=client_of(request),
            now=svc.clock.now(),
        )
    except NotFound as exc:
        return _anonymous(
            request,
            "account/not_me.html",
            status_code=404,
            text=message(exc, locale_of(request)),
        )
    return _anonymous(request, "account/not_me.html", frozen=True)
