"""/perusahaan: the employer portal. HR of one company: its workers (masked list, one
worker's page recorded in their access log), a worker's correction, the correction file
(template, per-row report on screen and as a download, all or nothing, applied once),
resignations, new workers and the signed letter for a worker's own correction request."""

from __future__ import annotations

import base64
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.domain.backoffice import employer as rules
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import FieldError, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_files import file_download
from jmo.i18n import N_, error_message, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.employer.corrections import Outcome, Tools, correct_worker, upload_corrections
from jmo.usecases.employer.letters import letter_for_worker_request
from jmo.usecases.employer.workers import (
    NEW_WORKER_FIELDS,
    list_workers,
    open_worker,
    own_company,
    register_worker,
    resign_worker,
)
from jmo.usecases.services import Services
from jmo.web.deps import ServicesDep, check_csrf, locale_of, read_form
from jmo.web.employer import EmployerDep, render_employer, require_employer_login
from jmo.web.errors import field_messages
from jmo.web.labels import FIELD_CHOICES, choice_options
from jmo.web.labels import FIELDS as FIELD_LABELS
from jmo.web.routes.staff_auth import sign_in_router

router = APIRouter(prefix="/perusahaan")
sign_in = sign_in_router(
    "/perusahaan",
    layout="employer/base.html",
    login_title=N_("Masuk HR perusahaan"),
    require=require_employer_login,
)

ROUTE_LABELS = {
    rules.Route.DIRECT: N_("langsung diperbarui"),
    rules.Route.OFFICER: N_("diperiksa petugas (surat pengantar digital)"),
}


def _tools(svc: Services) -> Tools:
    return Tools(regions=svc.regions, tokens=svc.card_tokens, notices=svc.notices)


@router.get("")
async def workers_page(
    request: Request, auth: EmployerDep, svc: ServicesDep, cari: str = ""
) -> Response:
    employer, workers = await run_in_threadpool(
        list_workers, svc.uow(), auth.actor, search=cari[:20]
    )
    return render_employer(
        request, "employer/workers.html", auth, employer=employer, workers=workers, search=cari
    )


async def _worker_page(
    request: Request,
    auth: Authenticated,
    svc: Services,
    participant_id: UUID,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    form: str = "",
    done: str = "",
    status_code: int = 200,
) -> Response:
    view = await run_in_threadpool(
        lambda: open_worker(svc.uow(), auth.actor, participant_id, now=svc.clock.now())
    )
    locale = locale_of(request, auth)
    identity = view.participant.identity
    now_values = {
        **{k: v or "" for k, v in view.participant.profile.as_dict().items()},
        "nik": "",  # never shown in full: the correction form asks for the new one
        "full_name": identity.full_name,
        "birth_place": identity.birth_place,
        "birth_date": identity.birth_date.isoformat(),
    }
    return render_employer(
        request,
        "employer/worker.html",
        auth,
        view=view,
        now_values=now_values,
        choices={
            name: choice_options(FIELD_CHOICES[name], locale)
            for name in rules.EMPLOYER_FIELDS
            if name in FIELD_CHOICES
        },
        fields=rules.EMPLOYER_FIELDS,
        route_labels=ROUTE_LABELS,
        field_labels=FIELD_LABELS,
        open_request=view.open_request,
        errors=errors or {},
        values=values or {},
        form=form,
        done=done,
        status_code=status_code,
    )


@router.get("/pekerja/{participant_id}")
async def worker_page(
    request: Request, auth: EmployerDep, svc: ServicesDep, participant_id: UUID, selesai: str = ""
) -> Response:
    return await _worker_page(request, auth, svc, participant_id, done=selesai[:20])


