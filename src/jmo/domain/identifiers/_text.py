"""Small helpers the identifier parsers share."""

from __future__ import annotations

from jmo.domain.errors import DomainError

# Separators people type or paste between digit groups: spaces, dots, dashes, slashes.
_SEPARATORS = str.maketrans("", "", " \t\u00a0.-/")


def strip_separators(raw: str) -> str:
    return raw.translate(_SEPARATORS)


def is_digits(value: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²`` and Arabic-Indic digits."""
    return value.isascii() and value.isdigit()


def require(raw: str | None, field: str, code: str = "field.required") -> str:
    """The stripped text, or a ``DomainError`` if nothing was entered."""
    if raw is None or not raw.strip():
        raise DomainError(code, field=field)
    return raw.strip()
