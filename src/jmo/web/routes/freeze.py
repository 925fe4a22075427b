"""The freeze page (/akun/pembekuan): after a "Bukan saya", the person passes the face
check with liveness here; then an officer lifts the freeze (the same use cases as
/api/v1/me/freeze)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import face_message
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.usecases.accounts.freeze_face import (
    freeze_challenge,
    freeze_face_burst,
    freeze_face_photo,
    my_freeze,
)
from jmo.usecases.face_check import face_status
from jmo.web.deps import PageCalls, locale_of, render, require_login, services
from jmo.web.face_forms import answer_challenge, back_to_face_page, read_burst_form, read_photo_form

router = APIRouter()
PAGE = "/akun/pembekuan"


@router.get(PAGE)
async def freeze_page(request: Request, wajah: str = "", hasil: str = "") -> Response:
    calls = PageCalls(request)
    policy = calls.services.policy
    now = calls.services.clock.now()
    freeze = await calls.run(my_freeze, now=now)
    tries = await calls.run(face_status, policy=policy, now=now)
    locale = locale_of(request, calls.authenticated)
    return render(
        request,
        "account/freeze.html",
        calls.authenticated,
        freeze=freeze,
        still_allowed=policy.face_still_photo_allowed,
        max_mb=policy.max_upload_bytes // (1024 * 1024),
        face_message=(
            face_message(locale, wajah, hasil, tries.tries_left, policy.face_attempt_window_hours)
            if wajah in ERROR_MESSAGES
            else None
        ),
    )


@router.post(f"{PAGE}/tantangan")
async def freeze_face_challenge(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    return await answer_challenge(
        request,
        auth.session.csrf_token,
        locale_of(request, auth),
        lambda: freeze_challenge(
            svc.uow(), auth.actor, svc.faces, rng=svc.rng, policy=svc.policy, now=svc.clock.now()
        ),
    )


@router.post(f"{PAGE}/burst")
@accepts_upload(UploadKind.BURST)
async def freeze_burst(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    try:
        burst = await read_burst_form(request, svc.policy, auth.session.csrf_token)
        result = await run_in_threadpool(
            freeze_face_burst,
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
    except ValidationFailed as exc:
        return back_to_face_page(PAGE, exc.errors[0].code)
    except DomainError as exc:
        return back_to_face_page(PAGE, exc.code)
    return back_to_face_page(PAGE, result.code, result.decision.value)


@router.post(f"{PAGE}/wajah")
@accepts_upload(UploadKind.SELFIE)
async def freeze_photo(request: Request) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    auth = await require_login(request)
    svc = services(request)
    try:
        image = await read_photo_form(request, svc.policy, auth.session.csrf_token)
        result = await run_in_threadpool(
            freeze_face_photo,
            svc.uow(),
            auth.actor,
            svc.faces,
            image,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return back_to_face_page(PAGE, exc.errors[0].code)
    except DomainError as exc:
        return back_to_face_page(PAGE, exc.code)
    return back_to_face_page(PAGE, result.code, result.decision.value)
