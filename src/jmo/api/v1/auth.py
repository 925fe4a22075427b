from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, CallsDep, ServicesDep, client_of
from jmo.api.schemas import LoginIn, LoginOut, MeOut, services_out
from jmo.usecases.accounts.sessions import login, logout
from jmo.usecases.pengkinian.flow import get_pengkinian

router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(tags=["auth"])


@router.post("/login", response_model=LoginOut)
async def api_login(body: LoginIn, request: Request, svc: ServicesDep) -> LoginOut:
    """Email and password -> a bearer token (the same rules and lockout as the web login)."""
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
        kind="api",
    )
    return LoginOut(token=result.token, expires_at=result.session.expires_at)


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
