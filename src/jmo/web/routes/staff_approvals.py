"""/petugas/persetujuan/{id}: what the counter prepared for a second person (a reference
photo, a flagged bank change): the photo or the masked old and new account, the originals
seen, the timeline, approve or reject with a reason. Four eyes is the use case's rule; the
page shows its refusal as a message."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.pengkinian.change_request import ChangeKind
from jmo.i18n import N_, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.approvals import (
    approve_counter_request,
    get_counter_request,
    read_counter_photo,
    reject_counter_request,
    verify_bank_change,
)
from jmo.web.deps import CallsDep, ServicesDep, locale_of, read_form, services
from jmo.web.errors import field_messages, message
from jmo.web.labels import DOCUMENTS, FIELDS
from jmo.web.routes.staff_queue import STATUS_LABELS
from jmo.web.staff import StaffDep, render_staff

router = APIRouter(prefix="/petugas/persetujuan")

TITLES: dict[ChangeKind, str] = {
    ChangeKind.REFERENCE_PHOTO: N_("Pendaftaran foto rujukan wajah"),
    ChangeKind.BANK_CHANGE: N_("Perubahan rekening bank (tanda risiko)"),
}
EVENT_LABELS: dict[EventKind, str] = {
    EventKind.REQUESTED: N_("Diminta peserta di aplikasi"),
    EventKind.PREPARED: N_("Diperiksa dan disiapkan petugas"),
    EventKind.APPROVED: N_("Disetujui supervisor"),
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
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(
        lambda: get_counter_request(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    locale = locale_of(request, auth)
    return render_staff(
        request,
        "staff/approval.html",
        auth,
        status_code=status_code,
        view=view,
        title=translate(locale, TITLES[view.request.kind]),
        status_label=translate(locale, STATUS_LABELS.get(view.request.status.value, "-")),
        event_labels={k.value: translate(locale, v) for k, v in EVENT_LABELS.items()},
        field_labels={k: translate(locale, v) for k, v in FIELDS.items()},
        document_labels={k: translate(locale, v) for k, v in DOCUMENTS.items()},
        can_reject=allowed(auth.actor.role, Action.CHANGE_REQUEST_REJECT),
        can_verify=allowed(auth.actor.role, Action.CHANGE_REQUEST_PREPARE),
        errors=errors or {},
        notice=notice,
        province=view.participant.profile.province_code,
    )


@router.get("/{request_id}")
async def approval_page(request: Request, auth: StaffDep, request_id: UUID) -> Response:
    return await _page(request, auth, request_id)


@router.get("/{request_id}/foto")
async def photo(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, request_id: UUID
) -> Response:
    data = await calls.run(read_counter_photo, request_id, files=svc.files, now=svc.clock.now())
    return Response(
        data,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/{request_id}/setujui")
async def approve(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, request_id: UUID
) -> Response:
    await read_form(request, auth)
    try:
        await calls.run(
            approve_counter_request,
            request_id,
            files=svc.files,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except PermissionDenied as exc:
        if exc.code != "four_eyes.same_person":
            raise
        notice = message(exc, locale_of(request, auth))
        return await _page(request, auth, request_id, status_code=403, notice=notice)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        notice = message(exc, locale_of(request, auth))
        return await _page(request, auth, request_id, status_code=409, notice=notice)
    return RedirectResponse(f"/petugas/persetujuan/{request_id}", status_code=303)


@router.post("/{request_id}/periksa")
async def verify(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, request_id: UUID
) -> Response:
    """An officer checked a bank change asked in the app; a supervisor approves next."""
    await read_form(request, auth)
    try:
        await calls.run(verify_bank_change, request_id, now=svc.clock.now())
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        notice = message(exc, locale_of(request, auth))
        return await _page(request, auth, request_id, status_code=409, notice=notice)
    return RedirectResponse(f"/petugas/persetujuan/{request_id}", status_code=303)


@router.post("/{request_id}/tolak")
async def reject(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, request_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await calls.run(
            reject_counter_request,
            request_id,
            reason=form.get("reason", ""),
            files=svc.files,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        errors = field_messages(exc, locale_of(request, auth))
        return await _page(request, auth, request_id, status_code=400, errors=errors)
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        notice = message(exc, locale_of(request, auth))
        return await _page(request, auth, request_id, status_code=409, notice=notice)
    return RedirectResponse(f"/petugas/persetujuan/{request_id}", status_code=303)
