"""Time-based one-time passwords (RFC 6238, SHA-1, 6 digits, 30 s), the second factor of
staff sign-in, in the standard library: any authenticator app reads the ``otpauth://``
URI (RFC 4226 for the counter, the Google Authenticator key-URI format for the QR)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote, urlencode

STEP_S = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and next code: phone clocks drift


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def time_step(at: datetime) -> int:
    return int(at.timestamp()) // STEP_S


def code_at(secret: str, step: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def current_code(secret: str, at: datetime) -> str:
    return code_at(secret, time_step(at))


def matching_step(secret: str, code: str, at: datetime, *, after: int | None) -> int | None:
    """The time step ``code`` belongs to (within the drift window), or None. A step at or
    before ``after`` (the last one used) is refused: a code works once."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = time_step(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str = "JMO Petugas") -> str:
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP_S})
    return f"otpauth://totp/{label}?{query}"


RECOVERY_CODES = 10


def new_recovery_codes() -> list[str]:
    """Ten one-use codes, shown once at enrolment; only their hashes are kept."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]


def recovery_hash(code: str) -> str:
    """Codes are random (about 49 bits), so a plain SHA-256 suffices, like session tokens."""
    return hashlib.sha256("".join(code.lower().split()).encode()).hexdigest()
