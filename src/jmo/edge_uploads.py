"""Reading uploaded files for the use cases, with a size bound on every read (shared by
the pages and the JSON API, like ``jmo.edge``)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import UploadFile

from jmo.domain.errors import ValidationFailed
from jmo.usecases.complaints.tickets import Upload
from jmo.usecases.services import Policy


async def read_uploads(files: Sequence[object], policy: Policy) -> list[Upload]:
    """At most one byte more than the limit is read, so a huge upload is refused without
    being held in memory; the use case checks the content."""
    uploads = []
    limit = policy.attachment_max_bytes
    for item in files:
        if not isinstance(item, UploadFile):
            continue
        data = await item.read(limit + 1)
        if not data and not item.filename:
            continue
        if len(data) > limit:
            raise ValidationFailed.single(
                "files", "attachment.too_large", max_mb=limit // (1024 * 1024)
            )
        uploads.append(Upload(filename=item.filename or "", data=data))
    if len(uploads) > policy.attachment_max_files:
        raise ValidationFailed.single(
            "files", "attachment.too_many", max=policy.attachment_max_files
        )
    return uploads
