"""An uploaded file after the one check every upload goes through (the type from the
content, images re-encoded without metadata, PDFs without active content)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedFile:
    filename: str  # cleaned, for display only
    content_type: str  # from the content, never from the client
    data: bytes  # images re-encoded without metadata
    sha256: str
