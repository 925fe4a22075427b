from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, CallsDep, ServicesDep, client_of
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import LoginIn, LoginOut, MeOut, services_out
from jmo.usecases.accounts.sessions import login, logout
from jmo.usecases.pengkinian.flow import get_pengkinian

router = APIRouter(prefix=f"{V1}/auth", tags=["auth"], generate_unique_id_function=operation_id)
me_router = APIRouter(prefix=V1, tags=["auth"], generate_unique_id_function=operation_id)


@router.post("/login", response_model=LoginOut)
async def api_login(
    body: LoginIn,
    request: Request,
    svc: ServicesDep,
    x_jmo_device: Annotated[
        str | None,
        Header(
            max_length=200,
            description="The device_token of this app's last successful login (known device)",
        ),
    ] = None,
) -> LoginOut:
    """Email and password -> a bearer token (the same rules and lockout as the web login),
    and a ``device_token`` to keep and send as ``X-JMO-Device`` at the next login: wrong
    passwords from a known device count against its own budget, so strangers locking the
    email do not lock out the owner's phone (docs/security.md)."""
    result = await run_in_threadpool(
        login,
        svc.uow(),
        svc.passwords,
        svc.limiter,
        email=body.email,
        password=body.password,
        client=client_of(request),
        now=svc.clock.now(),
        policy=svc.policy,
        notices=svc.notices,
        devices=svc.device_tokens,
        device_token=x_jmo_device,
        kind="api",
        second_factor=body.otp,
    )
    return LoginOut(
        token=result.token,
        expires_at=result.session.expires_at,
        device_token=result.device_token,
    )


@router.post("/logout", status_code=204)
async def api_logout(auth: AuthDep, svc: ServicesDep) -> None:
    await run_in_threadpool(logout, svc.uow(), auth, now=svc.clock.now())


@me_router.get("/me", response_model=MeOut)
async def me(calls: CallsDep) -> MeOut:
    view = await calls.run(get_pengkinian, now=calls.services.clock.now())
    return MeOut(
        email=calls.authenticated.account.email,
        participant_id=view.participant_id,
        full_name=view.identity.full_name,
        kpj=view.identity.kpj,
        nik_masked=view.nik_masked,
        data_is_current=view.data_is_current,
        pengkinian_completed_at=view.completed_at,
        services=services_out(view.data_is_current),
    )
