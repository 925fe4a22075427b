"""Pages without login to get an account: "Buat Akun Baru" (/daftar) and "Lupa akun"
(/lupa-akun), both linked from the login page. The same use cases as
/api/v1/registration and /api/v1/account-recovery; the flow token lives in an HttpOnly
cookie limited to the flow's path."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.accounts import Account
from jmo.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.onboarding import VALID_FOR, Onboarding, Purpose
from jmo.edge import status_for
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import face_message
from jmo.i18n import error_message
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.usecases.accounts.account_recovery import (
    FaceResult,
    complete_account_recovery,
    recovery_challenge,
    recovery_face_burst,
    recovery_face_status,
    recovery_face_still,
    start_account_recovery,
)
from jmo.usecases.accounts.onboarding import current, send_contact_codes, verify_contact_codes
from jmo.usecases.accounts.registration import (
    STARTED,
    complete_registration,
    start_registration,
)
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.services import Policy, Services
from jmo.web.deps import (
    PRE_CSRF_COOKIE,
    ServicesDep,
    client_of,
    locale_of,
    new_pre_csrf,
    read_form,
    render,
)
from jmo.web.errors import field_messages, message
from jmo.web.face_forms import answer_challenge, read_burst_form, read_photo_form

router = APIRouter()

# Where to find a branch office; Lupa akun's dead end books one at BRANCH_BOOKING.
BRANCH_INFO_URL = "https://www.bpjsketenagakerjaan.go.id/"
BRANCH_BOOKING = "/lupa-akun/janji-temu"
_BASE = {Purpose.REGISTER: "/daftar", Purpose.RECOVER: "/lupa-akun"}
_COOKIE = {Purpose.REGISTER: "jmo_daftar", Purpose.RECOVER: "jmo_lupa_akun"}
_IDENTITY_FIELDS = {
    Purpose.REGISTER: ("nik", "kpj", "full_name", "birth_date"),
    Purpose.RECOVER: ("kpj", "nik", "birth_date"),
}


def _page(
    request: Request, template: str, purpose: Purpose, status_code: int = 200, **context: Any
) -> Response:
    token = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    response = render(
        request,
        template,
        None,
        status_code=status_code,
        csrf_token=token,
        purpose=purpose.value,
        base=_BASE[purpose],
        branch_url=BRANCH_INFO_URL,
        branch_booking=BRANCH_BOOKING,
        errors=context.pop("errors", {}),
        values=context.pop("values", {}),
        **context,
    )
    response.set_cookie(
        PRE_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
    )
    return response


def _identity_page(
    request: Request, purpose: Purpose, status_code: int = 200, **context: Any
) -> Response:
    return _page(
        request,
        "account/onboarding_identity.html",
        purpose,
        status_code,
        fields=_IDENTITY_FIELDS[purpose],
        **context,
    )


def _to_steps(request: Request, purpose: Purpose, token: str | None = None) -> Response:
    response = RedirectResponse(f"{_BASE[purpose]}/langkah", status_code=303)
    if token is not None:
        response.set_cookie(
            _COOKIE[purpose],
            token,
            httponly=True,
            samesite="strict",
            secure=request.app.state.cookie_secure,
            max_age=int(VALID_FOR.total_seconds()),
            path=_BASE[purpose],
        )
    return response


def _token(request: Request, purpose: Purpose) -> str:
    return request.cookies.get(_COOKIE[purpose], "")


async def _flow(request: Request, svc: Services, purpose: Purpose) -> Onboarding | None:
    try:
        return await run_in_threadpool(
            current, svc.uow(), _token(request, purpose), purpose, now=svc.clock.now()
        )
    except (NotFound, PermissionDenied):
        return None


async def _step_page(
    request: Request, svc: Services, purpose: Purpose, status_code: int = 200, **context: Any
) -> Response:
    item = await _flow(request, svc, purpose)
    if item is None:
        locale = locale_of(request)
        return _identity_page(
            request,
            purpose,
            message=error_message(locale, "onboarding.expired")
            if _token(request, purpose)
            else None,
        )
    return _page(
        request,
        "account/onboarding_step.html",
        purpose,
        status_code,
        step=item.step,
        item=item,
        terms_version=svc.policy.terms_version,
        still_allowed=svc.policy.face_still_photo_allowed,
        max_mb=svc.policy.max_upload_bytes // (1024 * 1024),
        **context,
    )


class _IdentityChecks(TypedDict):
    """What both flows check a typed identity with (``start_registration``,
    ``start_account_recovery``)."""

    regions: RegionDirectory
    client: Client
    policy: Policy
    now: datetime


def _identity_checks(request: Request, svc: Services) -> _IdentityChecks:
    return _IdentityChecks(
        regions=svc.regions, client=client_of(request), policy=svc.policy, now=svc.clock.now()
    )


async def _identity_submit(
    request: Request,
    svc: Services,
    purpose: Purpose,
    start: Callable[[dict[str, str], _IdentityChecks], Awaitable[Response]],
) -> Response:
    """The identity form of either flow: ``start`` with what was typed; a refusal on the
    form again, with what was typed."""
    form = await read_form(request, None)
    locale = locale_of(request)
    values = {k: form.get(k, "") for k in _IDENTITY_FIELDS[purpose]}
    try:
        return await start(values, _identity_checks(request, svc))
    except ValidationFailed as exc:
        return _identity_page(
            request, purpose, 422, values=values, errors=field_messages(exc, locale)
        )
    except DomainError as exc:
        return _identity_page(
            request,
            purpose,
            status_for(exc),
            values=values,
            message=message(exc, locale),
            no_match=exc.code == "onboarding.no_match",
            to_branch=exc.code == "recovery.branch_only",
        )


async def _finish(
    request: Request,
    svc: Services,
    purpose: Purpose,
    outcome: str,
    complete: Callable[[dict[str, str]], Awaitable[Account]],
) -> Response:
    """The last step of either flow (the password): done, the flow's cookie ends."""
    form = await read_form(request, None)
    locale = locale_of(request)
    try:
        account = await complete(form)
    except ValidationFailed as exc:
        return await _step_page(request, svc, purpose, 422, errors=field_messages(exc, locale))
    except DomainError as exc:
        return await _step_page(
            request, svc, purpose, status_for(exc), message=message(exc, locale)
        )
    response = _page(
        request, "account/onboarding_done.html", purpose, outcome=outcome, email=account.email
    )
    response.delete_cookie(_COOKIE[purpose], path=_BASE[purpose])
    return response


