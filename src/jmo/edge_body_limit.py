"""Request bodies have a size limit, refused before they are read (pages and API alike).

Every route takes at most ``SMALL_BODY_BYTES`` (forms and JSON) unless its endpoint is
marked with ``accepts_upload(kind)``; an upload route takes what its rules allow (the
limits in settings, one definition each, through ``Policy``) plus ``SMALL_BODY_BYTES`` for
the other fields and the multipart framing. ``BodyLimit`` answers 413 without reading a
byte when Content-Length is over the limit, and counts the bytes of a body sent without
one (chunked), cutting the request off as soon as they pass it: the application never
holds more than the limit, and never parses a 100 MB JSON body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jmo.domain.backoffice.employer import MAX_FILE_BYTES
from jmo.domain.claims.documents import MAX_DOCUMENTS_PER_CLAIM
from jmo.domain.requests.receipt import RECEIPT_FILE_MAX_BYTES
from jmo.usecases.services import Policy

SMALL_BODY_BYTES = 64 * 1024

_Endpoint = TypeVar("_Endpoint", bound=Callable[..., Any])
_MARK = "_jmo_upload_kind"


class UploadKind(StrEnum):
    SELFIE = "selfie"  # one still photo
    BURST = "burst"  # the liveness camera burst
    ATTACHMENTS = "attachments"  # complaint attachments
    CLAIM_DOCUMENTS = "claim_documents"
    RECEIPT = "receipt"  # a request's PDF receipt, checked at Verifikasi Bukti
    EMPLOYER_FILE = "employer_file"  # a company's correction CSV (/perusahaan)


def upload_limits(policy: Policy) -> dict[UploadKind, int]:
    """Bytes a whole request of each upload class may have."""
    files = {
        UploadKind.SELFIE: policy.max_upload_bytes,
        UploadKind.BURST: policy.burst_max_frames * policy.burst_frame_max_bytes,
        UploadKind.ATTACHMENTS: policy.attachment_max_files * policy.attachment_max_bytes,
        UploadKind.CLAIM_DOCUMENTS: MAX_DOCUMENTS_PER_CLAIM * policy.max_upload_bytes,
        UploadKind.RECEIPT: RECEIPT_FILE_MAX_BYTES,
        UploadKind.EMPLOYER_FILE: MAX_FILE_BYTES,
    }
    return {kind: size + SMALL_BODY_BYTES for kind, size in files.items()}


def accepts_upload(kind: UploadKind) -> Callable[[_Endpoint], _Endpoint]:
    """Mark a route's endpoint (under ``@router.post``) as taking files of this kind."""

    def mark(endpoint: _Endpoint) -> _Endpoint:
        setattr(endpoint, _MARK, kind)
        return endpoint

    return mark


def upload_kind_of(endpoint: object) -> UploadKind | None:
    kind = getattr(endpoint, _MARK, None)
    return kind if isinstance(kind, UploadKind) else None


def readable_size(size: int) -> str:
    """For the message: "64 KB", "15 MB" (binary units, rounded down)."""
    return f"{size // 2**20} MB" if size >= 2**20 else f"{size // 2**10} KB"


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Pure ASGI, no buffering of its own. The limit of a request is its route's, known
    once the router has matched it (``scope["endpoint"]``), that is before the endpoint
    asks for the first byte; a request no endpoint reads is never read at all. ``refuse``
    builds the 413 answer (a JSON error or a page)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: Mapping[UploadKind, int],
        refuse: Callable[[Scope, int], Awaitable[Response]],
    ) -> None:
        self.app = app
        self.limits = dict(limits)
        self.refuse = refuse

    def limit_for(self, scope: Scope) -> int:
        kind = upload_kind_of(scope.get("endpoint"))
        return self.limits[kind] if kind is not None else SMALL_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        limit: int | None = None  # the route's, at the first read
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal limit, received, exceeded
            if limit is None:
                limit = self.limit_for(scope)
                if declared is not None and declared > limit:
                    exceeded = True
                    raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # whatever the app answers to a cut-off body, the answer is 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # The app may let BodyTooLarge through or wrap it in an error of its own.
            if not exceeded:
                raise
        if exceeded:
            if started:  # too late for a clean answer: drop the connection
                raise BodyTooLarge()
            await (await self.refuse(scope, limit or SMALL_BODY_BYTES))(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
