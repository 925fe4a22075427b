"""The claim lock page (/akun/kunci-klaim): on at once; off after a face check with
liveness and the waiting period (the same use cases as /api/v1/me/claim-lock)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.domain.errors import DomainError
from jmo.edge import status_for
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.i18n import N_, error_message, translate
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.usecases.accounts.claim_lock import (
    claim_lock_status,
    lock_claims,
    unlock_challenge,
    unlock_with_burst,
    unlock_with_photo,
)
from jmo.usecases.pengkinian.selfie import burst_frame_times
from jmo.web.deps import (
    PageCalls,
    check_csrf,
    locale_of,
    read_form,
    render,
    require_login,
    services,
)
from jmo.web.errors import message
from jmo.web.routes.pengkinian import STEP_TEXTS

router = APIRouter()
PAGE = "/akun/kunci-klaim"


@router.get(PAGE)
async def claim_lock_page(request: Request, wajah: str = "") -> Response:
    calls = PageCalls(request)
    view = await calls.run(claim_lock_status, now=calls.services.clock.now())
    locale = locale_of(request, calls.authenticated)
    return render(
        request,
        "account/claim_lock.html",
        calls.authenticated,
        view=view,
        wait_hours=calls.services.policy.claim_lock_wait_hours,
        still_allowed=calls.services.policy.face_still_photo_allowed,
        face_message=error_message(locale, wajah) if wajah in ERROR_MESSAGES else None,
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
    check_csrf(request.headers.get("x-csrf-token", ""), auth.session.csrf_token)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        challenge = await run_in_threadpool(
            unlock_challenge,
            svc.uow(),
            auth.actor,
            svc.faces,
            rng=svc.rng,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return JSONResponse({"error": message(exc, locale)}, status_code=status_for(exc))
    return JSONResponse(
        {
            "nonce": challenge.nonce,
            "steps": [
                {"code": step.value, "text": translate(locale, STEP_TEXTS[step.value])}
                for step in challenge.steps
            ],
            "start_text": translate(locale, N_("Lihat ke kamera dan diam sebentar")),
            "done_text": translate(locale, N_("Memeriksa...")),
        }
    )


@router.post(f"{PAGE}/burst")
@accepts_upload(UploadKind.BURST)
async def claim_lock_burst(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    frame_bytes = svc.policy.burst_frame_max_bytes + 1
    form = await request.form(
        max_files=svc.policy.burst_max_frames, max_fields=10, max_part_size=frame_bytes
    )
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    frames = [
        await f.read(frame_bytes) for f in form.getlist("frames") if isinstance(f, UploadFile)
    ]
    times = burst_frame_times(str(form.get("frame_times_ms") or ""))
    try:
        result = await run_in_threadpool(
            unlock_with_burst,
            svc.uow(),
            auth.actor,
            svc.faces,
            frames,
            nonce=str(form.get("nonce") or ""),
            frame_times_ms=times,
            frame_registry=svc.frames,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        return RedirectResponse(f"{PAGE}?wajah={exc.code}", status_code=303)
    return RedirectResponse(f"{PAGE}?wajah={result.code}", status_code=303)


@router.post(f"{PAGE}/wajah")
@accepts_upload(UploadKind.SELFIE)
async def claim_lock_photo(request: Request) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    auth = await require_login(request)
    svc = services(request)
    limit = svc.policy.max_upload_bytes
    form = await request.form(max_files=1, max_fields=5, max_part_size=limit + 1)
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    upload = form.get("selfie")
    image = await upload.read(limit + 1) if isinstance(upload, UploadFile) else b""
    if not image:
        return RedirectResponse(f"{PAGE}?wajah=image.missing", status_code=303)
    try:
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
    except DomainError as exc:
        return RedirectResponse(f"{PAGE}?wajah={exc.code}", status_code=303)
    return RedirectResponse(f"{PAGE}?wajah={result.code}", status_code=303)
