"""Known-device tokens (OWASP "Slow down online guessing attacks with device cookies").

``d1.<issued, epoch seconds>.<device id>.<signature>``: the signature is an HMAC-SHA256,
under a key derived from the application secret, of the rest and of the email's hash, so
a token proves "this device logged in to this email" without naming the email and
without anything stored on the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

_VERSION = "d1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class HmacDeviceTokens:
    def __init__(self, secret_key: str) -> None:
        # A key of its own: a device token can never pass for anything else signed with
        # the application secret.
        self._key = hmac.new(secret_key.encode(), b"jmo known-device tokens", "sha256").digest()

    def _signature(self, issued: int, device: str, email_key: str) -> str:
        message = f"{_VERSION}.{issued}.{device}.{email_key}".encode()
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def issue(self, email_key: str, now: datetime) -> str:
        issued = int(now.timestamp())
        device = _b64(secrets.token_bytes(16))
        return f"{_VERSION}.{issued}.{device}.{self._signature(issued, device, email_key)}"

    def device_of(self, token: str, email_key: str, *, now: datetime, max_age_s: int) -> str | None:
        parts = (token or "").split(".")
        if len(parts) != 4 or parts[0] != _VERSION or not parts[1].isdigit():
            return None
        issued, device, signature = int(parts[1]), parts[2], parts[3]
        expected = self._signature(issued, device, email_key)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return None
        if not 0 <= now.timestamp() - issued <= max_age_s:
            return None
        return device
