"""What the two edges (pages and JSON API) share: the HTTP status of a domain error."""

from __future__ import annotations

from jmo.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)

_UNAUTHENTICATED = {"auth.required", "auth.session_expired", "auth.invalid_credentials"}


def status_for(error: DomainError) -> int:
    if isinstance(error, ValidationFailed):
        return 422
    if isinstance(error, NotFound):
        return 404
    if error.code in _UNAUTHENTICATED:
        return 401
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, TooManyAttempts):
        return 429
    if error.code == "service.database_unavailable":
        return 503
    return 422
