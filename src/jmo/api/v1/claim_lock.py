"""The participant's claim lock over the API (the same use cases as /akun/kunci-klaim)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api import face_upload as face
from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.paths import V1, operation_id
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.accounts.claim_lock import (
    ClaimLockView,
    UnlockResult,
    claim_lock_status,
    lock_claims,
    unlock_challenge,
    unlock_with_burst,
    unlock_with_photo,
)
from jmo.usecases.services import Policy

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


def _unlock_out(result: UnlockResult, request: Request, policy: Policy) -> UnlockOut:
    return UnlockOut(
        passed=result.passed,
        code=result.code,
        message=face.result_message(
            request, policy, result.code, result.decision, result.tries_left
        ),
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
    issued = await face.face_challenge(unlock_challenge, svc, auth.actor)
    return ClaimLockChallengeOut(
        nonce=issued.nonce, steps=[s.value for s in issued.steps], expires_at=issued.expires_at
    )


@router.post("/unlock/burst", response_model=UnlockOut)
@accepts_upload(UploadKind.BURST)
async def unlock_burst(
    request: Request, auth: AuthDep, svc: ServicesDep, burst: face.BurstForm
) -> UnlockOut:
    """A face check with liveness; on a pass the lock is off after the waiting period."""
    result = await face.burst_check(unlock_with_burst, svc, burst, auth.actor, notices=svc.notices)
    return _unlock_out(result, request, svc.policy)


@router.post("/unlock/photo", response_model=UnlockOut)
@accepts_upload(UploadKind.SELFIE)
async def unlock_photo(
    request: Request, auth: AuthDep, svc: ServicesDep, image: face.PhotoForm
) -> UnlockOut:
    """One still photo: only where configuration allows it (not in production)."""
    result = await face.photo_check(unlock_with_photo, svc, image, auth.actor, notices=svc.notices)
    return _unlock_out(result, request, svc.policy)
