"""Typed dependencies for the JSON API: services, the bearer-token session, the clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import PermissionDenied
from jmo.edge import Calls
from jmo.usecases.accounts.sessions import Authenticated, Client, authenticate
from jmo.usecases.ports import Services

_bearer = HTTPBearer(auto_error=False, description="Token from POST /api/v1/auth/login")


async def get_services(request: Request) -> Services:
    # async: FastAPI runs a plain ``def`` dependency in a worker thread, a hop per request.
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(get_services)]


def client_of(request: Request) -> Client:
    return Client(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        channel="app",
    )


async def get_auth(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Authenticated:
    if credentials is None:
        raise PermissionDenied("auth.required")
    return await run_in_threadpool(
        authenticate,
        svc.uow(),
        token=credentials.credentials,
        client=client_of(request),
        now=svc.clock.now(),
        policy=svc.policy,
    )


AuthDep = Annotated[Authenticated, Depends(get_auth)]


async def get_calls(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Calls:
    """For reads: the session is checked in the same worker-thread hop as the use case
    (``Calls.run``); a missing token is refused here, before anything else."""
    if credentials is None:
        raise PermissionDenied("auth.required")
    return Calls(svc, credentials.credentials, client_of(request))


CallsDep = Annotated[Calls, Depends(get_calls)]
