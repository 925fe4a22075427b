"""Steps 5-11 of Pengkinian Data as pages. Every rule is in the use cases; these routes only
turn form posts into calls and results into pages (and keep what was typed on errors)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
from jmo.domain.pengkinian.change_request import IDENTITY_FIELDS
from jmo.domain.pengkinian.forms import STEP_FIELDS
from jmo.domain.pengkinian.policy import (
    FIELD_POLICY,
    REPORTABLE,
    documents_for,
    hold_of,
)
from jmo.domain.pengkinian.steps import Step
from jmo.domain.risk import changes_bank_account
from jmo.edge import status_for
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import tries_left_text
from jmo.i18n import error_message, translate
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.face_check import FaceStatus, face_status
from jmo.usecases.pengkinian.contact_check import resend_contact_code, verify_contact
from jmo.usecases.pengkinian.flow import (
    confirm_identity,
    get_pengkinian,
    save_step,
    start_pengkinian,
)
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.pengkinian.preview import preview_submission
from jmo.usecases.pengkinian.selfie import (
    start_liveness,
    verify_liveness_burst,
    verify_selfie,
)
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.usecases.pengkinian.ways_forward import ways_forward_of
from jmo.web import labels, way_forward
from jmo.web.deps import locale_of, read_form, render, require_login, services
from jmo.web.errors import field_messages, message
from jmo.web.face_forms import answer_challenge, read_burst_form, read_photo_form

router = APIRouter(prefix="/pengkinian")

STEP_PATHS: dict[Step, str] = {
    Step.IDENTITY: "/pengkinian/identitas",
    Step.BIOMETRIC: "/pengkinian/biometrik",
    Step.CONTACT: "/pengkinian/kontak",
    Step.POPULATION: "/pengkinian/kependudukan",
    Step.ADDITIONAL: "/pengkinian/tambahan",
    Step.CONFIRM: "/pengkinian/konfirmasi",
    Step.DONE: "/beranda?selesai=1",
}
FORM_TEMPLATES = {
    Step.CONTACT: "pengkinian/contact.html",
    Step.POPULATION: "pengkinian/population.html",
    Step.ADDITIONAL: "pengkinian/additional.html",
}


VERIFY_PATH = "/pengkinian/kontak/verifikasi"


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _step_path(view: PengkinianView) -> str:
    """Where the person carries on: the code page while a code sent at step 7 waits
    (issue 9 item 1: never the form again, which would send another code)."""
    if view.step is Step.CONTACT and view.pending_checks:
        return VERIFY_PATH
    return STEP_PATHS[view.step]


async def _view(request: Request, auth: Authenticated) -> PengkinianView:
    svc = services(request)
    return await run_in_threadpool(get_pengkinian, svc.uow(), auth.actor, now=svc.clock.now())


async def _guard(request: Request, auth: Authenticated, step: Step) -> PengkinianView | Response:
    """The page for ``step`` if the person may open it, else a redirect to where they are."""
    view = await _view(request, auth)
    if view.draft is None:
        return _redirect("/beranda?prompt=pengkinian")
    if not step <= view.step:  # not reached, or past a selfie pass that has expired
        return _redirect(_step_path(view))
    return view


@router.get("")
async def resume(request: Request) -> Response:
    auth = await require_login(request)
    view = await _view(request, auth)
    if view.draft is None:
        return _redirect("/beranda?prompt=pengkinian")
    return _redirect(_step_path(view))


@router.post("/mulai")
async def start(request: Request) -> Response:
    """ "OK, Lanjutkan" on the pop-up: open (or resume) the draft at its step."""
    auth = await require_login(request)
    await read_form(request, auth)
    svc = services(request)
    view = await run_in_threadpool(start_pengkinian, svc.uow(), auth.actor, now=svc.clock.now())
    return _redirect(_step_path(view))


# --- step 5: identity -------------------------------------------------------------------


@router.get("/identitas")
async def identity_page(request: Request) -> Response:
    auth = await require_login(request)
    view = await _guard(request, auth, Step.IDENTITY)
    if isinstance(view, Response):
        return view
    ways = await _ways(request, auth, view)
    return render(request, "pengkinian/identity.html", auth, view=view, ways=ways)


@router.post("/identitas")
async def identity_confirm(request: Request) -> Response:
    auth = await require_login(request)
    await read_form(request, auth)
    svc = services(request)
    try:
        view = await run_in_threadpool(confirm_identity, svc.uow(), auth.actor, now=svc.clock.now())
    except PermissionDenied:
        return _redirect("/pengkinian")
    return _redirect(STEP_PATHS[view.step])


def _documents(view: PengkinianView, locale: str) -> list[str]:
    docs = (
        view.open_identity_request.documents_required
        if view.open_identity_request
        else documents_for(IDENTITY_FIELDS, currently_employed=view.currently_employed)
    )
    return [translate(locale, labels.DOCUMENTS[d.value]) for d in docs]


async def _ways(
    request: Request, auth: Authenticated, view: PengkinianView
) -> list[dict[str, str]]:
    """What blocks this person's data update and the way forward (appointment, help)."""
    svc = services(request)
    found = await run_in_threadpool(
        lambda: ways_forward_of(svc.uow(), auth.actor, view, policy=svc.policy, now=svc.clock.now())
    )
    return way_forward.boxes(found, locale_of(request, auth))


