"""The claim lock page (/akun/kunci-klaim): on at once; off after a face check with
liveness and the waiting period (the same use cases as /api/v1/me/claim-lock)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.accounts.claim_lock import (
    claim_lock_status,
    lock_claims,
    unlock_challenge,
    unlock_with_burst,
    unlock_with_photo,
)
from jmo.web.deps import AuthDep, CallsDep, ServicesDep, read_form, render
from jmo.web.face_forms import (
    burst_to_face_page,
    face_challenge,
    face_page_context,
    photo_to_face_page,
)

router = APIRouter()
PAGE = "/akun/kunci-klaim"


@router.get(PAGE)
async def claim_lock_page(
    request: Request, calls: CallsDep, wajah: str = "", hasil: str = ""
) -> Response:
    view = await calls.run(claim_lock_status, now=calls.services.clock.now())
    return render(
        request,
        "account/claim_lock.html",
        calls.authenticated,
        view=view,
        wait_hours=calls.services.policy.claim_lock_wait_hours,
        **await face_page_context(request, calls, wajah, hasil),
    )


@router.post(PAGE)
async def claim_lock_on(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep
) -> Response:
    await read_form(request, auth)
    await calls.run(lock_claims, notices=svc.notices, now=svc.clock.now())
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/tantangan")
async def claim_lock_challenge(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    return await face_challenge(request, auth, svc, unlock_challenge)


@router.post(f"{PAGE}/burst")
@accepts_upload(UploadKind.BURST)
async def claim_lock_burst(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep
) -> Response:
    return await burst_to_face_page(
        request, auth, calls, PAGE, partial(unlock_with_burst, notices=svc.notices)
    )


@router.post(f"{PAGE}/wajah")
@accepts_upload(UploadKind.SELFIE)
async def claim_lock_photo(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep
) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    return await photo_to_face_page(
        request, auth, calls, PAGE, partial(unlock_with_photo, notices=svc.notices)
    )
