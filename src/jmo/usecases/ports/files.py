"""Uploaded files: the one inspection, and the encrypted store."""

from __future__ import annotations

from typing import Protocol

from jmo.domain.uploads import CheckedFile


class AttachmentInspector(Protocol):
    """The one check for every uploaded document (complaint attachments, claim
    documents): the type from the content, images re-encoded without metadata, PDFs
    without active content."""

    def inspect(
        self, filename: str, data: bytes, *, field: str = "files", max_bytes: int | None = None
    ) -> CheckedFile:
        """Raises ValidationFailed (on ``field``) for a file of the wrong type, larger than
        ``max_bytes`` (default: the attachment limit), a decompression bomb, or a PDF with
        active content."""

    def page_count(self, content_type: str, data: bytes) -> int:
        """How many pictures ``page_image`` gives for a stored document (an image: 1)."""

    def page_image(self, content_type: str, data: bytes, page: int) -> tuple[bytes, str]:
        """A stored document as a picture for a staff page, and its content type: an image
        decoded and encoded again, a PDF's page drawn on the server (the browser never
        gets a PDF's bytes)."""


class FileStore(Protocol):
    """Files outside the database and outside the web root, encrypted at rest."""

    def put(self, data: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
