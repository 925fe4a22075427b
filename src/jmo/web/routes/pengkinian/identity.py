"""Step 5: the identity on file, confirmed ("Sudah") or reported wrong to an officer (a
change request waiting for documents; a field asked later joins the open request)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.domain.pengkinian.change_request import IDENTITY_FIELDS, ChangeRequest
from jmo.domain.pengkinian.policy import REPORTABLE, documents_for
from jmo.domain.pengkinian.steps import Step
from jmo.i18n import translate
from jmo.usecases.pengkinian.flow import confirm_identity
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.web import labels
from jmo.web.deps import AuthDep, CallsDep, PageCalls, locale_of, read_form, render
from jmo.web.errors import field_messages
from jmo.web.routes.pengkinian.wizard import (
    PREFIX,
    RESUME_PATH,
    STEP_PATHS,
    current_view,
    guard,
    redirect,
    ways,
)

router = APIRouter(prefix=PREFIX)


@router.get("/identitas")
async def identity_page(request: Request, calls: CallsDep) -> Response:
    view = await guard(calls, Step.IDENTITY)
    if isinstance(view, Response):
        return view
    found = await ways(request, calls, view)
    return render(request, "pengkinian/identity.html", calls.authenticated, view=view, ways=found)


@router.post("/identitas")
async def identity_confirm(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    await read_form(request, auth)
    try:
        view = await calls.run(confirm_identity, now=calls.services.clock.now())
    except PermissionDenied:
        return redirect(RESUME_PATH)
    return redirect(STEP_PATHS[view.step])


def _documents(view: PengkinianView, locale: str) -> list[str]:
    docs = (
        view.open_identity_request.documents_required
        if view.open_identity_request
        else documents_for(IDENTITY_FIELDS, currently_employed=view.currently_employed)
    )
    return [translate(locale, labels.DOCUMENTS[d.value]) for d in docs]


async def _report_page(
    request: Request,
    calls: PageCalls,
    view: PengkinianView,
    *,
    done: ChangeRequest | None,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The report form, or what the request ``done`` now waits for (with the ways forward)."""
    auth = calls.authenticated
    locale = locale_of(request, auth)
    context: dict[str, Any] = {
        "documents": _documents(view, locale),
        "identity_fields": [(name, translate(locale, labels.FIELDS[name])) for name in REPORTABLE],
        "ways": await ways(request, calls, view) if done else [],
    }
    return render(
        request,
        "pengkinian/identity_report.html",
        auth,
        view=view,
        values=values,
        errors=errors or {},
        request_done=done,
        status_code=status_code,
        **context,
    )


@router.get("/identitas/koreksi")
async def identity_report_page(request: Request, calls: CallsDep, field: str = "") -> Response:
    # "Ajukan perubahan ke petugas" beside a read-only field comes with that field ticked;
    # a field the open request lacks shows the form again (it joins that request)
    view = await current_view(calls)
    done = view.open_identity_request
    if done is not None and field in REPORTABLE and field not in done.reported_fields:
        done = None
    ticked = {f"field_{field}": "1"} if field in REPORTABLE else {}
    return await _report_page(request, calls, view, done=done, values=ticked)


@router.post("/identitas/koreksi")
async def identity_report_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    form = await read_form(request, auth)
    svc = calls.services
    try:
        done = await calls.run(
            report_identity_error,
            fields=[name for name in REPORTABLE if form.get(f"field_{name}")],
            note=form.get("note", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        errors = field_messages(exc, locale_of(request, auth))
        view = await current_view(calls)
        return await _report_page(
            request, calls, view, done=None, values=form, errors=errors, status_code=422
        )
    return await _report_page(request, calls, await current_view(calls), done=done, values={})
