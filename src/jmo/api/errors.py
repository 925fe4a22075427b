"""Domain errors as HTTP answers: a 4xx status and a stable code per field.

Body: ``{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}``. The
message is in the request's language (Accept-Language); clients should branch on codes.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from jmo.domain.errors import DomainError, ValidationFailed
from jmo.edge import status_for
from jmo.i18n import error_message, negotiate_locale


def error_body(error: DomainError, locale: str) -> dict[str, object]:
    fields = []
    if isinstance(error, ValidationFailed):
        fields = [
            {"field": e.field, "code": e.code, "message": error_message(locale, e.code, e.params)}
            for e in error.errors
        ]
    elif error.field:
        fields = [
            {
                "field": error.field,
                "code": error.code,
                "message": error_message(locale, error.code, error.params),
            }
        ]
    return {
        "error": {
            "code": error.code,
            "message": error_message(locale, error.code, error.params),
            "fields": fields,
        }
    }


def api_locale(request: Request) -> str:
    return negotiate_locale(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )


def retry_after(error: DomainError) -> int:
    """Seconds until a refused attempt may be retried, from the error's own wait (the
    limits give it in seconds, minutes or hours); 5 when it names none."""
    for unit, seconds in (("seconds", 1), ("minutes", 60), ("hours", 3600)):
        value = error.params.get(unit)
        if isinstance(value, int) and value > 0:
            return value * seconds
    return 5


async def domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = status_for(exc)
    headers = {"Retry-After": str(retry_after(exc))} if status in (429, 503) else None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(error_body(exc, api_locale(request)), status_code=status, headers=headers)


async def request_validation_handler(request: Request, exc: Exception) -> JSONResponse:
    """Malformed requests (wrong JSON shape, wrong type) in the same format as rule errors."""
    assert isinstance(exc, RequestValidationError)
    locale = api_locale(request)
    fields = []
    for item in exc.errors():
        loc = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")]
        fields.append(
            {
                "field": ".".join(loc) or "body",
                "code": "request.invalid",
                "message": error_message(locale, "request.invalid"),
            }
        )
    body = {
        "error": {
            "code": "request.invalid",
            "message": error_message(locale, "request.invalid"),
            "fields": fields,
        }
    }
    return JSONResponse(body, status_code=422)


async def api_http_error_handler(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals on API paths in the API's shape: a body that cannot be read
    at all (FastAPI's 400) is a malformed request like any other (422 ``request.invalid``,
    the status the document lists); a 405 names every method the path has (the routes are
    flat, one per method, so Starlette's ``Allow`` would name only the first)."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:
        return await request_validation_handler(request, RequestValidationError([]))
    if exc.status_code == 405:
        matching = [
            route
            for route in request.app.router.routes
            if isinstance(route, APIRoute) and route.path_regex.match(request.url.path)
        ]
        # A literal path wins over a template (/claims/quote over /claims/{claim_id}), as
        # a client reading the document would match it.
        fewest = min((r.path.count("{") for r in matching), default=0)
        allowed = sorted(
            {m for r in matching if r.path.count("{") == fewest for m in r.methods or ()}
        )
        return Response(status_code=405, headers={"Allow": ", ".join(allowed)})
    return await http_exception_handler(request, exc)