@router.post("/pekerja/{participant_id}/koreksi")
async def correct_submit(
    request: Request, auth: EmployerDep, svc: ServicesDep, participant_id: UUID
) -> Response:
    form = await read_form(request, auth)
    values = {k: form.get(k, "") for k in rules.EMPLOYER_FIELDS}
    try:
        outcome = await run_in_threadpool(
            lambda: correct_worker(
                svc.uow(),
                auth.actor,
                participant_id,
                values,
                tools=_tools(svc),
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        return await _worker_page(
            request,
            auth,
            svc,
            participant_id,
            errors=field_messages(exc, locale_of(request, auth)),
            values=values,
            form="koreksi",
            status_code=422,
        )
    done = "antrean" if outcome.queued else "koreksi"
    return RedirectResponse(f"/perusahaan/pekerja/{participant_id}?selesai={done}", 303)


@router.post("/pekerja/{participant_id}/berhenti")
async def resign_submit(
    request: Request, auth: EmployerDep, svc: ServicesDep, participant_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await run_in_threadpool(
            lambda: resign_worker(
                svc.uow(),
                auth.actor,
                participant_id,
                end_date=form.get("end_date", ""),
                notices=svc.notices,
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        return await _worker_page(
            request,
            auth,
            svc,
            participant_id,
            errors=field_messages(exc, locale_of(request, auth)),
            values={"end_date": form.get("end_date", "")},
            form="berhenti",
            status_code=422,
        )
    return RedirectResponse(f"/perusahaan/pekerja/{participant_id}?selesai=berhenti", 303)


@router.post("/pekerja/{participant_id}/surat")
async def letter_submit(
    request: Request, auth: EmployerDep, svc: ServicesDep, participant_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await run_in_threadpool(
            lambda: letter_for_worker_request(
                svc.uow(),
                auth.actor,
                participant_id,
                form,
                regions=svc.regions,
                tokens=svc.card_tokens,
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        return await _worker_page(
            request,
            auth,
            svc,
            participant_id,
            errors=field_messages(exc, locale_of(request, auth)),
            values=dict(form),
            form="surat",
            status_code=422,
        )
    return RedirectResponse(f"/perusahaan/pekerja/{participant_id}?selesai=surat", 303)


async def _company(auth: Authenticated, svc: Services, action: Action) -> None:
    """The page needs this right over the HR person's own company (else 403)."""
    await run_in_threadpool(own_company, svc.uow(), auth.actor, action)


@router.get("/pekerja-baru")
async def new_worker_page(request: Request, auth: EmployerDep, svc: ServicesDep) -> Response:
    await _company(auth, svc, Action.EMPLOYER_REGISTER)
    return render_employer(
        request, "employer/new_worker.html", auth, fields=NEW_WORKER_FIELDS, values={}, errors={}
    )


@router.post("/pekerja-baru")
async def new_worker_submit(request: Request, auth: EmployerDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    try:
        participant = await run_in_threadpool(
            lambda: register_worker(
                svc.uow(),
                auth.actor,
                form,
                regions=svc.regions,
                notices=svc.notices,
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        return render_employer(
            request,
            "employer/new_worker.html",
            auth,
            fields=NEW_WORKER_FIELDS,
            values={k: form.get(k, "") for k in NEW_WORKER_FIELDS},
            errors=field_messages(exc, locale_of(request, auth)),
            status_code=422,
        )
    return RedirectResponse(f"/perusahaan/pekerja/{participant.id}?selesai=baru", 303)


@router.get("/koreksi-massal")
async def upload_page(request: Request, auth: EmployerDep, svc: ServicesDep) -> Response:
    await _company(auth, svc, Action.EMPLOYER_CORRECT)
    return render_employer(request, "employer/upload.html", auth, outcome=None, errors={})


@router.get("/koreksi-massal/templat.csv")
async def template_download(auth: EmployerDep, svc: ServicesDep) -> Response:
    await _company(auth, svc, Action.EMPLOYER_CORRECT)
    return file_download(
        rules.template_csv().encode(), content_type="text/csv", filename="templat-koreksi-data.csv"
    )


def _report(outcome: Outcome, locale: str) -> tuple[list[str], str]:
    """The messages of the row errors, and the report as a data: link (the page is the
    only copy of the report: nothing of a rejected file is kept)."""
    messages = [error_message(locale, e.code, e.params) for e in outcome.errors]
    text = rules.report_csv(outcome.errors, messages)
    link = "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode()).decode()
    return messages, link


@router.post("/koreksi-massal")
@accepts_upload(UploadKind.EMPLOYER_FILE)
async def upload_submit(request: Request, auth: EmployerDep, svc: ServicesDep) -> Response:
    form = await request.form(max_files=2, max_fields=5, max_part_size=rules.MAX_FILE_BYTES + 1024)
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    locale = locale_of(request, auth)
    item = form.get("file")
    content = await item.read(rules.MAX_FILE_BYTES + 1) if isinstance(item, UploadFile) else b""
    try:
        if not content:
            raise ValidationFailed([FieldError("file", "field.required")])
        outcome = await run_in_threadpool(
            lambda: upload_corrections(
                svc.uow(), auth.actor, content, tools=_tools(svc), now=svc.clock.now()
            )
        )
    except ValidationFailed as exc:
        return render_employer(
            request,
            "employer/upload.html",
            auth,
            outcome=None,
            errors=field_messages(exc, locale),
            status_code=422,
        )
    messages, link = _report(outcome, locale)
    return render_employer(
        request,
        "employer/upload.html",
        auth,
        outcome=outcome,
        messages=messages,
        report_link=link,
        field_labels={k: translate(locale, v) for k, v in FIELD_LABELS.items()},
        errors={},
        status_code=422 if outcome.errors else 200,
    )
