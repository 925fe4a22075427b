"""Turning domain errors into messages for a page."""

from __future__ import annotations

from jmo.domain.errors import DomainError, ValidationFailed
from jmo.i18n import error_message


def field_messages(error: DomainError, locale: str) -> dict[str, str]:
    """Field name -> message (the first error per field)."""
    messages: dict[str, str] = {}
    if isinstance(error, ValidationFailed):
        for item in error.errors:
            messages.setdefault(item.field, error_message(locale, item.code, item.params))
    elif error.field:
        messages[error.field] = error_message(locale, error.code, error.params)
    return messages


def message(error: DomainError, locale: str) -> str:
    return error_message(locale, error.code, error.params)
