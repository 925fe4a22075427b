"""/petugas/loket: the branch counter. Find a participant by KPJ; do Pengkinian Data for
them with the app's rules and the originals seen; enrol a reference photo (e-KTP seen,
the counter's camera or an upload) for a supervisor to approve. The use cases hold every
rule; these pages only carry the form."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.domain.backoffice.counter import COUNTER_ORIGINALS
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.i18n import N_, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.counter import counter_view, find_participant, walk_in_pengkinian
from jmo.usecases.backoffice.reference_photo import prepare_reference_photo
from jmo.web.deps import CallsDep, ServicesDep, locale_of, read_form, services
from jmo.web.errors import field_messages, message
from jmo.web.labels import (
    DOCUMENTS,
    FIELD_CHOICES,
    FIELDS,
    bank_options,
    choice_options,
    region_options,
    reset_stale_regions,
)
from jmo.web.routes.staff_queue import STATUS_LABELS
from jmo.web.staff import StaffDep, render_staff

router = APIRouter(prefix="/petugas/loket")

KIND_LABELS: dict[str, str] = {
    "pengkinian": N_("Pengkinian Data"),
    "identity_correction": N_("Koreksi data identitas"),
    "kpj_merge": N_("Penggabungan saldo KPJ"),
    "reference_photo": N_("Foto rujukan wajah"),
    "bank_change": N_("Perubahan rekening bank"),
}


@router.post("")
async def find(request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep) -> Response:
    """The queue page's "Loket" form: the KPJ of the person at the counter."""
    form = await read_form(request, auth)
    kpj = form.get("kpj", "")[:30]
    try:
        found = await calls.run(find_participant, kpj)
    except (NotFound, ValidationFailed) as exc:
        return render_staff(
            request,
            "staff/counter_search.html",
            auth,
            status_code=404 if isinstance(exc, NotFound) else 400,
            kpj=kpj,
            notice=message(exc, locale_of(request, auth))
            if isinstance(exc, NotFound)
            else field_messages(exc, locale_of(request, auth)).get("kpj"),
        )
    return RedirectResponse(f"/petugas/loket/{found}", status_code=303)


async def _page(
    request: Request,
    auth: Authenticated,
    participant_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    seen: list[str] | None = None,
    notice: str | None = None,
    done: str | None = None,
) -> Response:
    svc = services(request)
    view = await run_in_threadpool(
        lambda: counter_view(
            svc.uow(), auth.actor, participant_id, policy=svc.policy, now=svc.clock.now()
        )
    )
    locale = locale_of(request, auth)
    form = reset_stale_regions(values if values is not None else view.form)
    choices: dict[str, Any] = {
        name: choice_options(list_name, locale) for name, list_name in FIELD_CHOICES.items()
    }
    role = auth.actor.role
    return render_staff(
        request,
        "staff/counter.html",
        auth,
        status_code=status_code,
        view=view,
        values=form,
        errors=errors or {},
        seen=seen or [],
        notice=notice,
        done=done,
        choices=choices,
        banks=bank_options(),
        regions=region_options(svc.regions, form),
        originals=[(d.value, translate(locale, DOCUMENTS[d.value])) for d in COUNTER_ORIGINALS],
        field_labels={k: translate(locale, v) for k, v in FIELDS.items()},
        document_labels={k: translate(locale, v) for k, v in DOCUMENTS.items()},
        can_update=allowed(role, Action.PARTICIPANT_UPDATE),
        can_enrol=allowed(role, Action.REFERENCE_PHOTO_PREPARE),
        province=view.participant.profile.province_code,
        kind_labels={k: translate(locale, v) for k, v in KIND_LABELS.items()},
        status_labels={k: translate(locale, v) for k, v in STATUS_LABELS.items()},
    )


@router.get("/{participant_id}")
async def counter_page(
    request: Request, auth: StaffDep, participant_id: UUID, selesai: str = ""
) -> Response:
    return await _page(request, auth, participant_id, done=selesai[:20] or None)


@router.post("/{participant_id}/pengkinian")
async def walk_in(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, participant_id: UUID
) -> Response:
    form = await read_form(request, auth)
    seen = [str(v) for v in (await request.form()).getlist("documents_seen")]
    if form.get("_action") == "refresh":  # new region lists for the chosen province
        return await _page(request, auth, participant_id, values=form, seen=seen)
    try:
        result = await calls.run(
            walk_in_pengkinian,
            participant_id,
            form,
            documents_seen=seen,
            terms_accepted=form.get("terms") == "1",
            regions=svc.regions,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        locale = locale_of(request, auth)
        return await _page(
            request,
            auth,
            participant_id,
            status_code=400 if isinstance(exc, ValidationFailed) else 409,
            errors=field_messages(exc, locale),
            values=form,
            seen=seen,
            notice=None if isinstance(exc, ValidationFailed) else message(exc, locale),
        )
    done = "rekening" if result.held is not None else "pengkinian"
    return RedirectResponse(f"/petugas/loket/{participant_id}?selesai={done}", status_code=303)


@router.post("/{participant_id}/foto")
@accepts_upload(UploadKind.SELFIE)
async def enrol_photo(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, participant_id: UUID
) -> Response:
    form = await read_form(request, auth)
    posted = await request.form()
    seen = [str(v) for v in posted.getlist("documents_seen")]
    upload = posted.get("photo")
    limit = svc.policy.max_upload_bytes
    try:
        image = await upload.read(limit + 1) if isinstance(upload, UploadFile) else b""
        if len(image) > limit:
            raise ValidationFailed.single(
                "photo", "attachment.too_large", max_mb=limit // (1024 * 1024)
            )
        created = await calls.run(
            prepare_reference_photo,
            participant_id,
            image=image,
            source=form.get("source", "upload"),
            documents_seen=seen,
            faces=svc.faces,
            files=svc.files,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        if isinstance(exc, (NotFound, PermissionDenied)):
            raise
        locale = locale_of(request, auth)
        return await _page(
            request,
            auth,
            participant_id,
            status_code=400 if isinstance(exc, ValidationFailed) else 409,
            errors={"photo_" + k: v for k, v in field_messages(exc, locale).items()},
            seen=seen,
            notice=None if isinstance(exc, ValidationFailed) else message(exc, locale),
        )
    return RedirectResponse(f"/petugas/persetujuan/{created.id}", status_code=303)
