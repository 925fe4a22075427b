"""E-mail addresses, checked for syntax only.

email-validator with ``check_deliverability=False``: a DNS lookup is I/O and does not
belong in the domain; whether the address works is proven by the code we send to it.
The domain part is lower-cased (domains are case-insensitive); the local part is kept as
typed, since a few mail servers treat it case-sensitively.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require

MAX_LENGTH = 254  # RFC 5321 path limit; email-validator enforces it too


def parse_email(raw: str | None, field: str = "email") -> str:
    text = require(raw, field, "email.required")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise DomainError("email.format", field=field) from exc
    local, _, domain = result.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


def mask_email(address: str) -> str:
    """``bu***@test.jmo.id``: enough to recognise one's own address, for "we sent a code"."""
    local, _, domain = address.partition("@")
    return (local[:2] + "*" * max(len(local) - 2, 1)) + "@" + domain
