"""What every page needs: the services, the logged-in person, the language, CSRF, and
rendering with the person's language."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from jmo.domain.accounts import Actor
from jmo.domain.errors import PermissionDenied
from jmo.edge import Calls
from jmo.i18n import negotiate_locale
from jmo.usecases.accounts.sessions import Authenticated, Client, authenticate
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Services

P = ParamSpec("P")
T = TypeVar("T")

SESSION_COOKIE = "jmo_session"
LANG_COOKIE = "jmo_lang"
PRE_CSRF_COOKIE = "jmo_csrf"  # for forms shown before login (double-submit cookie)
DEVICE_COOKIE = "jmo_device"  # this browser logged in to an email before (known device)


class LoginRequired(Exception):
    def __init__(self, next_url: str = "/", expired: bool = False) -> None:
        self.next_url = next_url
        self.expired = expired


class CsrfFailed(Exception):
    pass


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def client_of(request: Request) -> Client:
    return Client(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        channel="app",
    )


def locale_of(request: Request, auth: Authenticated | None = None) -> str:
    """Indonesian unless the person chose English (ID | EN in the header). The browser's
    language is not used: many Indonesian phones run in English, and the fund's app is
    Indonesian first. (The JSON API does honour Accept-Language: a client app sends its
    own UI language.)"""
    chosen = request.cookies.get(LANG_COOKIE) or (auth.session.locale if auth else None)
    return negotiate_locale(chosen, None)


async def require_login(request: Request) -> Authenticated:
    svc = services(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    try:
        return await run_in_threadpool(
            authenticate,
            svc.uow(),
            token=token,
            client=client_of(request),
            now=svc.clock.now(),
            policy=svc.policy,
        )
    except PermissionDenied as exc:
        raise LoginRequired(_came_for(request), expired=exc.code == "auth.session_expired") from exc


def _came_for(request: Request) -> str:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return target


class PageCalls(Calls):
    """``Calls`` for pages: a missing or ended session sends the person to the login page
    and back here afterwards."""

    def __init__(self, request: Request) -> None:
        super().__init__(
            services(request),
            request.cookies.get(SESSION_COOKIE, ""),
            client_of(request),
            read_only=request.method == "GET",
        )
        self._target = _came_for(request)

    async def run(
        self,
        usecase: Callable[Concatenate[UnitOfWork, Actor, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        try:
            return await super().run(usecase, *args, **kwargs)
        except PermissionDenied as exc:
            if self.auth is None:  # the session, not the use case, said no
                raise LoginRequired(
                    self._target, expired=exc.code == "auth.session_expired"
                ) from exc
            raise


async def optional_login(request: Request) -> Authenticated | None:
    if not request.cookies.get(SESSION_COOKIE):
        return None
    try:
        return await require_login(request)
    except LoginRequired:
        return None


def check_csrf(sent: str, expected: str) -> None:
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed()


async def read_form(request: Request, auth: Authenticated | None) -> dict[str, str]:
    """The posted fields, after the CSRF check (session token, or the pre-login cookie)."""
    form = await request.form()
    expected = auth.session.csrf_token if auth else request.cookies.get(PRE_CSRF_COOKIE, "")
    check_csrf(str(form.get("csrf_token") or ""), expected)
    return {k: v for k, v in form.items() if isinstance(v, str)}


def new_pre_csrf() -> str:
    return secrets.token_urlsafe(24)


def render(
    request: Request,
    template: str,
    auth: Authenticated | None = None,
    *,
    status_code: int = 200,
    locale: str | None = None,
    **context: Any,
) -> HTMLResponse:
    env = request.app.state.templates
    locale = locale or locale_of(request, auth)
    html = env.get_template(template).render(
        request=request,
        locale=locale,
        auth=auth,
        csrf_token=context.pop("csrf_token", auth.session.csrf_token if auth else ""),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


async def page_calls(request: Request) -> PageCalls:
    return PageCalls(request)


# The page edge's dependencies, named as the API's are (api/deps.py): a route states what
# it needs in its signature instead of fetching it in its body.
ServicesDep = Annotated[Services, Depends(services)]
AuthDep = Annotated[Authenticated, Depends(require_login)]
OptionalAuthDep = Annotated[Authenticated | None, Depends(optional_login)]
CallsDep = Annotated[PageCalls, Depends(page_calls)]