# --- registration -------------------------------------------------------------------------


@router.post("/daftar")
async def register_submit(request: Request, svc: ServicesDep) -> Response:
    async def start(values: dict[str, str], checks: _IdentityChecks) -> Response:
        result = await run_in_threadpool(
            lambda: start_registration(
                svc.uow(), svc.registry, svc.limiter, svc.notices, values, **checks
            )
        )
        if result.outcome != STARTED:
            return _page(
                request,
                "account/onboarding_done.html",
                Purpose.REGISTER,
                outcome=result.outcome,
                email_masked=result.email_masked,
            )
        assert result.token is not None
        return _to_steps(request, Purpose.REGISTER, result.token)

    return await _identity_submit(request, svc, Purpose.REGISTER, start)


@router.get("/daftar/langkah")
async def register_steps(request: Request, svc: ServicesDep) -> Response:
    return await _step_page(request, svc, Purpose.REGISTER)


@router.post("/daftar/selesai")
async def register_finish(request: Request, svc: ServicesDep) -> Response:
    return await _finish(
        request,
        svc,
        Purpose.REGISTER,
        "registered",
        lambda form: run_in_threadpool(
            complete_registration,
            svc.uow(),
            svc.passwords,
            svc.notices,
            token=_token(request, Purpose.REGISTER),
            password=form.get("password", ""),
            terms_accepted=form.get("terms_accepted") == "1",
            terms_version=form.get("terms_version", ""),
            policy=svc.policy,
            is_common=svc.is_common_password,
            client=client_of(request),
            now=svc.clock.now(),
        ),
    )


# --- the shared contact steps ---------------------------------------------------------------


async def _contacts(request: Request, svc: Services, purpose: Purpose) -> Response:
    form = await read_form(request, None)
    locale = locale_of(request)
    values = {"email": form.get("email", ""), "phone": form.get("phone", "")}
    try:
        await run_in_threadpool(
            send_contact_codes,
            svc.uow(),
            svc.notices,
            token=_token(request, purpose),
            purpose=purpose,
            email=values["email"],
            phone=values["phone"],
            now=svc.clock.now(),
            locale=locale,
        )
    except DomainError as exc:
        return await _refused_step(request, svc, purpose, exc, values=values)
    return _to_steps(request, purpose)


