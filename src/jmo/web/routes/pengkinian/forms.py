"""Steps 7, 8 and 9: the contact, population and additional data forms. One way to show and
save them; what was typed stays on the page after an error, and every error stays inside
its step (issue 9 item 1). The code a new phone or email gets is ``contact_code``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts, ValidationFailed
from jmo.domain.pengkinian.forms import STEP_FIELDS
from jmo.domain.pengkinian.policy import FIELD_POLICY
from jmo.domain.pengkinian.steps import Step
from jmo.edge import status_for
from jmo.i18n import error_message
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.pengkinian.flow import save_step
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.usecases.services import Services
from jmo.web import labels
from jmo.web.deps import AuthDep, CallsDep, PageCalls, locale_of, read_form, render
from jmo.web.errors import field_messages, message
from jmo.web.routes.pengkinian.wizard import (
    PREFIX,
    RESUME_PATH,
    STEP_PATHS,
    VERIFY_PATH,
    current_view,
    guard,
    redirect,
)

router = APIRouter(prefix=PREFIX)

FORM_TEMPLATES = {
    Step.CONTACT: "pengkinian/contact.html",
    Step.POPULATION: "pengkinian/population.html",
    Step.ADDITIONAL: "pengkinian/additional.html",
}


def _form_context(svc: Services, step: Step, locale: str, values: dict[str, str]) -> dict[str, Any]:
    if step is Step.CONTACT:
        # the waits the field policy puts on money after a change, said before it is made
        return {
            "banks": labels.bank_options(),
            "hold_days": svc.policy.bank_cooling_off_days,
            "contact_hold_days": svc.benefits.contact_cooling_off_days,
        }
    if step is Step.POPULATION:
        return {
            "genders": labels.choice_options("genders", locale),
            "family_relationships": labels.choice_options("family_relationships", locale),
            "marital_statuses": labels.choice_options("marital_statuses", locale),
            "citizenships": labels.choice_options("citizenships", locale),
            **labels.region_options(svc.regions, values),
        }
    return {
        "educations": labels.choice_options("educations", locale),
        "blood_types": labels.choice_options("blood_types", locale),
        "religions": labels.choice_options("religions", locale),
        "emergency_relationships": labels.choice_options("emergency_relationships", locale),
    }


def _form_page(
    request: Request,
    calls: PageCalls,
    step: Step,
    view: PengkinianView,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    auth = calls.authenticated
    locale = locale_of(request, auth)
    svc = calls.services
    shown = view.forms.get(step.value, {})
    locked = {
        name: {
            "value": shown.get(name, ""),
            "text": labels.display_value(name, shown.get(name), svc.regions, locale),
            "reason": error_message(locale, FIELD_POLICY[name].reason or "", {}),
        }
        for name in view.locked_fields
        if name in STEP_FIELDS[step]
    }
    return render(
        request,
        FORM_TEMPLATES[step],
        auth,
        view=view,
        values=values,
        errors=errors,
        locked=locked,
        message=message,
        draft_version=view.draft.version if view.draft else "",
        status_code=status_code,
        **_form_context(svc, step, locale, values),
    )


async def _form_get(request: Request, calls: PageCalls, step: Step) -> Response:
    view = await guard(calls, step)
    if isinstance(view, Response):
        return view
    return _form_page(request, calls, step, view, view.forms.get(step.value, {}), {})


async def _typed_again(
    request: Request, calls: PageCalls, step: Step, typed: dict[str, str]
) -> Response:
    """The form again with what was typed, the address lists under what was just chosen."""
    view = await current_view(calls)
    return _form_page(request, calls, step, view, labels.reset_stale_regions(typed), {})


async def _form_post(
    request: Request, auth: Authenticated, calls: PageCalls, step: Step
) -> Response:
    form = await read_form(request, auth)
    svc = calls.services
    locale = locale_of(request, auth)
    typed = {name: form.get(name, "") for name in STEP_FIELDS[step]}
    if form.get("_action") == "refresh":  # no-JavaScript region cascade: just re-render
        return await _typed_again(request, calls, step, typed)
    expected = form.get("draft_version", "")
    try:
        view = await calls.run(
            save_step,
            step,
            typed,
            regions=svc.regions,
            notices=svc.notices,
            now=svc.clock.now(),
            expected_version=int(expected) if expected.isdigit() else None,
        )
    except PermissionDenied:
        return redirect(RESUME_PATH)
    except DomainError as exc:  # stays on this step, what was typed kept, never a dead end
        errors: dict[str, str] = {}
        notice: str | None = None
        if isinstance(exc, ValidationFailed):
            errors = field_messages(exc, locale)
        elif isinstance(exc, TooManyAttempts):  # no code can be sent now: said by the field
            # The code limits name the code field ("phone_code"); this form has the number.
            errors = {k.removesuffix("_code"): v for k, v in field_messages(exc, locale).items()}
        else:  # a conflict (the draft changed elsewhere) or any other rule: one notice
            notice = message(exc, locale)
        view = await current_view(calls)
        return _form_page(request, calls, step, view, typed, errors, status_for(exc), notice)
    if view.pending_checks:
        return redirect(VERIFY_PATH)
    return redirect(STEP_PATHS[step.next])


@router.get("/kontak")
async def contact_page(request: Request, calls: CallsDep) -> Response:
    return await _form_get(request, calls, Step.CONTACT)


@router.post("/kontak")
async def contact_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    return await _form_post(request, auth, calls, Step.CONTACT)


@router.get("/kependudukan")
async def population_page(request: Request, calls: CallsDep) -> Response:
    return await _form_get(request, calls, Step.POPULATION)


@router.post("/kependudukan")
async def population_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    return await _form_post(request, auth, calls, Step.POPULATION)


@router.post("/kependudukan/wilayah")
async def population_regions(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    """HTMX: the address selects again, with the lists under what was just chosen."""
    form = await read_form(request, auth)
    typed = {name: form.get(name, "") for name in STEP_FIELDS[Step.POPULATION]}
    return await _typed_again(request, calls, Step.POPULATION, typed)


@router.get("/tambahan")
async def additional_page(request: Request, calls: CallsDep) -> Response:
    return await _form_get(request, calls, Step.ADDITIONAL)


@router.post("/tambahan")
async def additional_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    return await _form_post(request, auth, calls, Step.ADDITIONAL)
