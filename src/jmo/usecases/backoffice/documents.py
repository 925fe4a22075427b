"""A request's documents, a complaint's attachments and a claim's documents as staff see
them in a page: pictures only. An image is encoded
again, a PDF is drawn page by page on the server (``AttachmentInspector.page_image``), so
nothing a file carries reaches the officer's browser. Each page shown is a recorded read
(``read_correction_document``, ``read_attachment_for_staff``, ``read_claim_document``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.usecases.access import (
    access_change_request_as_staff,
    access_claim_as_staff,
    access_complaint_as_staff,
)
from jmo.usecases.backoffice.corrections import read_correction_document
from jmo.usecases.claims.staff import read_claim_document
from jmo.usecases.complaints.views import read_attachment_for_staff
from jmo.usecases.ports.files import AttachmentInspector, FileStore
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ShownPage:
    data: bytes
    content_type: str  # image/png or image/jpeg, never the stored file's own type


def correction_document_page(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    document_id: UUID,
    *,
    page: int,
    files: FileStore,
    inspector: AttachmentInspector,
    now: datetime,
) -> ShownPage:
    found = read_correction_document(uow, actor, request_id, document_id, files=files, now=now)
    data, content_type = inspector.page_image(found.document.content_type, found.data, page)
    return ShownPage(data, content_type)


def correction_document_pages(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    *,
    files: FileStore,
    inspector: AttachmentInspector,
    now: datetime,
) -> dict[UUID, int]:
    """How many pictures each document of the request is shown as (nothing is returned
    of the content: the pictures themselves are read, and recorded, one by one)."""
    counts: dict[UUID, int] = {}
    with uow:
        access_change_request_as_staff(uow, actor, request_id, Action.CHANGE_REQUEST_READ)
        for document in uow.change_requests.documents(request_id):
            key = uow.change_requests.document_key(request_id, document.id)
            if key is None:
                continue
            data = files.get(key)
            counts[document.id] = inspector.page_count(document.content_type, data)
    return counts


def complaint_attachment_page(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: UUID,
    attachment_id: UUID,
    *,
    page: int,
    files: FileStore,
    inspector: AttachmentInspector,
    now: datetime,
) -> ShownPage:
    found = read_attachment_for_staff(uow, actor, complaint_id, attachment_id, files=files, now=now)
    data, content_type = inspector.page_image(found.info.content_type, found.data, page)
    return ShownPage(data, content_type)


def complaint_attachment_pages(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: UUID,
    *,
    files: FileStore,
    inspector: AttachmentInspector,
) -> dict[UUID, int]:
    with uow:
        complaint = access_complaint_as_staff(uow, actor, complaint_id)
    return {
        a.id: inspector.page_count(a.content_type, files.get(a.storage_key))
        for a in complaint.attachments
    }


def claim_document_page(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    document_id: UUID,
    *,
    page: int,
    inspector: AttachmentInspector,
    now: datetime,
) -> ShownPage:
    """The same read as the API's download (branch scope, ``CLAIM_READ``, recorded for the
    claimant), answered as a picture."""
    found = read_claim_document(uow, actor, claim_id, document_id, now=now)
    data, content_type = inspector.page_image(found.content_type, found.data, page)
    return ShownPage(data, content_type)


def claim_document_pages(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    inspector: AttachmentInspector,
) -> dict[UUID, int]:
    counts: dict[UUID, int] = {}
    with uow:
        claim = access_claim_as_staff(uow, actor, claim_id)
        for document in claim.documents:
            found = uow.claims.document(claim.id, document.id)
            if found is not None:
                counts[document.id] = inspector.page_count(found[1], found[2])
    return counts
