"""Answering with a file (shared by the pages and the JSON API, like ``jmo.edge``): every
download, whoever asks for it, goes out with the same sandbox.

An uploaded document was checked on the way in (``jmo.adapters.attachments``), but the
answer must not depend on that alone: if anything active slipped through, it must not run
in our origin. So: a content type from a short list (anything else is an opaque
``application/octet-stream``), ``nosniff`` so the browser does not guess another,
``Content-Security-Policy: sandbox`` with nothing allowed (a PDF or SVG opened in the
browser gets a unique origin and no scripts), always saved as an attachment, never kept in a
shared cache.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from starlette.responses import Response, StreamingResponse

SAFE_TYPES = frozenset(
    {"application/pdf", "image/jpeg", "image/png", "application/json", "text/csv"}
)
SANDBOX = "sandbox; default-src 'none'"


def _ascii_name(filename: str) -> str:
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    cleaned = "".join(ch for ch in plain if ch.isprintable() and ch not in '"\\;/')
    return cleaned.strip() or "berkas"


def _headers(filename: str) -> dict[str, str]:
    name = _ascii_name(filename)
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return {
        "Content-Disposition": disposition,
        "Content-Security-Policy": SANDBOX,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def _media(content_type: str) -> str:
    return content_type if content_type in SAFE_TYPES else "application/octet-stream"


def file_download(data: bytes, *, content_type: str, filename: str) -> Response:
    return Response(data, media_type=_media(content_type), headers=_headers(filename))


def inline_image(data: bytes, *, content_type: str) -> Response:
    """A picture shown inside a page (a staff member's view of a document, a PDF's page
    drawn on the server): the download headers without the attachment disposition."""
    headers = {k: v for k, v in _headers("").items() if k != "Content-Disposition"}
    return Response(data, media_type=_media(content_type), headers=headers)


def file_stream(chunks: Iterator[str], *, content_type: str, filename: str) -> Response:
    """A large text file a piece at a time (an audit export of any size), with the same
    headers as ``file_download``."""
    return StreamingResponse(chunks, media_type=_media(content_type), headers=_headers(filename))
