"""Step 10: what changes, said before it is confirmed (with the wait a new bank account,
phone or email puts on money); "Konfirmasi" submits, and step 11 is the home page's
success notice."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import DomainError, PermissionDenied, ValidationFailed
from jmo.domain.pengkinian.policy import hold_of
from jmo.domain.pengkinian.steps import Step
from jmo.domain.risk import changes_bank_account
from jmo.i18n import translate
from jmo.usecases.pengkinian.preview import preview_submission
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.web import labels
from jmo.web.deps import AuthDep, CallsDep, PageCalls, locale_of, read_form, render
from jmo.web.errors import field_messages, message
from jmo.web.routes.pengkinian.wizard import PREFIX, RESUME_PATH, STEP_PATHS, guard, redirect

router = APIRouter(prefix=PREFIX)

# where a refused submit sends the person back to (else to their step)
_BACK_TO = {
    "pengkinian.biometric_expired": STEP_PATHS[Step.BIOMETRIC],
    "pengkinian.contact_unverified": STEP_PATHS[Step.CONTACT],
}


async def _confirm_page(
    request: Request,
    calls: PageCalls,
    *,
    errors: dict[str, str] | None = None,
    message_text: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = calls.services
    view = await guard(calls, Step.CONFIRM)
    if isinstance(view, Response):
        return view
    auth = calls.authenticated
    locale = locale_of(request, auth)
    try:
        preview = await calls.run(preview_submission, regions=svc.regions, now=svc.clock.now())
    except ValidationFailed:
        return redirect(STEP_PATHS[Step.CONTACT])
    changed = [c.field for c in preview.changes]
    hold = hold_of(
        changed,
        bank_days=svc.policy.bank_cooling_off_days,
        contact_days=svc.benefits.contact_cooling_off_days,
    )

    def shown(field: str, value: str | None) -> str:
        return labels.display_value(field, value, svc.regions, locale)

    return render(
        request,
        "pengkinian/confirm.html",
        auth,
        view=view,
        status_code=status_code,
        summary={name: shown(name, preview.values.get(name)) for name in ("npwp", "phone")},
        changes=[
            {
                "label": translate(locale, labels.FIELDS.get(c.field, c.field)),
                "old": shown(c.field, c.old),
                "new": shown(c.field, c.new),
            }
            for c in preview.changes
        ],
        # the hold a new bank account, phone or email starts (the field policy), said
        # before it is confirmed (issue 9 item 2)
        money_hold_until=svc.clock.now() + hold if hold else None,
        money_hold_reason="bank" if changes_bank_account(changed) else "contact",
        terms_version=svc.policy.terms_version,
        idempotency_key=uuid.uuid4().hex,
        errors=errors or {},
        message=message_text,
    )


@router.get("/konfirmasi")
async def confirm_page(request: Request, calls: CallsDep) -> Response:
    return await _confirm_page(request, calls)


@router.post("/konfirmasi")
async def confirm_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    form = await read_form(request, auth)
    svc = calls.services
    locale = locale_of(request, auth)
    try:
        await calls.run(
            submit_pengkinian,
            terms_accepted=form.get("terms") == "1",
            terms_version=form.get("terms_version", ""),
            regions=svc.regions,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
            idempotency_key=form.get("idempotency_key") or None,
        )
    except ValidationFailed as exc:
        errors = field_messages(exc, locale)
        return await _confirm_page(request, calls, errors=errors, status_code=422)
    except PermissionDenied as exc:
        return redirect(_BACK_TO.get(exc.code, RESUME_PATH))
    except DomainError as exc:  # conflicts: data changed elsewhere, terms changed
        text = message(exc, locale)
        return await _confirm_page(request, calls, message_text=text, status_code=409)
    return redirect(STEP_PATHS[Step.DONE])
