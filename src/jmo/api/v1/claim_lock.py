"""The participant's claim lock over the API (the same use cases as /akun/kunci-klaim)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import constraints
from jmo.api.paths import V1, operation_id
from jmo.domain.biometric import NONCE
from jmo.domain.errors import ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.i18n import error_message
from jmo.usecases.accounts.claim_lock import (
    ClaimLockView,
    UnlockResult,
    claim_lock_status,
    lock_claims,
    unlock_challenge,
    unlock_with_burst,
    unlock_with_photo,
)
from jmo.usecases.pengkinian.selfie import burst_frame_times, check_burst_data, check_burst_frames

router = APIRouter(
    prefix=f"{V1}/me/claim-lock", tags=["account"], generate_unique_id_function=operation_id
)


class ClaimLockOut(BaseModel):
    locked: bool
    locked_at: datetime | None
    unlock_after: datetime | None


class UnlockOut(BaseModel):
    passed: bool
    code: str
    message: str
    tries_left: int
    unlock_after: datetime | None


class ClaimLockChallengeOut(BaseModel):
    nonce: str
    steps: list[str]
    expires_at: datetime


def _out(view: ClaimLockView) -> ClaimLockOut:
    return ClaimLockOut(
        locked=view.locked, locked_at=view.locked_at, unlock_after=view.unlock_after
    )


def _unlock_out(result: UnlockResult, request: Request) -> UnlockOut:
    return UnlockOut(
        passed=result.passed,
        code=result.code,
        message=error_message(api_locale(request), result.code),
        tries_left=result.tries_left,
        unlock_after=result.unlock_after,
    )


@router.get("", response_model=ClaimLockOut)
async def status(auth: AuthDep, svc: ServicesDep) -> ClaimLockOut:
    view = await run_in_threadpool(claim_lock_status, svc.uow(), auth.actor, now=svc.clock.now())
    return _out(view)


@router.post("", response_model=ClaimLockOut)
async def lock(auth: AuthDep, svc: ServicesDep) -> ClaimLockOut:
    """On at once: no claim is filed or paid until released."""
    view = await run_in_threadpool(
        lock_claims, svc.uow(), auth.actor, notices=svc.notices, now=svc.clock.now()
    )
    return _out(view)


@router.post("/unlock/challenge", response_model=ClaimLockChallengeOut)
async def challenge(auth: AuthDep, svc: ServicesDep) -> ClaimLockChallengeOut:
    issued = await run_in_threadpool(
        unlock_challenge,
        svc.uow(),
        auth.actor,
        svc.faces,
        rng=svc.rng,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return ClaimLockChallengeOut(
        nonce=issued.nonce, steps=[s.value for s in issued.steps], expires_at=issued.expires_at
    )


@router.post("/unlock/burst", response_model=UnlockOut)
@accepts_upload(UploadKind.BURST)
async def unlock_burst(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    frames: Annotated[list[UploadFile], File(description="8-45 unmirrored JPEG frames")],
    nonce: Annotated[str, Form(**constraints(NONCE))],
    frame_times_ms: Annotated[str, Form(max_length=1000)] = "",
) -> UnlockOut:
    """A face check with liveness; on a pass the lock is off after the waiting period."""
    check_burst_frames(len(frames), svc.policy)
    data = [await f.read(svc.policy.burst_frame_max_bytes + 1) for f in frames]
    check_burst_data(data)
    times = burst_frame_times(frame_times_ms)
    result = await run_in_threadpool(
        unlock_with_burst,
        svc.uow(),
        auth.actor,
        svc.faces,
        data,
        nonce=nonce,
        frame_times_ms=times,
        frame_registry=svc.frames,
        notices=svc.notices,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return _unlock_out(result, request)


@router.post("/unlock/photo", response_model=UnlockOut)
@accepts_upload(UploadKind.SELFIE)
async def unlock_photo(
    request: Request, auth: AuthDep, svc: ServicesDep, file: Annotated[UploadFile, File()]
) -> UnlockOut:
    """One still photo: only where configuration allows it (not in production)."""
    limit = svc.policy.max_upload_bytes
    image = await file.read(limit + 1)
    if not image:
        raise ValidationFailed.single("file", "image.missing")
    if len(image) > limit:
        raise ValidationFailed.single("file", "image.too_large", max_mb=limit // (1024 * 1024))
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
    return _unlock_out(result, request)
