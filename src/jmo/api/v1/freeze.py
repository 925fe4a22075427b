"""The participant's side of lifting a "Bukan saya" freeze over the API (the same use cases
as /akun/pembekuan): the face check with liveness; an officer lifts it afterwards."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api import face_upload as face
from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.paths import V1, operation_id
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.accounts.freeze_face import (
    freeze_challenge,
    freeze_face_burst,
    freeze_face_photo,
    my_freeze,
)
from jmo.usecases.face_check import FaceCheckResult
from jmo.usecases.services import Policy

router = APIRouter(
    prefix=f"{V1}/me/freeze", tags=["account"], generate_unique_id_function=operation_id
)


class FreezeOut(BaseModel):
    frozen: bool
    frozen_at: datetime | None
    face_passed_at: datetime | None  # then an officer may lift it


class FreezeFaceOut(BaseModel):
    passed: bool
    code: str
    message: str
    tries_left: int


class FreezeChallengeOut(BaseModel):
    nonce: str
    steps: list[str]
    expires_at: datetime


def _face_out(result: FaceCheckResult, request: Request, policy: Policy) -> FreezeFaceOut:
    decision = result.decision.value
    return FreezeFaceOut(
        passed=result.passed,
        code=result.code,
        message=face.result_message(request, policy, result.code, decision, result.tries_left),
        tries_left=result.tries_left,
    )


@router.get("", response_model=FreezeOut)
async def status(auth: AuthDep, svc: ServicesDep) -> FreezeOut:
    freeze = await run_in_threadpool(my_freeze, svc.uow(), auth.actor, now=svc.clock.now())
    return FreezeOut(
        frozen=freeze is not None,
        frozen_at=freeze.frozen_at if freeze else None,
        face_passed_at=freeze.face_passed_at if freeze else None,
    )


@router.post("/face/challenge", response_model=FreezeChallengeOut)
async def challenge(auth: AuthDep, svc: ServicesDep) -> FreezeChallengeOut:
    issued = await face.face_challenge(freeze_challenge, svc, auth.actor)
    return FreezeChallengeOut(
        nonce=issued.nonce, steps=[s.value for s in issued.steps], expires_at=issued.expires_at
    )


@router.post("/face/burst", response_model=FreezeFaceOut)
@accepts_upload(UploadKind.BURST)
async def face_burst(
    request: Request, auth: AuthDep, svc: ServicesDep, burst: face.BurstForm
) -> FreezeFaceOut:
    """The face check with liveness since the freeze; an officer may lift it after a pass."""
    result = await face.burst_check(freeze_face_burst, svc, burst, auth.actor)
    return _face_out(result, request, svc.policy)


@router.post("/face/photo", response_model=FreezeFaceOut)
@accepts_upload(UploadKind.SELFIE)
async def face_photo(
    request: Request, auth: AuthDep, svc: ServicesDep, image: face.PhotoForm
) -> FreezeFaceOut:
    """One still photo: only where configuration allows it (not in production)."""
    result = await face.photo_check(freeze_face_photo, svc, image, auth.actor)
    return _face_out(result, request, svc.policy)
