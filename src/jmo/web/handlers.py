"""Page answers for exceptions raised on page routes."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from jmo.domain.errors import DomainError
from jmo.edge import status_for
from jmo.web.deps import SESSION_COOKIE, LoginRequired, locale_of, render
from jmo.web.errors import message


async def login_required_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    portal = next((p for p in ("/petugas", "/perusahaan") if exc.next_url.startswith(p)), None)
    if portal is not None:  # staff and employers sign in at their own page
        target = f"{portal}/masuk" + ("?expired=1" if exc.expired else "")
    else:
        target = f"/login?next={quote(exc.next_url)}"
        if exc.expired:
            target += "&expired=1"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def csrf_failed_handler(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", None, status_code=403, title_code="csrf")


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not a script asking for JSON)."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


async def page_http_error_handler(request: Request, exc: Exception) -> Response:
    """Unknown addresses and wrong methods: a page in the person's language for browsers
    (issue 9 item 9: not ``{"detail":"Not Found"}``), FastAPI's JSON for everyone else."""
    assert isinstance(exc, StarletteHTTPException)
    if not wants_page(request):
        return await http_exception_handler(request, exc)
    response = render(
        request,
        "error.html",
        None,
        status_code=exc.status_code,
        title_code="not_found" if exc.status_code == 404 else None,
    )
    response.headers.update(exc.headers or {})
    return response


async def page_domain_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return render(
        request,
        "error.html",
        None,
        status_code=status_for(exc),
        error_message=message(exc, locale_of(request)),
    )