def _identity_fields(locale: str) -> list[tuple[str, str]]:
    return [(name, translate(locale, labels.FIELDS[name])) for name in REPORTABLE]


@router.get("/identitas/koreksi")
async def identity_report_page(request: Request) -> Response:
    auth = await require_login(request)
    view = await _view(request, auth)
    locale = locale_of(request, auth)
    # "Ajukan perubahan ke petugas" beside a read-only field comes with that field ticked;
    # a field the open request lacks shows the form again (it joins that request)
    asked = request.query_params.get("field", "")
    done = view.open_identity_request
    if done is not None and asked in REPORTABLE and asked not in done.reported_fields:
        done = None
    return render(
        request,
        "pengkinian/identity_report.html",
        auth,
        view=view,
        values={f"field_{asked}": "1"} if asked in REPORTABLE else {},
        errors={},
        documents=_documents(view, locale),
        identity_fields=_identity_fields(locale),
        request_done=done,
        ways=await _ways(request, auth, view) if done else [],
    )


@router.post("/identitas/koreksi")
async def identity_report_submit(request: Request) -> Response:
    auth = await require_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    locale = locale_of(request, auth)
    fields = [name for name in REPORTABLE if form.get(f"field_{name}")]
    try:
        done = await run_in_threadpool(
            report_identity_error,
            svc.uow(),
            auth.actor,
            fields=fields,
            note=form.get("note", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        view = await _view(request, auth)
        return render(
            request,
            "pengkinian/identity_report.html",
            auth,
            view=view,
            values=form,
            errors=field_messages(exc, locale),
            documents=_documents(view, locale),
            identity_fields=_identity_fields(locale),
            request_done=None,
            ways=[],
            status_code=422,
        )
    view = await _view(request, auth)
    return render(
        request,
        "pengkinian/identity_report.html",
        auth,
        view=view,
        values={},
        errors={},
        documents=_documents(view, locale),
        identity_fields=_identity_fields(locale),
        request_done=done,
        ways=await _ways(request, auth, view) if done else [],
    )


# --- step 6: biometric ------------------------------------------------------------------


def _attempt_messages(
    view: PengkinianView, status: FaceStatus, hours: int, locale: str
) -> tuple[str | None, list[str]]:
    """The headline and the advice for the latest attempt, in the person's language: the
    decision and what to do, never a score."""
    attempt = view.last_attempt
    if attempt is None:
        return None, []
    if attempt.review_pending_elsewhere:
        code = "face.review_pending"
    else:
        code = attempt.error_code or f"face.{attempt.decision}"
    headline = error_message(locale, code, {})
    advice = []
    for check in attempt.checks:
        check_code = check.get("code")
        if not check.get("passed") and check_code:
            text = error_message(locale, check_code, {})
            if text != headline and text not in advice:
                advice.append(text)
    tries = tries_left_text(locale, attempt.decision, status.tries_left, hours)
    if tries:
        advice.append(tries)
    return headline, advice


async def _biometric_page(
    request: Request,
    auth: Authenticated,
    view: PengkinianView,
    status_code: int = 200,
    **context: Any,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    passed = view.draft is not None and Step.BIOMETRIC.value in view.draft.completed
    status = await run_in_threadpool(
        face_status, svc.uow(), auth.actor, policy=svc.policy, now=svc.clock.now()
    )
    headline, advice = _attempt_messages(view, status, svc.policy.face_attempt_window_hours, locale)
    if status.refusal is not None and not passed:
        # The tries are used up: say so now, not after one more upload.
        context.setdefault("locked", message(status.refusal, locale))
    ways = await run_in_threadpool(
        lambda: ways_forward_of(
            svc.uow(), auth.actor, view, policy=svc.policy, now=svc.clock.now(), status=status
        )
    )
    return render(
        request,
        "pengkinian/biometric.html",
        auth,
        view=view,
        passed=passed,
        attempt=view.last_attempt,
        attempt_message=headline,
        attempt_advice=advice,
        still_allowed=svc.policy.face_still_photo_allowed,
        max_mb=svc.policy.max_upload_bytes // (1024 * 1024),
        ways=way_forward.boxes(ways, locale),
        status_code=status_code,
        **context,
    )


@router.get("/biometrik")
async def biometric_page(request: Request) -> Response:
    auth = await require_login(request)
    view = await _guard(request, auth, Step.BIOMETRIC)
    if isinstance(view, Response):
        return view
    return await _biometric_page(request, auth, view)


async def _biometric_error(request: Request, auth: Authenticated, exc: DomainError) -> Response:
    view = await _view(request, auth)
    locale = locale_of(request, auth)
    if isinstance(exc, TooManyAttempts):
        return await _biometric_page(
            request, auth, view, status_code=429, locked=message(exc, locale)
        )
    if exc.code == "biometric.no_reference":
        return await _biometric_page(request, auth, view, status_code=403)
    if isinstance(exc, PermissionDenied) and exc.code.startswith("pengkinian."):
        return _redirect("/pengkinian")
    return await _biometric_page(request, auth, view, status_code=422, message=message(exc, locale))


@router.post("/biometrik/tantangan")
async def liveness_challenge(request: Request) -> Response:
    """JSON for the camera script: the challenge to show while recording the burst."""
    auth = await require_login(request)
    svc = services(request)
    return await answer_challenge(
        request,
        auth.session.csrf_token,
        locale_of(request, auth),
        lambda: start_liveness(
            svc.uow(), auth.actor, svc.faces, rng=svc.rng, policy=svc.policy, now=svc.clock.now()
        ),
    )


@router.post("/biometrik/burst")
@accepts_upload(UploadKind.BURST)
async def liveness_burst(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    try:
        burst = await read_burst_form(request, svc.policy, auth.session.csrf_token)
        await run_in_threadpool(
            verify_liveness_burst,
            svc.uow(),
            auth.actor,
            svc.faces,
            burst.frames,
            nonce=burst.nonce,
            frame_times_ms=burst.frame_times_ms,
            frame_registry=svc.frames,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _biometric_error(request, auth, exc)
    return _redirect("/pengkinian/biometrik")


@router.post("/biometrik")
@accepts_upload(UploadKind.SELFIE)
async def biometric_submit(request: Request) -> Response:
    """A single uploaded photo (where configuration allows it: demo and tests)."""
    auth = await require_login(request)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        image = await read_photo_form(request, svc.policy, auth.session.csrf_token)
    except ValidationFailed as exc:
        view = await _view(request, auth)
        error = exc.errors[0]
        return await _biometric_page(
            request,
            auth,
            view,
            status_code=413 if error.code == "image.too_large" else 422,
            message=error_message(locale, error.code, error.params),
        )
    try:
        await run_in_threadpool(
            verify_selfie,
            svc.uow(),
            auth.actor,
            svc.faces,
            image,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _biometric_error(request, auth, exc)
    return _redirect("/pengkinian/biometrik")


# --- steps 7, 8, 9: forms ---------------------------------------------------------------


def _form_context(
    request: Request, step: Step, locale: str, values: dict[str, str]
) -> dict[str, Any]:
    svc = services(request)
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
    auth: Authenticated,
    step: Step,
    view: PengkinianView,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    message: str | None = None,
) -> Response:
    locale = locale_of(request, auth)
    svc = services(request)
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
        **_form_context(request, step, locale, values),
    )


async def _form_get(request: Request, step: Step) -> Response:
    auth = await require_login(request)
    view = await _guard(request, auth, step)
    if isinstance(view, Response):
        return view
    return _form_page(request, auth, step, view, view.forms.get(step.value, {}), {})


async def _form_post(request: Request, step: Step) -> Response:
    auth = await require_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    locale = locale_of(request, auth)
    typed = {name: form.get(name, "") for name in STEP_FIELDS[step]}
    if form.get("_action") == "refresh":  # no-JavaScript region cascade: just re-render
        view = await _view(request, auth)
        return _form_page(request, auth, step, view, labels.reset_stale_regions(typed), {})
    expected = form.get("draft_version", "")
    try:
        view = await run_in_threadpool(
            save_step,
            svc.uow(),
            auth.actor,
            step,
            typed,
            regions=svc.regions,
            notices=svc.notices,
            now=svc.clock.now(),
            expected_version=int(expected) if expected.isdigit() else None,
        )
    except ValidationFailed as exc:
        view = await _view(request, auth)
        return _form_page(
            request, auth, step, view, typed, field_messages(exc, locale), status_code=422
        )
    except Conflict as exc:
        view = await _view(request, auth)
        return _form_page(
            request, auth, step, view, typed, {}, status_code=409, message=message(exc, locale)
        )
    except TooManyAttempts as exc:  # no code can be sent now: said beside the phone or email
        view = await _view(request, auth)
        # The code limits name the code field ("phone_code"); this form has the number.
        errors = {k.removesuffix("_code"): v for k, v in field_messages(exc, locale).items()}
        return _form_page(request, auth, step, view, typed, errors, status_code=429)
    except PermissionDenied:
        return _redirect("/pengkinian")
    except DomainError as exc:  # anything else stays on this step, never a dead-end page
        view = await _view(request, auth)
        return _form_page(
            request,
            auth,
            step,
            view,
            typed,
            {},
            status_code=status_for(exc),
            message=message(exc, locale),
        )
    if view.pending_checks:
        return _redirect(VERIFY_PATH)
    return _redirect(STEP_PATHS[step.next])


@router.get("/kontak")
async def contact_page(request: Request) -> Response:
    return await _form_get(request, Step.CONTACT)


@router.post("/kontak")
async def contact_submit(request: Request) -> Response:
    return await _form_post(request, Step.CONTACT)


def _verify_page(
    request: Request,
    auth: Authenticated,
    view: PengkinianView,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    message_text: str | None = None,
) -> Response:
    return render(
        request,
        "pengkinian/contact_verify.html",
        auth,
        view=view,
        checks=view.pending_checks,
        errors=errors or {},
        message=message_text,
        status_code=status_code,
    )


@router.get("/kontak/verifikasi")
async def contact_verify_page(request: Request) -> Response:
    auth = await require_login(request)
    view = await _guard(request, auth, Step.CONTACT)
    if isinstance(view, Response):
        return view
    if not view.pending_checks:
        return _redirect(STEP_PATHS[view.step])
    return _verify_page(request, auth, view)


@router.post("/kontak/verifikasi")
async def contact_verify_submit(request: Request) -> Response:
    auth = await require_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        view = await run_in_threadpool(
            verify_contact,
            svc.uow(),
            auth.actor,
            {k: v for k, v in form.items() if k.endswith("_code")},
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        view = await _view(request, auth)
        return _verify_page(
            request, auth, view, status_code=422, errors=field_messages(exc, locale)
        )
    except PermissionDenied:
        return _redirect("/pengkinian")
    except DomainError as exc:
        view = await _view(request, auth)
        return _verify_page(
            request, auth, view, status_code=status_for(exc), message_text=message(exc, locale)
        )
    return _redirect(STEP_PATHS[view.step])


@router.post("/kontak/kirim-ulang/{channel}")
async def contact_code_resend(request: Request, channel: str) -> Response:
    auth = await require_login(request)
    await read_form(request, auth)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        view = await run_in_threadpool(
            resend_contact_code,
            svc.uow(),
            auth.actor,
            channel,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except TooManyAttempts as exc:
        view = await _view(request, auth)
        return _verify_page(request, auth, view, status_code=429, message_text=message(exc, locale))
    except PermissionDenied:
        return _redirect("/pengkinian")
    return _verify_page(request, auth, view, message_text=None)


@router.get("/kependudukan")
async def population_page(request: Request) -> Response:
    return await _form_get(request, Step.POPULATION)


@router.post("/kependudukan")
async def population_submit(request: Request) -> Response:
    return await _form_post(request, Step.POPULATION)


@router.post("/kependudukan/wilayah")
async def population_regions(request: Request) -> Response:
    """HTMX: the address selects again, with the lists under what was just chosen."""
    auth = await require_login(request)
    form = await read_form(request, auth)
    typed = {name: form.get(name, "") for name in STEP_FIELDS[Step.POPULATION]}
    view = await _view(request, auth)
    return _form_page(request, auth, Step.POPULATION, view, labels.reset_stale_regions(typed), {})


@router.get("/tambahan")
async def additional_page(request: Request) -> Response:
    return await _form_get(request, Step.ADDITIONAL)


@router.post("/tambahan")
async def additional_submit(request: Request) -> Response:
    return await _form_post(request, Step.ADDITIONAL)


# --- step 10: confirmation; step 11: success --------------------------------------------


async def _confirm_page(
    request: Request,
    auth: Authenticated,
    *,
    errors: dict[str, str] | None = None,
    message_text: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    view = await _guard(request, auth, Step.CONFIRM)
    if isinstance(view, Response):
        return view
    try:
        preview = await run_in_threadpool(
            preview_submission, svc.uow(), auth.actor, regions=svc.regions, now=svc.clock.now()
        )
    except ValidationFailed:
        return _redirect(STEP_PATHS[Step.CONTACT])
    changed = [c.field for c in preview.changes]
    return render(
        request,
        "pengkinian/confirm.html",
        auth,
        view=view,
        status_code=status_code,
        summary={
            "npwp": labels.display_value("npwp", preview.values.get("npwp"), svc.regions, locale),
            "phone": labels.display_value(
                "phone", preview.values.get("phone"), svc.regions, locale
            ),
        },
        changes=[
            {
                "label": translate(locale, labels.FIELDS.get(c.field, c.field)),
                "old": labels.display_value(c.field, c.old, svc.regions, locale),
                "new": labels.display_value(c.field, c.new, svc.regions, locale),
            }
            for c in preview.changes
        ],
        # the hold a new bank account, phone or email starts (the field policy), said
        # before it is confirmed (issue 9 item 2)
        money_hold_until=svc.clock.now() + hold
        if (
            hold := hold_of(
                changed,
                bank_days=svc.policy.bank_cooling_off_days,
                contact_days=svc.benefits.contact_cooling_off_days,
            )
        )
        else None,
        money_hold_reason="bank" if changes_bank_account(changed) else "contact",
        terms_version=svc.policy.terms_version,
        idempotency_key=uuid.uuid4().hex,
        errors=errors or {},
        message=message_text,
    )


@router.get("/konfirmasi")
async def confirm_page(request: Request) -> Response:
    auth = await require_login(request)
    return await _confirm_page(request, auth)


@router.post("/konfirmasi")
async def confirm_submit(request: Request) -> Response:
    auth = await require_login(request)
    form = await read_form(request, auth)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        await run_in_threadpool(
            submit_pengkinian,
            svc.uow(),
            auth.actor,
            terms_accepted=form.get("terms") == "1",
            terms_version=form.get("terms_version", ""),
            regions=svc.regions,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
            idempotency_key=form.get("idempotency_key") or None,
        )
    except ValidationFailed as exc:
        return await _confirm_page(
            request, auth, errors=field_messages(exc, locale), status_code=422
        )
    except PermissionDenied as exc:
        if exc.code == "pengkinian.biometric_expired":
            return _redirect(STEP_PATHS[Step.BIOMETRIC])
        if exc.code == "pengkinian.contact_unverified":
            return _redirect(STEP_PATHS[Step.CONTACT])
        return _redirect("/pengkinian")
    except DomainError as exc:  # conflicts: data changed elsewhere, terms changed
        return await _confirm_page(
            request, auth, message_text=message(exc, locale), status_code=409
        )
    return _redirect(STEP_PATHS[Step.DONE])
