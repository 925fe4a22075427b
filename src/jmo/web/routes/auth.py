"""Steps 1 and 2: open the app, log in ("Login"); log out; choose the language."""

from __future__ import annotations

from urllib.parse import urlparse

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError
from jmo.i18n import SUPPORTED_LOCALES, error_message
from jmo.usecases.accounts.sessions import login, logout, set_session_locale
from jmo.web.deps import (
    DEVICE_COOKIE,
    LANG_COOKIE,
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthDep,
    OptionalAuthDep,
    ServicesDep,
    client_of,
    locale_of,
    new_pre_csrf,
    read_form,
    render,
)
from jmo.web.errors import field_messages

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: a login link must not send people to another site."""
    if not target:
        return "/beranda"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/beranda"
    return target


@router.get("/")
async def landing(request: Request, auth: OptionalAuthDep) -> Response:
    if auth is not None:
        return RedirectResponse("/beranda", status_code=303)
    return _login_page(request)


@router.get("/login")
async def login_page(
    request: Request, auth: OptionalAuthDep, next: str = "/beranda", expired: int = 0
) -> Response:
    if auth is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    locale = locale_of(request)
    message = error_message(locale, "auth.session_expired") if expired else None
    return _login_page(request, next_url=safe_next(next), message=message, message_kind="info")


def _login_page(
    request: Request,
    *,
    next_url: str = "/beranda",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    message_kind: str | None = None,
    status_code: int = 200,
) -> Response:
    token = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    response = render(
        request,
        "login.html",
        None,
        status_code=status_code,
        csrf_token=token,
        next_url=next_url,
        values=values or {},
        errors=errors or {},
        message=message,
        message_kind=message_kind,
    )
    response.set_cookie(
        PRE_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
    )
    return response


@router.post("/login")
async def login_submit(request: Request, svc: ServicesDep) -> Response:
    form = await read_form(request, None)
    locale = locale_of(request)
    try:
        result = await run_in_threadpool(
            login,
            svc.uow(),
            svc.passwords,
            svc.limiter,
            email=form.get("email", ""),
            password=form.get("password", ""),
            client=client_of(request),
            now=svc.clock.now(),
            policy=svc.policy,
            notices=svc.notices,
            devices=svc.device_tokens,
            device_token=request.cookies.get(DEVICE_COOKIE),
            kind="web",
            locale=request.cookies.get(LANG_COOKIE),
        )
    except DomainError as exc:
        if exc.field == "code":  # staff: this page has no code field; theirs is elsewhere
            exc = DomainError("auth.staff_sign_in", field="password")
        errors = field_messages(exc, locale)
        return _login_page(
            request,
            next_url=safe_next(form.get("next")),
            values={"email": form.get("email", "")},
            errors=errors,
            status_code=400,
        )
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    # A new token at every login (no session fixation); HttpOnly so scripts cannot read it.
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        httponly=True,
        samesite="lax",
        secure=request.app.state.cookie_secure,
        max_age=svc.policy.session_absolute_hours * 3600,
    )
    # Known device (docs/decisions/known-devices.md): sent back only to the login form,
    # kept at logout.
    response.set_cookie(
        DEVICE_COOKIE,
        result.device_token or "",
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
        max_age=svc.policy.known_device_days * 86400,
        path="/login",
    )
    response.delete_cookie(PRE_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout_submit(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    await read_form(request, auth)
    await run_in_threadpool(logout, svc.uow(), auth, now=svc.clock.now())
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/bahasa/{code}")
async def choose_language(
    request: Request, auth: OptionalAuthDep, svc: ServicesDep, code: str, next: str = "/"
) -> Response:
    if code not in SUPPORTED_LOCALES:
        code = "id"
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="lax",
        secure=request.app.state.cookie_secure,
    )
    if auth is not None:
        await run_in_threadpool(set_session_locale, svc.uow(), auth, code)
    return response
