"""What every employer-portal page needs: an HR session (else the portal's sign-in page),
acting through the "employer" channel (the participant's access log says "portal
perusahaan"), and rendering with the portal's layout."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import PermissionDenied
from jmo.usecases.accounts.sessions import Authenticated, Client, authenticate
from jmo.web.deps import SESSION_COOKIE, LoginRequired, services
from jmo.web.staff import render_staff

EMPLOYER_PREFIX = "/perusahaan"
EMPLOYER_LOGIN = "/perusahaan/masuk"
EMPLOYER_LAYOUT = "employer/base.html"


def employer_client(request: Request) -> Client:
    return Client(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        channel="employer",
    )


async def require_employer_login(request: Request) -> Authenticated:
    """A signed-in session; which role may do what is the use cases' business (staff and
    participants are refused there, 403)."""
    svc = services(request)
    try:
        return await run_in_threadpool(
            authenticate,
            svc.uow(),
            token=request.cookies.get(SESSION_COOKIE, ""),
            client=employer_client(request),
            now=svc.clock.now(),
            policy=svc.policy,
        )
    except PermissionDenied as exc:
        raise LoginRequired(request.url.path, expired=exc.code == "auth.session_expired") from exc


EmployerDep = Annotated[Authenticated, Depends(require_employer_login)]


def render_employer(
    request: Request,
    template: str,
    auth: Authenticated | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    return render_staff(
        request,
        template,
        auth,
        status_code=status_code,
        portal=EMPLOYER_PREFIX,
        layout=EMPLOYER_LAYOUT,
        **context,
    )
