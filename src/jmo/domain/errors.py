"""Errors the domain and the use cases raise.

Every error carries a stable, dotted ``code`` (``nik.region_unknown``,
``selfie.no_face``). The edge turns a code into a sentence in the user's language
(``jmo.i18n.messages``) and into an HTTP status; the domain never holds UI text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class DomainError(Exception):
    """A rule was broken. ``field`` names the input at fault, when there is one."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params: dict[str, Any] = params

    def with_field(self, field: str) -> DomainError:
        return type(self)(self.code, field, **self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, field={self.field!r}, params={self.params!r})"


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class ValidationFailed(DomainError):
    """One or more fields of a form are invalid; all of them are reported at once."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("validation_failed")

    @classmethod
    def single(cls, field: str, code: str, **params: Any) -> ValidationFailed:
        return cls([FieldError(field, code, params)])


class NotFound(DomainError):
    """Missing or not yours: the same answer either way, so ids cannot be probed."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}.not_found")


class Conflict(DomainError):
    """The record changed since it was read (another device, a double submit)."""


class PermissionDenied(DomainError):
    """The actor may not do this (wrong role, locked service, step not reached)."""


class TooManyAttempts(DomainError):
    """A limit on attempts was reached; ``retry_after`` seconds may be in params."""


class CollectErrors:
    """Run several parsers and gather every field error instead of stopping at the first.

    Usage::

        errors = CollectErrors()
        phone = errors.run("phone", parse_mobile, raw["phone"])
        errors.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def run(self, name: str, parse: Any, /, *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(*args, **kwargs)
        except ValidationFailed as exc:
            self.errors.extend(exc.errors)
        except DomainError as exc:
            # The form's field name wins over the parser's default one ("kk" -> "kk_number").
            self.errors.append(FieldError(name, exc.code, exc.params))
        return None

    def add(self, field: str, code: str, **params: Any) -> None:
        self.errors.append(FieldError(field, code, params))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
