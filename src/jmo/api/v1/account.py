"""The person's own account over the API: devices, password, data export, access log,
and getting back in (password reset, unlock)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, client_of
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import LoginOut, StrictIn
from jmo.usecases.accounts.devices import change_password, end_device, list_devices
from jmo.usecases.accounts.full_export import export_my_data_in_full, request_full_export
from jmo.usecases.accounts.my_data import access_log, export_my_data
from jmo.usecases.accounts.recovery import request_password_reset, reset_password, unlock_account
from jmo.usecases.staff_reads import STAFF_READ_ACTION

router = APIRouter(prefix=V1, tags=["account"], generate_unique_id_function=operation_id)


class DeviceOut(BaseModel):
    id: uuid.UUID
    kind: str
    created_at: datetime
    last_seen_at: datetime
    client_ip: str | None
    user_agent: str | None
    current: bool


class PasswordChangeIn(StrictIn):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class ResetRequestIn(StrictIn):
    email: str = Field(max_length=254)


class ResetConfirmIn(StrictIn):
    token: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class TokenIn(StrictIn):
    token: str = Field(max_length=200)


class AccessEntryOut(BaseModel):
    at: datetime
    action: str
    by: str
    channel: str
    client_ip: str | None
    # for a staff read (jmo.usecases.staff_reads): what was opened ("claim",
    # "claim_document", "change_request", "complaint", "complaint_attachment", "risk",
    # "biometric_attempts", "history")
    what: str | None = None


@router.get("/me/devices", response_model=list[DeviceOut])
async def devices(auth: AuthDep, svc: ServicesDep) -> list[DeviceOut]:
    found = await run_in_threadpool(list_devices, svc.uow(), auth, now=svc.clock.now())
    return [
        DeviceOut(
            id=d.session.id,
            kind=d.session.kind,
            created_at=d.session.created_at,
            last_seen_at=d.session.last_seen_at,
            client_ip=d.session.client_ip,
            user_agent=d.session.user_agent,
            current=d.current,
        )
        for d in found
    ]


@router.delete("/me/devices/{session_id}", status_code=204)
async def end(session_id: uuid.UUID, auth: AuthDep, svc: ServicesDep) -> None:
    await run_in_threadpool(end_device, svc.uow(), auth, session_id, now=svc.clock.now())


@router.post("/me/password", response_model=LoginOut)
async def password(
    body: PasswordChangeIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> LoginOut:
    """Every session ends; the answer carries a new token for this device."""
    result = await run_in_threadpool(
        change_password,
        svc.uow(),
        svc.passwords,
        svc.notices,
        svc.limiter,
        auth,
        current_password=body.current_password,
        new_password=body.new_password,
        is_common=svc.is_common_password,
        client=client_of(request),
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return LoginOut(token=result.token, expires_at=result.session.expires_at)


@router.get("/me/data")
async def my_data(auth: AuthDep, svc: ServicesDep) -> dict[str, Any]:
    """Everything held about the participant (UU 27/2022 right of access), with the NIK,
    KK number, NPWP, bank account, mother's name and contacts masked (``"masked": true``).
    The full export: ``POST /me/data/full-export-link``, then ``POST /me/data/full``."""
    return await run_in_threadpool(export_my_data, svc.uow(), auth, now=svc.clock.now())


class FullExportLinkOut(BaseModel):
    sent_to: str = Field(description="the account's email, masked")
    expires_at: datetime


class FullExportIn(StrictIn):
    token: str = Field(min_length=1, max_length=200, description="from the mailed link")


@router.post("/me/data/full-export-link", status_code=202, response_model=FullExportLinkOut)
async def my_data_full_export_link(auth: AuthDep, svc: ServicesDep) -> FullExportLinkOut:
    """Mail a single-use link (30 minutes) to the full export to the account's address."""
    sent = await run_in_threadpool(
        request_full_export,
        svc.uow(),
        svc.notices,
        svc.limiter,
        auth,
        now=svc.clock.now(),
        policy=svc.policy,
    )
    return FullExportLinkOut(sent_to=sent.sent_to, expires_at=sent.expires_at)


@router.post("/me/data/full")
async def my_data_full(body: FullExportIn, auth: AuthDep, svc: ServicesDep) -> dict[str, Any]:
    """The export unmasked, once per mailed link, for the account it was mailed to
    (404 ``account_token.not_found`` otherwise)."""
    return await run_in_threadpool(
        export_my_data_in_full, svc.uow(), auth, token=body.token, now=svc.clock.now()
    )


@router.get("/me/access-log", response_model=list[AccessEntryOut])
async def my_access_log(auth: AuthDep, svc: ServicesDep) -> list[AccessEntryOut]:
    entries = await run_in_threadpool(access_log, svc.uow(), auth)
    return [
        AccessEntryOut(
            at=e.at,
            action=e.action,
            by=e.actor_role or "system",
            channel=e.channel,
            client_ip=e.client_ip,
            what=e.details.get("what") if e.action == STAFF_READ_ACTION else None,
        )
        for e in entries
    ]


@router.post("/auth/password-reset", status_code=202)
async def reset_request(body: ResetRequestIn, request: Request, svc: ServicesDep) -> dict[str, str]:
    """Always 202: the answer does not tell whether the email has an account."""
    await run_in_threadpool(
        request_password_reset,
        svc.uow(),
        svc.limiter,
        svc.notices,
        email=body.email,
        client=client_of(request),
        now=svc.clock.now(),
        policy=svc.policy,
    )
    return {"status": "sent_if_registered"}


@router.post("/auth/password-reset/confirm", status_code=204)
async def reset_confirm(body: ResetConfirmIn, request: Request, svc: ServicesDep) -> None:
    await run_in_threadpool(
        reset_password,
        svc.uow(),
        svc.passwords,
        svc.limiter,
        svc.notices,
        token=body.token,
        new_password=body.new_password,
        is_common=svc.is_common_password,
        client=client_of(request),
        now=svc.clock.now(),
    )


@router.post("/auth/unlock", status_code=204)
async def unlock(body: TokenIn, request: Request, svc: ServicesDep) -> None:
    await run_in_threadpool(
        unlock_account,
        svc.uow(),
        svc.limiter,
        token=body.token,
        client=client_of(request),
        now=svc.clock.now(),
    )
