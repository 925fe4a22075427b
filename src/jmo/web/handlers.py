"""Page answers for exceptions raised on page routes."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from jmo.domain.errors import DomainError
from jmo.edge import status_for
from jmo.web.deps import SESSION_COOKIE, LoginRequired, locale_of, render
from jmo.web.errors import message


async def login_required_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    if exc.next_url.startswith("/petugas"):  # staff sign in at their own page
        target = "/petugas/masuk" + ("?expired=1" if exc.expired else "")
    else:
        target = f"/login?next={quote(exc.next_url)}"
        if exc.expired:
            target += "&expired=1"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def csrf_failed_handler(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", None, status_code=403, title_code="csrf")


async def page_domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return render(
        request,
        "error.html",
        None,
        status_code=status_for(exc),
        error_message=message(exc, locale_of(request)),
    )
