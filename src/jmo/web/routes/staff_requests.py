"""/petugas/permintaan/{id}: an identity correction for staff: old and new per field, the
documents (as pictures drawn on the server: an image encoded again, a PDF page by page;
each recorded as a read), the timeline, and the actions
(ask for documents, prepare, approve, reject). Four eyes is the use case's rule; the page
shows its refusal as a message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.corrections import CORRECTABLE, EventKind
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import DomainError, PermissionDenied
from jmo.edge_files import inline_image
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
from jmo.web.deps import locale_of, read_form, services
from jmo.web.errors import field_messages, message
from jmo.web.labels import DOCUMENTS, FIELDS
from jmo.web.routes.staff_queue import STATUS_LABELS
from jmo.web.staff import render_staff, require_staff_login

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
    request_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(
        lambda: get_correction_for_staff(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    # The company's signed letter, when one goes with the request (checked on each view).
    letter = await run_in_threadpool(
        lambda: letter_of_request(svc.uow(), auth.actor, request_id, tokens=svc.card_tokens)
    )
    pages = await run_in_threadpool(
        lambda: correction_document_pages(
            svc.uow(),
            auth.actor,
            request_id,
            files=svc.files,
            inspector=svc.attachments,
            now=svc.clock.now(),
        )
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
async def request_page(request: Request, request_id: UUID) -> Response:
    auth = await require_staff_login(request)
    return await _page(request, auth, request_id)


@router.get("/{request_id}/dokumen/{document_id}")
async def document(
    request: Request, request_id: UUID, document_id: UUID, halaman: int = 1
) -> Response:
    """A picture of the document (a PDF's page drawn on the server): never the file."""
    auth = await require_staff_login(request)
    svc = services(request)
    shown = await run_in_threadpool(
        lambda: correction_document_page(
            svc.uow(),
            auth.actor,
            request_id,
            document_id,
            page=halaman,
            files=svc.files,
            inspector=svc.attachments,
            now=svc.clock.now(),
        )
    )
    return inline_image(shown.data, content_type=shown.content_type)


async def _act(
    request: Request,
    request_id: UUID,
    action: Callable[[Authenticated, dict[str, str]], Awaitable[Any]],
) -> Response:
    auth = await require_staff_login(request)
    form = await read_form(request, auth)
    try:
        await action(auth, form)
    except PermissionDenied as exc:
        if exc.code != "four_eyes.same_person":
            raise
        # The clear message of the refusal, on the page the supervisor was looking at.
        return await _page(
            request,
            auth,
            request_id,
            status_code=403,
            notice=message(exc, locale_of(request, auth)),
        )
    except DomainError as exc:
        if exc.code in ("correction.illegal_transition",):
            return await _page(
                request,
                auth,
                request_id,
                status_code=409,
                notice=message(exc, locale_of(request, auth)),
            )
        return await _page(
            request,
            auth,
            request_id,
            status_code=400,
            errors=field_messages(exc, locale_of(request, auth)),
            values=form,
        )
    return RedirectResponse(f"/petugas/permintaan/{request_id}", status_code=303)


@router.post("/{request_id}/minta-dokumen")
async def ask(request: Request, request_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: ask_for_documents(
                svc.uow(),
                auth.actor,
                request_id,
                message=form.get("reason", ""),
                notices=svc.notices,
                now=svc.clock.now(),
            )
        )

    return await _act(request, request_id, run)


@router.post("/{request_id}/siapkan")
async def prepare(request: Request, request_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: prepare_correction(
                svc.uow(),
                auth.actor,
                request_id,
                values=form,
                regions=svc.regions,
                now=svc.clock.now(),
            )
        )

    return await _act(request, request_id, run)


@router.post("/{request_id}/setujui")
async def approve(request: Request, request_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: approve_correction(
                svc.uow(), auth.actor, request_id, notices=svc.notices, now=svc.clock.now()
            )
        )

    return await _act(request, request_id, run)


@router.post("/{request_id}/tolak")
async def reject(request: Request, request_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: reject_correction(
                svc.uow(),
                auth.actor,
                request_id,
                reason=form.get("reason", ""),
                notices=svc.notices,
                now=svc.clock.now(),
            )
        )

    return await _act(request, request_id, run)
