"""The OpenAPI document of ``/api/v1``, as served at ``/api/openapi.json``.

FastAPI writes the operations, parameters and bodies; this adds what a client meets besides
the success answer: every status an operation can answer with, each with the shared error
body (``{"error": {"code", "message", "fields"}}``) whose ``code`` is an enum of the codes
that operation can carry (``operations``, read from the code), and the headers that go with
them (``Retry-After`` on 429 and 503, ``WWW-Authenticate`` on 401).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from jmo.api.contract.links import add_links
from jmo.api.contract.operations import Operation, operations
from jmo.api.contract.retirement import RETIRING, Retirement, check, mark_retiring
from jmo.api.contract.uploads import describe_uploads
from jmo.usecases.services import Policy

ERROR_FIELD = "ErrorField"
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")

_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "``Bearer``: log in again (POST /api/v1/auth/login).",
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    503: {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}


def api_routes(routes: Sequence[BaseRoute]) -> list[APIRoute]:
    return [
        r
        for r in routes
        if isinstance(r, APIRoute) and r.path.startswith("/api/") and r.include_in_schema
    ]


def error_schema(codes: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": list(codes),
                        "description": "Stable; branch on it (the message is for people).",
                    },
                    "message": {
                        "type": "string",
                        "description": "In the request's language (Accept-Language or ?lang=).",
                    },
                    "fields": {
                        "type": "array",
                        "items": {"$ref": f"#/components/schemas/{ERROR_FIELD}"},
                    },
                },
            }
        },
    }


def _error_field() -> dict[str, Any]:
    return {
        "title": ERROR_FIELD,
        "type": "object",
        "required": ["field", "code", "message"],
        "properties": {
            "field": {"type": "string", "description": "The input at fault (form name)."},
            "code": {"type": "string", "description": "Stable code of this field's error."},
            "message": {"type": "string"},
        },
    }


def _error_response(status: int, codes: Sequence[str]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": f"{HTTPStatus(status).phrase}: {', '.join(codes)}",
        "content": {"application/json": {"schema": error_schema(codes)}},
    }
    if status in _HEADERS:
        response["headers"] = _HEADERS[status]
    return response


def add_errors(document: dict[str, Any], found: Sequence[Operation]) -> None:
    for op in found:
        operation = document["paths"][op.path][op.method.lower()]
        responses: dict[str, Any] = operation["responses"]
        responses.pop("422", None)  # FastAPI's own validation body: ours replaces it
        for status, codes in op.errors.items():
            responses[str(status)] = _error_response(status, codes)
        operation["responses"] = dict(sorted(responses.items()))
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    schemas[ERROR_FIELD] = _error_field()
    document["components"]["schemas"] = dict(sorted(schemas.items()))


def api_document(
    routes: Sequence[BaseRoute],
    *,
    title: str,
    version: str,
    description: str,
    policy: Policy | None = None,
    retiring: Iterable[Retirement] = RETIRING,
) -> dict[str, Any]:
    """``policy``: the limits the server applies (the defaults when documenting offline);
    ``retiring``: the operations being retired (``retirement.RETIRING``)."""
    chosen = api_routes(routes)
    document = get_openapi(title=title, version=version, description=description, routes=chosen)
    add_errors(document, operations(chosen))
    describe_uploads(document, chosen, policy or Policy())
    mark_retiring(document, check(retiring, chosen))
    add_links(document)
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    return document
