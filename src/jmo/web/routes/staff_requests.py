"""/petugas/permintaan/{id}: an identity correction for staff: old and new per field, the
documents (as pictures drawn on the server: an image encoded again, a PDF page by page;
each recorded as a read), the timeline, and the actions
(ask for documents, prepare, approve, reject). Four eyes is the use case's rule; the page
shows its refusal as a message."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from jmo.domain.backoffice.corrections import CORRECTABLE, EventKind
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.i18n import N_, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.corrections import (
    approve_correction,
    ask_for_documents,
    get_correction_for_staff,
    prepare_correction,
    reject_correction,
)
from jmo.usecases.backoffice.documents import correction_document_page, correction_document_pages
from jmo.usecases.employer.letters import letter_of_request
from jmo.web.deps import CallsDep, PageCalls, ServicesDep, locale_of
from jmo.web.labels import DOCUMENTS, FIELDS
from jmo.web.routes.staff_queue import STATUS_LABELS
from jmo.web.staff import StaffDep, StaffDesk, document_picture, render_staff

router = APIRouter(prefix="/petugas/permintaan")

EVENT_LABELS: dict[EventKind, str] = {
    EventKind.REQUESTED: N_("Dilaporkan peserta"),
    EventKind.DOCUMENTS_REQUESTED: N_("Petugas meminta dokumen"),
    EventKind.DOCUMENTS_UPLOADED: N_("Peserta mengunggah dokumen"),
    EventKind.PREPARED: N_("Petugas menyiapkan koreksi"),
    EventKind.APPROVED: N_("Supervisor menyetujui"),
    EventKind.REJECTED: N_("Ditolak"),
}


async def _page(
    request: Request,
    auth: Authenticated,
    calls: PageCalls,
    request_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    svc = calls.services
    view = await calls.run(get_correction_for_staff, request_id, now=svc.clock.now())
    # The company's signed letter, when one goes with the request (checked on each view).
    letter = await calls.run(letter_of_request, request_id, tokens=svc.card_tokens)
    pages = await calls.run(
        correction_document_pages,
        request_id,
        files=svc.files,
        inspector=svc.attachments,
        now=svc.clock.now(),
    )
    locale = locale_of(request, auth)
    identity = view.participant.identity
    current = {
        "nik": identity.nik if "nik" in view.request.reported_fields else None,
        "kpj": identity.kpj,
        "full_name": identity.full_name,
        "birth_place": identity.birth_place,
        "birth_date": identity.birth_date.isoformat(),
        "gender": view.participant.profile.gender,
        "citizenship": view.participant.profile.citizenship,
    }
    proposed = {c.field: c.new for c in view.request.changes}
    role = auth.actor.role
    return render_staff(
        request,
        "staff/request.html",
        auth,
        status_code=status_code,
        view=view,
        rows=[
            (name, translate(locale, FIELDS[name]), current.get(name), proposed.get(name))
            for name in view.request.reported_fields
        ],
        correctable=CORRECTABLE,
        field_labels={k: translate(locale, v) for k, v in FIELDS.items()},
        document_labels={k: translate(locale, v) for k, v in DOCUMENTS.items()},
        event_labels={k.value: translate(locale, v) for k, v in EVENT_LABELS.items()},
        status_label=translate(locale, STATUS_LABELS.get(view.request.status.value, "-")),
        can_ask=allowed(role, Action.CHANGE_REQUEST_ASK_DOCUMENTS),
        can_prepare=allowed(role, Action.CHANGE_REQUEST_PREPARE),
        can_reject=allowed(role, Action.CHANGE_REQUEST_REJECT),
        errors=errors or {},
        notice=notice,
        values=values or {},
        province=view.participant.profile.province_code,
        pages=pages,
        letter=letter,
    )


@router.get("/{request_id}")
async def request_page(
    request: Request, auth: StaffDep, calls: CallsDep, request_id: UUID
) -> Response:
    return await _page(request, auth, calls, request_id)


@router.get("/{request_id}/dokumen/{document_id}")
async def document(
    auth: StaffDep,
    calls: CallsDep,
    svc: ServicesDep,
    request_id: UUID,
    document_id: UUID,
    halaman: int = 1,
) -> Response:
    return await document_picture(
        calls,
        correction_document_page,
        request_id,
        document_id,
        page=halaman,
        files=svc.files,
        inspector=svc.attachments,
        now=svc.clock.now(),
    )


async def _desk(request: Request, auth: StaffDep, calls: CallsDep, request_id: UUID) -> StaffDesk:
    return StaffDesk(
        request,
        auth,
        calls,
        page=partial(_page, request, auth, calls, request_id),
        back=f"/petugas/permintaan/{request_id}",
    )


Desk = Annotated[StaffDesk, Depends(_desk)]


@router.post("/{request_id}/minta-dokumen")
async def ask(desk: Desk, svc: ServicesDep, request_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            ask_for_documents,
            request_id,
            message=form.get("reason", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )


@router.post("/{request_id}/siapkan")
async def prepare(desk: Desk, svc: ServicesDep, request_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            prepare_correction, request_id, values=form, regions=svc.regions, now=svc.clock.now()
        )
    )


@router.post("/{request_id}/setujui")
async def approve(desk: Desk, svc: ServicesDep, request_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            approve_correction, request_id, notices=svc.notices, now=svc.clock.now()
        )
    )


@router.post("/{request_id}/tolak")
async def reject(desk: Desk, svc: ServicesDep, request_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            reject_correction,
            request_id,
            reason=form.get("reason", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
