"""The claim lock page (/akun/kunci-klaim): on at once; off after a face check with
liveness and the waiting period (the same use cases as /api/v1/me/claim-lock)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import face_message
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.usecases.accounts.claim_lock import (
    claim_lock_status,
    lock_claims,
    unlock_challenge,
    unlock_with_burst,
    unlock_with_photo,
)
from jmo.usecases.face_check import face_status
from jmo.web.deps import (
    PageCalls,
    locale_of,
    read_form,
    render,
    require_login,
    services,
)
from jmo.web.face_forms import answer_challenge, back_to_face_page, read_burst_form, read_photo_form

router = APIRouter()
PAGE = "/akun/kunci-klaim"


@router.get(PAGE)
async def claim_lock_page(request: Request, wajah: str = "", hasil: str = "") -> Response:
    calls = PageCalls(request)
    policy = calls.services.policy
    view = await calls.run(claim_lock_status, now=calls.services.clock.now())
    tries = await calls.run(face_status, policy=policy, now=calls.services.clock.now())
    locale = locale_of(request, calls.authenticated)
    return render(
        request,
        "account/claim_lock.html",
        calls.authenticated,
        view=view,
        wait_hours=policy.claim_lock_wait_hours,
        still_allowed=policy.face_still_photo_allowed,
        max_mb=policy.max_upload_bytes // (1024 * 1024),
        face_message=(
            face_message(locale, wajah, hasil, tries.tries_left, policy.face_attempt_window_hours)
            if wajah in ERROR_MESSAGES
            else None
        ),
    )


@router.post(PAGE)
async def claim_lock_on(request: Request) -> Response:
    auth = await require_login(request)
    await read_form(request, auth)
    svc = services(request)
    await run_in_threadpool(
        lock_claims, svc.uow(), auth.actor, notices=svc.notices, now=svc.clock.now()
    )
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/tantangan")
async def claim_lock_challenge(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    return await answer_challenge(
        request,
        auth.session.csrf_token,
        locale_of(request, auth),
        lambda: unlock_challenge(
            svc.uow(), auth.actor, svc.faces, rng=svc.rng, policy=svc.policy, now=svc.clock.now()
        ),
    )


@router.post(f"{PAGE}/burst")
@accepts_upload(UploadKind.BURST)
async def claim_lock_burst(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    try:
        burst = await read_burst_form(request, svc.policy, auth.session.csrf_token)
        result = await run_in_threadpool(
            unlock_with_burst,
            svc.uow(),
            auth.actor,
            svc.faces,
            burst.frames,
            nonce=burst.nonce,
            frame_times_ms=burst.frame_times_ms,
            frame_registry=svc.frames,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return back_to_face_page(PAGE, exc.errors[0].code)
    except DomainError as exc:
        return back_to_face_page(PAGE, exc.code)
    return back_to_face_page(PAGE, result.code, result.decision)


@router.post(f"{PAGE}/wajah")
@accepts_upload(UploadKind.SELFIE)
async def claim_lock_photo(request: Request) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    auth = await require_login(request)
    svc = services(request)
    try:
        image = await read_photo_form(request, svc.policy, auth.session.csrf_token)
        result = await run_in_threadpool(
            unlock_with_photo,
            svc.uow(),
            auth.actor,
            svc.faces,
            image,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return back_to_face_page(PAGE, exc.errors[0].code)
    except DomainError as exc:
        return back_to_face_page(PAGE, exc.code)
    return back_to_face_page(PAGE, result.code, result.decision)