async def _codes(request: Request, svc: Services, purpose: Purpose) -> Response:
    form = await read_form(request, None)
    try:
        await run_in_threadpool(
            verify_contact_codes,
            svc.uow(),
            token=_token(request, purpose),
            purpose=purpose,
            codes={k: form.get(k, "") for k in ("email_code", "phone_code")},
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _refused_step(request, svc, purpose, exc)
    return _to_steps(request, purpose)


async def _refused_step(
    request: Request, svc: Services, purpose: Purpose, exc: DomainError, **context: Any
) -> Response:
    """The step again: the messages by field where there is one, else the message."""
    locale = locale_of(request)
    errors = field_messages(exc, locale)
    return await _step_page(
        request,
        svc,
        purpose,
        status_for(exc),
        errors=errors,
        message=None if errors else message(exc, locale),
        **context,
    )


def _shared_steps(purpose: Purpose) -> None:
    """The routes that are the same in both flows: the identity form, the contact and
    code steps."""

    @router.get(_BASE[purpose], name=f"{purpose.value}_page")
    async def identity_page(request: Request) -> Response:
        return _identity_page(request, purpose)

    @router.post(f"{_BASE[purpose]}/kontak", name=f"{purpose.value}_contacts")
    async def contacts(request: Request, svc: ServicesDep) -> Response:
        return await _contacts(request, svc, purpose)

    @router.post(f"{_BASE[purpose]}/kode", name=f"{purpose.value}_codes")
    async def codes(request: Request, svc: ServicesDep) -> Response:
        return await _codes(request, svc, purpose)


_shared_steps(Purpose.REGISTER)
_shared_steps(Purpose.RECOVER)


# --- Lupa akun -----------------------------------------------------------------------------


@router.post("/lupa-akun")
async def recover_submit(request: Request, svc: ServicesDep) -> Response:
    async def start(values: dict[str, str], checks: _IdentityChecks) -> Response:
        started = await run_in_threadpool(
            lambda: start_account_recovery(
                svc.uow(), svc.registry, svc.limiter, values, allow_branch=True, **checks
            )
        )
        response = _to_steps(request, Purpose.RECOVER, started.token)
        if started.branch_only:
            # No reference photo: straight to the branch booking on the same token.
            response.headers["location"] = BRANCH_BOOKING
        return response

    return await _identity_submit(request, svc, Purpose.RECOVER, start)


@router.get("/lupa-akun/langkah")
async def recover_steps(
    request: Request, svc: ServicesDep, wajah: str = "", hasil: str = ""
) -> Response:
    locale = locale_of(request)
    face_text = None
    token = _token(request, Purpose.RECOVER)
    if wajah in ERROR_MESSAGES and token:
        try:
            tries = await run_in_threadpool(
                recovery_face_status,
                svc.uow(),
                token=token,
                policy=svc.policy,
                now=svc.clock.now(),
            )
            left = tries.tries_left
        except DomainError:  # the flow ended: the step page says so
            left = 0
        hours = svc.policy.face_attempt_window_hours
        face_text = face_message(locale, wajah, hasil, left, hours)
    return await _step_page(
        request,
        svc,
        Purpose.RECOVER,
        face_message=face_text,
        to_branch=request.query_params.get("cabang") == "1",
    )


@router.post("/lupa-akun/tantangan")
async def recover_challenge(request: Request, svc: ServicesDep) -> Response:
    """JSON for the camera script (selfie.js), as on the data update's step 6."""
    return await answer_challenge(
        request,
        request.cookies.get(PRE_CSRF_COOKIE, ""),
        locale_of(request),
        lambda: recovery_challenge(
            svc.uow(),
            svc.faces,
            token=_token(request, Purpose.RECOVER),
            rng=svc.rng,
            policy=svc.policy,
            now=svc.clock.now(),
        ),
    )


def _after_face(result: FaceResult) -> Response:
    if result.passed:
        return RedirectResponse("/lupa-akun/langkah", status_code=303)
    suffix = "&cabang=1" if result.to_branch else ""
    return RedirectResponse(
        f"/lupa-akun/langkah?wajah={result.code}&hasil={result.decision.value}{suffix}",
        status_code=303,
    )


async def _face_refused(request: Request, exc: DomainError) -> Response:
    if isinstance(exc, ValidationFailed):
        return RedirectResponse(f"/lupa-akun/langkah?wajah={exc.errors[0].code}", status_code=303)
    return RedirectResponse(
        f"/lupa-akun/langkah?wajah={exc.code}" + ("&cabang=1" if status_for(exc) == 429 else ""),
        status_code=303,
    )


@router.post("/lupa-akun/burst")
@accepts_upload(UploadKind.BURST)
async def recover_burst(request: Request, svc: ServicesDep) -> Response:
    try:
        burst = await read_burst_form(request, svc.policy, request.cookies.get(PRE_CSRF_COOKIE, ""))
        result = await run_in_threadpool(
            recovery_face_burst,
            svc.uow(),
            svc.faces,
            burst.frames,
            token=_token(request, Purpose.RECOVER),
            nonce=burst.nonce,
            frame_times_ms=burst.frame_times_ms,
            frame_registry=svc.frames,
            client=client_of(request),
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _face_refused(request, exc)
    return _after_face(result)


@router.post("/lupa-akun/wajah")
@accepts_upload(UploadKind.SELFIE)
async def recover_photo(request: Request, svc: ServicesDep) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    try:
        image = await read_photo_form(request, svc.policy, request.cookies.get(PRE_CSRF_COOKIE, ""))
        result = await run_in_threadpool(
            recovery_face_still,
            svc.uow(),
            svc.faces,
            image,
            token=_token(request, Purpose.RECOVER),
            client=client_of(request),
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return await _face_refused(request, exc)
    return _after_face(result)


@router.post("/lupa-akun/selesai")
async def recover_finish(request: Request, svc: ServicesDep) -> Response:
    return await _finish(
        request,
        svc,
        Purpose.RECOVER,
        "recovered",
        lambda form: run_in_threadpool(
            complete_account_recovery,
            svc.uow(),
            svc.passwords,
            svc.notices,
            token=_token(request, Purpose.RECOVER),
            password=form.get("password", ""),
            is_common=svc.is_common_password,
            client=client_of(request),
            now=svc.clock.now(),
        ),
    )
