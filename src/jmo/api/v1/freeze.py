"""The participant's side of lifting a "Bukan saya" freeze over the API (the same use cases
as /akun/pembekuan): the face check with liveness; an officer lifts it afterwards."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.face_upload import BurstForm, PhotoForm
from jmo.api.paths import V1, operation_id
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_face import face_message
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
    hours = policy.face_attempt_window_hours
    return FreezeFaceOut(
        passed=result.passed,
        code=result.code,
        message=face_message(
            api_locale(request), result.code, result.decision.value, result.tries_left, hours
        ),
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
    issued = await run_in_threadpool(
        freeze_challenge,
        svc.uow(),
        auth.actor,
        svc.faces,
        rng=svc.rng,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return FreezeChallengeOut(
        nonce=issued.nonce, steps=[s.value for s in issued.steps], expires_at=issued.expires_at
    )


@router.post("/face/burst", response_model=FreezeFaceOut)
@accepts_upload(UploadKind.BURST)
async def face_burst(
    request: Request, auth: AuthDep, svc: ServicesDep, burst: BurstForm
) -> FreezeFaceOut:
    """The face check with liveness since the freeze; an officer may lift it after a pass."""
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
    return _face_out(result, request, svc.policy)


@router.post("/face/photo", response_model=FreezeFaceOut)
@accepts_upload(UploadKind.SELFIE)
async def face_photo(
    request: Request, auth: AuthDep, svc: ServicesDep, image: PhotoForm
) -> FreezeFaceOut:
    """One still photo: only where configuration allows it (not in production)."""
    result = await run_in_threadpool(
        freeze_face_photo,
        svc.uow(),
        auth.actor,
        svc.faces,
        image,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return _face_out(result, request, svc.policy)
