"""Handing notices to the outside world: email through SMTP, SMS through an HTTP gateway,
and, in development, the dev outbox itself. Chosen in ``jmo.bootstrap`` from settings.

Each sender raises ``DeliveryFailed``: ``permanent=True`` when trying again cannot help
(the server refused the recipient, the gateway rejected the number), otherwise the
dispatcher retries with backoff. Error texts are stored on the outbox row, so recipients are
blanked out of them first (no personal data in what operators read).

Every message carries the notice's idempotency key: as the Message-ID of an email (receiving
systems drop a second message with the same id) and as the client reference of an SMS (the
gateway refuses a duplicate reference). That covers the one moment no outbox can: a crash
after the server accepted the message and before the row was marked sent.
"""

from __future__ import annotations

import hashlib
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import format_datetime

from jmo.domain.notices import Notice, SendReceipt
from jmo.usecases.ports.notices import DeliveryFailed


def _scrub(text: str, notice: Notice) -> str:
    return " ".join(text.replace(notice.recipient, "<recipient>").split())[:300]


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def message_id_for(notice: Notice, domain: str) -> str:
    digest = hashlib.sha256(notice.idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


class SmtpEmailSender:
    """Plain SMTP (port 25 relay), STARTTLS (587) or implicit TLS (465), with optional
    login. One connection per message keeps failures separate; the dispatcher sends
    one notice per transaction anyway."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        mail_from: str,
        security: str = "none",
        username: str = "",
        password: str = "",
        timeout: float = 10.0,
    ) -> None:
        if security not in ("none", "starttls", "tls"):
            raise ValueError("security is none, starttls or tls")
        self._host, self._port, self._from = host, port, mail_from
        self._security, self._username, self._password = security, username, password
        self._timeout = timeout
        self._domain = mail_from.rpartition("@")[2] or "jmo.local"

    def _message(self, notice: Notice) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._from
        message["To"] = notice.recipient
        message["Subject"] = notice.subject
        message["Date"] = format_datetime(notice.created_at)
        message["Message-ID"] = message_id_for(notice, self._domain)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(notice.body)
        return message

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self._security == "tls":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=context)
        client = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._security == "starttls":
            client.starttls(context=context)
        return client

    def send(self, notice: Notice) -> SendReceipt:
        message = self._message(notice)
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(
                f"connect: {type(exc).__name__}: {_scrub(str(exc), notice)}"
            ) from exc
        try:
            if self._username:
                client.login(self._username, self._password)
            refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            raise DeliveryFailed(f"recipient refused {codes}", permanent=permanent) from exc
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600 and not isinstance(
                exc, smtplib.SMTPAuthenticationError
            )
            raise DeliveryFailed(
                f"{exc.smtp_code} {_scrub(_text(exc.smtp_error), notice)}",
                permanent=permanent,
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {_scrub(str(exc), notice)}") from exc
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()  # the message was accepted (or refused) already
        if refused:
            raise DeliveryFailed("recipient refused", permanent=True)
        return SendReceipt(via="smtp", provider_message_id=str(message["Message-ID"]))


class HttpSmsSender:
    """A JSON-over-HTTPS SMS gateway: ``POST <url>`` with ``{"to", "text", "sender",
    "reference"}`` and a bearer token; a 2xx answer with ``{"id": ...}`` means accepted.
    4xx other than 408/429 is permanent (a bad number), the rest is retried. Indonesian
    aggregators differ in their fields; this is the one place to adapt them."""

    def __init__(self, *, url: str, token: str, sender_id: str, timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("the SMS gateway URL must be http(s)")
        self._url, self._token, self._sender, self._timeout = url, token, sender_id, timeout

    def send(self, notice: Notice) -> SendReceipt:
        payload = json.dumps(
            {
                "to": notice.recipient,
                "text": notice.body,
                "sender": self._sender,
                "reference": notice.idempotency_key,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self._url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self._token}",
                "Idempotency-Key": notice.idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                body = response.read(10_000)
        except urllib.error.HTTPError as exc:
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 409, 425, 429)
            raise DeliveryFailed(f"gateway answered {exc.code}", permanent=permanent) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryFailed(f"gateway unreachable: {type(exc).__name__}") from exc
        try:
            provider_id = str(json.loads(body or b"{}").get("id") or "") or None
        except (ValueError, AttributeError):
            provider_id = None
        return SendReceipt(via="sms-http", provider_message_id=provider_id)


class DevOutboxSender:
    """Development only (refused in production by the settings): the notice stays in the
    outbox table, which `jmo outbox` prints and /dev/outbox shows, and is marked as
    delivered there. Nothing leaves the machine."""

    def send(self, notice: Notice) -> SendReceipt:
        return SendReceipt(via="dev-outbox", read_from_outbox=True)


class NoGatewaySender:
    """No gateway configured for this channel: every attempt fails (and is retried), so the
    notices wait in the outbox until one is configured. Never a pretend success."""

    def __init__(self, channel: str) -> None:
        self._channel = channel

    def send(self, notice: Notice) -> SendReceipt:
        raise DeliveryFailed(f"no {self._channel} gateway configured")


__all__ = [
    "DevOutboxSender",
    "HttpSmsSender",
    "NoGatewaySender",
    "SmtpEmailSender",
    "message_id_for",
]
