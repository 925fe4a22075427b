"""Typed dependencies for the JSON API: services, the bearer-token session, the clock."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import PermissionDenied
from jmo.edge import Calls
from jmo.usecases.access import require_staff
from jmo.usecases.accounts.sessions import Authenticated, Client, authenticate
from jmo.usecases.services import Services

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


async def _authenticate(request: Request, svc: Services, token: str | None) -> Authenticated:
    known = getattr(request.state, "auth", None)
    if isinstance(known, Authenticated):  # already done by StaffRoute for this request
        return known
    if not token:
        raise PermissionDenied("auth.required")
    return await run_in_threadpool(
        authenticate,
        svc.uow(),
        token=token,
        client=client_of(request),
        now=svc.clock.now(),
        policy=svc.policy,
    )


async def get_auth(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Authenticated:
    return await _authenticate(request, svc, credentials.credentials if credentials else None)


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
    return Calls(
        svc, credentials.credentials, client_of(request), read_only=request.method == "GET"
    )


CallsDep = Annotated[Calls, Depends(get_calls)]


class StaffRoute(APIRoute):
    """For the ``/staff`` routers: the caller is authenticated and must hold a staff role
    before FastAPI reads, parses or validates the path and the body, so a participant
    learns nothing from a 422 (issue 8). The role rule itself is the use cases'
    ``require_staff``, called here first and again inside every use case."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def staff_first(request: Request) -> Response:
            credentials = await _bearer(request)
            auth = await _authenticate(
                request,
                await get_services(request),
                credentials.credentials if credentials else None,
            )
            require_staff(auth.actor)
            request.state.auth = auth
            return await handler(request)

        return staff_first


IdempotencyKey = Annotated[
    str | None,
    Header(
        min_length=1,
        max_length=100,
        description=(
            "Any unique string the client makes per action (a UUID): a retried request with "
            "the same key answers as the first one did and changes nothing again."
        ),
    ),
]
