"""/permintaan: the participant's requests worked by staff (identity corrections): the
status page ("menunggu dokumen", "sedang diperiksa", "disetujui", "ditolak: <alasan>"),
the timeline, and the upload of the documents asked for (the complaint attachments'
file checks)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.corrections import EventKind, ParticipantStatus
from jmo.domain.errors import ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_uploads import read_uploads
from jmo.i18n import N_, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.my_requests import (
    my_identity_corrections,
    my_request,
    upload_documents,
)
from jmo.usecases.complaints.tickets import Tools
from jmo.web.deps import (
    AuthDep,
    CallsDep,
    ServicesDep,
    check_csrf,
    locale_of,
    render,
    services,
)
from jmo.web.errors import field_messages
from jmo.web.labels import DOCUMENTS, FIELDS

router = APIRouter(prefix="/permintaan")

STATUS_TEXT: dict[ParticipantStatus, str] = {
    ParticipantStatus.WAITING_FOR_DOCUMENTS: N_("Menunggu dokumen"),
    ParticipantStatus.BEING_CHECKED: N_("Sedang diperiksa"),
    ParticipantStatus.APPROVED: N_("Disetujui"),
    ParticipantStatus.REJECTED: N_("Ditolak"),
}
EVENT_TEXT: dict[EventKind, str] = {
    EventKind.REQUESTED: N_("Permintaan dicatat"),
    EventKind.DOCUMENTS_REQUESTED: N_("Petugas meminta dokumen"),
    EventKind.DOCUMENTS_UPLOADED: N_("Dokumen Anda diterima"),
    EventKind.PREPARED: N_("Petugas memeriksa dokumen"),
    EventKind.APPROVED: N_("Koreksi disetujui"),
    EventKind.REJECTED: N_("Permintaan ditolak"),
}


def _labels(locale: str) -> dict[str, Any]:
    return {
        "status_text": {k.value: translate(locale, v) for k, v in STATUS_TEXT.items()},
        "event_text": {k.value: translate(locale, v) for k, v in EVENT_TEXT.items()},
        "document_labels": {k: translate(locale, v) for k, v in DOCUMENTS.items()},
        "field_labels": {k: translate(locale, v) for k, v in FIELDS.items()},
    }


@router.get("")
async def list_page(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    found = await calls.run(my_identity_corrections)
    return render(
        request, "requests/list.html", auth, requests=found, **_labels(locale_of(request, auth))
    )


async def _status_page(
    request: Request,
    auth: Authenticated,
    request_id: UUID,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    uploaded: bool = False,
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(my_request, svc.uow(), auth.actor, request_id)
    return render(
        request,
        "requests/detail.html",
        auth,
        status_code=status_code,
        view=view,
        errors=errors or {},
        uploaded=uploaded,
        max_mb=svc.policy.attachment_max_bytes // (1024 * 1024),
        max_files=svc.policy.attachment_max_files,
        **_labels(locale_of(request, auth)),
    )


@router.get("/{request_id}")
async def status_page(
    request: Request, auth: AuthDep, request_id: UUID, terkirim: int = 0
) -> Response:
    return await _status_page(request, auth, request_id, uploaded=bool(terkirim))


@router.post("/{request_id}/dokumen")
@accepts_upload(UploadKind.ATTACHMENTS)
async def upload(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, request_id: UUID
) -> Response:
    policy = svc.policy
    form = await request.form(
        max_files=policy.attachment_max_files + 1,
        max_fields=10,
        max_part_size=policy.attachment_max_bytes + 1024,
    )
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    try:
        uploads = await read_uploads(list(form.getlist("files")), policy)
        await calls.run(
            upload_documents,
            request_id,
            document_type=str(form.get("document_type") or ""),
            uploads=uploads,
            tools=Tools(
                inspector=svc.attachments, files=svc.files, notices=svc.notices, policy=policy
            ),
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return await _status_page(
            request,
            auth,
            request_id,
            errors=field_messages(exc, locale_of(request, auth)),
            status_code=422,
        )
    return RedirectResponse(f"/permintaan/{request_id}?terkirim=1", status_code=303)
