"""Step 7's one-time codes: a new phone number or email is confirmed with the code sent to
it (SMS or email) before the data update goes on; a code may be sent again, within the
limits, and a refusal is said on this page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts, ValidationFailed
from jmo.domain.pengkinian.steps import Step
from jmo.edge import status_for
from jmo.usecases.pengkinian.contact_check import resend_contact_code, verify_contact
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.web.deps import AuthDep, CallsDep, PageCalls, locale_of, read_form, render
from jmo.web.errors import field_messages, message
from jmo.web.routes.pengkinian.wizard import (
    PREFIX,
    RESUME_PATH,
    STEP_PATHS,
    current_view,
    guard,
    redirect,
)

router = APIRouter(prefix=PREFIX)


def _verify_page(
    request: Request,
    calls: PageCalls,
    view: PengkinianView,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    message_text: str | None = None,
) -> Response:
    return render(
        request,
        "pengkinian/contact_verify.html",
        calls.authenticated,
        view=view,
        checks=view.pending_checks,
        errors=errors or {},
        message=message_text,
        status_code=status_code,
    )


@router.get("/kontak/verifikasi")
async def contact_verify_page(request: Request, calls: CallsDep) -> Response:
    view = await guard(calls, Step.CONTACT)
    if isinstance(view, Response):
        return view
    if not view.pending_checks:
        return redirect(STEP_PATHS[view.step])
    return _verify_page(request, calls, view)


@router.post("/kontak/verifikasi")
async def contact_verify_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    form = await read_form(request, auth)
    locale = locale_of(request, auth)
    codes = {k: v for k, v in form.items() if k.endswith("_code")}
    try:
        view = await calls.run(verify_contact, codes, now=calls.services.clock.now())
    except ValidationFailed as exc:
        errors = field_messages(exc, locale)
        return _verify_page(request, calls, await current_view(calls), 422, errors=errors)
    except PermissionDenied:
        return redirect(RESUME_PATH)
    except DomainError as exc:
        text = message(exc, locale)
        return _verify_page(
            request, calls, await current_view(calls), status_for(exc), message_text=text
        )
    return redirect(STEP_PATHS[view.step])


@router.post("/kontak/kirim-ulang/{channel}")
async def contact_code_resend(
    request: Request, channel: str, auth: AuthDep, calls: CallsDep
) -> Response:
    await read_form(request, auth)
    svc = calls.services
    try:
        view = await calls.run(
            resend_contact_code, channel, notices=svc.notices, now=svc.clock.now()
        )
    except TooManyAttempts as exc:
        text = message(exc, locale_of(request, auth))
        return _verify_page(request, calls, await current_view(calls), 429, message_text=text)
    except PermissionDenied:
        return redirect(RESUME_PATH)
    return _verify_page(request, calls, view)
