"""Staff sign-in at /petugas/masuk: password and the authenticator's code; the first
sign-in enrols the authenticator by QR code and shows ten recovery codes once.

The employer portal signs in the same way (``sign_in_router("/perusahaan", ...)``): one
set of routes over the same use cases, only the paths and the layout differ."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError, PermissionDenied
from jmo.i18n import error_message, translate
from jmo.usecases.accounts.sessions import (
    Authenticated,
    SecondFactorEnrolment,
    login,
    logout,
)
from jmo.usecases.backoffice.two_factor import finish_enrolment, start_enrolment
from jmo.web.deps import (
    LANG_COOKIE,
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    client_of,
    locale_of,
    new_pre_csrf,
    read_form,
    services,
)
from jmo.web.errors import field_messages
from jmo.web.staff import STAFF_PREFIX, render_staff, require_staff_login

ENROL_COOKIE = "jmo_enrol"  # the one-use enrolment ticket (after a correct password)


def _authenticator_qr(uri: str) -> str:
    """The enrolment URI as a QR code (SVG data URI) for the authenticator app. segno is
    imported here, on the rare enrolment page, not by every web worker at start-up."""
    import segno  # noqa: PLC0415 - see the docstring

    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


def sign_in_router(
    prefix: str,
    *,
    layout: str,
    login_title: str,
    require: Callable[[Request], Awaitable[Authenticated]],
) -> APIRouter:
    """Sign-in, enrolment and sign-out under ``prefix`` (``require``: the portal's own
    session check, so a session of the other portal cannot sign out here)."""
    router = APIRouter(prefix=prefix)
    login_path = f"{prefix}/masuk"

    def _with_pre_csrf(
        request: Request, template: str, status_code: int = 200, **ctx: object
    ) -> Response:
        token = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
        title = translate(locale_of(request), login_title) if login_title else ""
        response = render_staff(
            request,
            template,
            None,
            status_code=status_code,
            csrf_token=token,
            portal=prefix,
            layout=layout,
            login_title=title,
            **ctx,
        )
        response.set_cookie(
            PRE_CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.app.state.cookie_secure,
        )
        return response

    def _session_cookie(request: Request, response: Response, token: str) -> None:
        svc = services(request)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.app.state.cookie_secure,
            max_age=svc.policy.session_absolute_hours * 3600,
        )

    @router.get("/masuk")
    async def login_page(request: Request, expired: int = 0) -> Response:
        message = error_message(locale_of(request), "auth.session_expired") if expired else None
        return _with_pre_csrf(
            request, "staff/login.html", values={}, errors={}, message=message, message_kind="info"
        )

    @router.post("/masuk")
    async def login_submit(request: Request) -> Response:
        form = await read_form(request, None)
        svc = services(request)
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
                kind="web",
                locale=request.cookies.get(LANG_COOKIE),
                second_factor=form.get("code", ""),
            )
        except SecondFactorEnrolment as enrol:
            response: Response = RedirectResponse(f"{prefix}/autentikator", status_code=303)
            response.set_cookie(
                ENROL_COOKIE,
                enrol.ticket,
                httponly=True,
                samesite="strict",
                secure=request.app.state.cookie_secure,
                max_age=600,
                path=prefix,
            )
            return response
        except DomainError as exc:
            return _with_pre_csrf(
                request,
                "staff/login.html",
                status_code=400,
                values={"email": form.get("email", "")},
                errors=field_messages(exc, locale_of(request)),
            )
        response = RedirectResponse(prefix, status_code=303)
        _session_cookie(request, response, result.token)
        response.delete_cookie(PRE_CSRF_COOKIE)
        return response

    @router.get("/autentikator")
    async def enrol_page(request: Request) -> Response:
        svc = services(request)
        try:
            enrolment = await run_in_threadpool(
                start_enrolment,
                svc.uow(),
                ticket=request.cookies.get(ENROL_COOKIE, ""),
                now=svc.clock.now(),
            )
        except PermissionDenied:
            return RedirectResponse(login_path, status_code=303)
        qr = _authenticator_qr(enrolment.uri)
        return _with_pre_csrf(
            request, "staff/enrol.html", qr=qr, secret=enrolment.secret, errors={}
        )

    @router.post("/autentikator")
    async def enrol_submit(request: Request) -> Response:
        form = await read_form(request, None)
        svc = services(request)
        ticket = request.cookies.get(ENROL_COOKIE, "")
        try:
            done = await run_in_threadpool(
                lambda: finish_enrolment(
                    svc.uow(),
                    ticket=ticket,
                    code=form.get("code", ""),
                    client=client_of(request),
                    now=svc.clock.now(),
                    policy=svc.policy,
                    locale=request.cookies.get(LANG_COOKIE),
                )
            )
        except PermissionDenied:
            return RedirectResponse(login_path, status_code=303)
        except DomainError as exc:
            enrolment = await run_in_threadpool(
                start_enrolment, svc.uow(), ticket=ticket, now=svc.clock.now()
            )
            qr = _authenticator_qr(enrolment.uri)
            return _with_pre_csrf(
                request,
                "staff/enrol.html",
                status_code=400,
                qr=qr,
                secret=enrolment.secret,
                errors=field_messages(exc, locale_of(request)),
            )
        response = render_staff(
            request,
            "staff/recovery_codes.html",
            None,
            codes=done.recovery_codes,
            csrf_token="",
            portal=prefix,
            layout=layout,
        )
        _session_cookie(request, response, done.login.token)
        response.delete_cookie(ENROL_COOKIE, path=prefix)
        response.delete_cookie(PRE_CSRF_COOKIE)
        return response

    @router.post("/keluar")
    async def logout_submit(request: Request) -> Response:
        auth = await require(request)
        await read_form(request, auth)
        svc = services(request)
        await run_in_threadpool(logout, svc.uow(), auth, now=svc.clock.now())
        response = RedirectResponse(login_path, status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return router


router = sign_in_router(
    STAFF_PREFIX, layout="staff/base.html", login_title="", require=require_staff_login
)
