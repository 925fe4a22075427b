"""Step 6: the selfie. The camera burst with its liveness challenge, or a single photo where
configuration allows it; the page says the decision, what to do and the tries left."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts, ValidationFailed
from jmo.domain.pengkinian.steps import Step
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import tries_left_text
from jmo.i18n import error_message
from jmo.usecases.face_check import FaceStatus, face_status
from jmo.usecases.pengkinian.selfie import start_liveness, verify_liveness_burst, verify_selfie
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.web.deps import AuthDep, CallsDep, PageCalls, ServicesDep, locale_of, render
from jmo.web.errors import message
from jmo.web.face_forms import answer_challenge, read_burst_form, read_photo_form
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
PAGE = STEP_PATHS[Step.BIOMETRIC]


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
    calls: PageCalls,
    view: PengkinianView,
    status_code: int = 200,
    **context: Any,
) -> Response:
    svc = calls.services
    auth = calls.authenticated
    locale = locale_of(request, auth)
    passed = view.draft is not None and Step.BIOMETRIC.value in view.draft.completed
    status = await calls.run(face_status, policy=svc.policy, now=svc.clock.now())
    headline, advice = _attempt_messages(view, status, svc.policy.face_attempt_window_hours, locale)
    if status.refusal is not None and not passed:
        # The tries are used up: say so now, not after one more upload.
        context.setdefault("locked", message(status.refusal, locale))
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
        ways=await ways(request, calls, view, status),
        status_code=status_code,
        **context,
    )


@router.get("/biometrik")
async def biometric_page(request: Request, calls: CallsDep) -> Response:
    view = await guard(calls, Step.BIOMETRIC)
    if isinstance(view, Response):
        return view
    return await _biometric_page(request, calls, view)


async def _biometric_error(request: Request, calls: PageCalls, exc: DomainError) -> Response:
    view = await current_view(calls)
    locale = locale_of(request, calls.authenticated)
    if isinstance(exc, TooManyAttempts):
        return await _biometric_page(
            request, calls, view, status_code=429, locked=message(exc, locale)
        )
    if exc.code == "biometric.no_reference":
        return await _biometric_page(request, calls, view, status_code=403)
    if isinstance(exc, PermissionDenied) and exc.code.startswith("pengkinian."):
        return redirect(RESUME_PATH)
    return await _biometric_page(
        request, calls, view, status_code=422, message=message(exc, locale)
    )


@router.post("/biometrik/tantangan")
async def liveness_challenge(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    """JSON for the camera script: the challenge to show while recording the burst."""
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
async def liveness_burst(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    svc = calls.services
    try:
        burst = await read_burst_form(request, svc.policy, auth.session.csrf_token)
        await calls.run(
            verify_liveness_burst,
            svc.faces,
            burst.frames,
            nonce=burst.nonce,
            frame_times_ms=burst.frame_times_ms,
            frame_registry=svc.frames,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _biometric_error(request, calls, exc)
    return redirect(PAGE)


@router.post("/biometrik")
@accepts_upload(UploadKind.SELFIE)
async def biometric_submit(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    """A single uploaded photo (where configuration allows it: demo and tests)."""
    svc = calls.services
    try:
        image = await read_photo_form(request, svc.policy, auth.session.csrf_token)
    except ValidationFailed as exc:
        error = exc.errors[0]
        return await _biometric_page(
            request,
            calls,
            await current_view(calls),
            status_code=413 if error.code == "image.too_large" else 422,
            message=error_message(locale_of(request, auth), error.code, error.params),
        )
    try:
        await calls.run(verify_selfie, svc.faces, image, policy=svc.policy, now=svc.clock.now())
    except DomainError as exc:
        return await _biometric_error(request, calls, exc)
    return redirect(PAGE)
