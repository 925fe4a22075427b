"""The freeze page (/akun/pembekuan): after a "Bukan saya", the person passes the face
check with liveness here; then an officer lifts the freeze (the same use cases as
/api/v1/me/freeze)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.accounts.freeze_face import (
    freeze_challenge,
    freeze_face_burst,
    freeze_face_photo,
    my_freeze,
)
from jmo.web.deps import AuthDep, CallsDep, ServicesDep, render
from jmo.web.face_forms import (
    burst_to_face_page,
    face_challenge,
    face_page_context,
    photo_to_face_page,
)

router = APIRouter()
PAGE = "/akun/pembekuan"


@router.get(PAGE)
async def freeze_page(
    request: Request, calls: CallsDep, wajah: str = "", hasil: str = ""
) -> Response:
    freeze = await calls.run(my_freeze, now=calls.services.clock.now())
    return render(
        request,
        "account/freeze.html",
        calls.authenticated,
        freeze=freeze,
        **await face_page_context(request, calls, wajah, hasil),
    )


@router.post(f"{PAGE}/tantangan")
async def freeze_face_challenge(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    return await face_challenge(request, auth, svc, freeze_challenge)


@router.post(f"{PAGE}/burst")
@accepts_upload(UploadKind.BURST)
async def freeze_burst(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    return await burst_to_face_page(request, auth, calls, PAGE, freeze_face_burst)


@router.post(f"{PAGE}/wajah")
@accepts_upload(UploadKind.SELFIE)
async def freeze_photo(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    """One uploaded photo (where configuration allows it: demo and tests)."""
    return await photo_to_face_page(request, auth, calls, PAGE, freeze_face_photo)
