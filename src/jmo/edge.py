"""What the two edges (pages and JSON API) share: the HTTP status of a domain error, and
running a request's use case (on the fast read lane, or in one hop to a worker thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from jmo.domain.accounts import Actor
from jmo.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
from jmo.usecases.accounts.sessions import Authenticated, Client, authenticate
from jmo.usecases.ports.unit_of_work import LaneMiss, ReplicaCannotWrite, UnitOfWork
from jmo.usecases.services import Services

P = ParamSpec("P")
T = TypeVar("T")

_UNAUTHENTICATED = {"auth.required", "auth.session_expired", "auth.invalid_credentials"}


def status_for(error: DomainError) -> int:
    return status_of(type(error), error.code)


def status_of(kind: type[DomainError], code: str) -> int:
    """The HTTP status of an error of this class and code (the API document lists the
    statuses of each operation from the same rule, ``jmo.api.contract``)."""
    if issubclass(kind, ValidationFailed):
        return 422
    if issubclass(kind, NotFound):
        return 404
    if code in _UNAUTHENTICATED:
        return 401
    if issubclass(kind, PermissionDenied):
        return 403
    if issubclass(kind, Conflict):
        return 409
    if issubclass(kind, TooManyAttempts):
        return 429
    if code == "service.database_unavailable":
        return 503
    if code == "request.too_large":
        return 413
    return 422


class Calls:
    """A request's database work: authenticate (once per request) and run the use case
    with the actor. A GET is first tried on the fast read lane (in the event loop, on
    asyncpg, ``storage.fast_reads``); whatever the lane cannot answer, and every other
    request, runs in one hop to a worker thread (the replica for a GET when the router
    allows), where the connection is also handed back. The hot reads (Cek Saldo, home,
    card, claim list) go through it (issue 10).

    ``token`` is the session token (bearer or cookie); a missing or ended session raises
    ``PermissionDenied`` from :meth:`run`, which each edge turns into its own answer."""

    def __init__(
        self, services: Services, token: str, client: Client, *, read_only: bool = False
    ) -> None:
        """``read_only``: the request only reads (GET), so its use case may be answered
        from the read replica when ``services.replica_uow`` offers one."""
        self.services = services
        self._token = token
        self._client = client
        self._read_only = read_only
        self.auth: Authenticated | None = None

    async def run(
        self,
        usecase: Callable[Concatenate[UnitOfWork, Actor, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        lane = self.services.fast_reads
        if lane is not None and self._read_only:
            try:
                return await lane.run(self._call(usecase, *args, **kwargs))
            except LaneMiss:
                pass  # it wanted to write, or to read what the lane does not serve
        return await run_in_threadpool(self._run, usecase, *args, **kwargs)

    def _call(
        self,
        usecase: Callable[Concatenate[UnitOfWork, Actor, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Callable[[UnitOfWork], T]:
        """The session check and the use case on one unit of work (the fast lane's)."""

        def call(uow: UnitOfWork) -> T:
            if self.auth is None:
                self.auth = self._authenticate(uow)
            return usecase(uow, self.auth.actor, *args, **kwargs)

        return call

    def _authenticate(self, uow: UnitOfWork) -> Authenticated:
        svc = self.services
        return authenticate(
            uow, token=self._token, client=self._client, now=svc.clock.now(), policy=svc.policy
        )

    @property
    def authenticated(self) -> Authenticated:
        """The session and account, once :meth:`run` has checked them."""
        if self.auth is None:
            raise RuntimeError("Calls.run() has not authenticated this request yet")
        return self.auth

    def _run(
        self,
        usecase: Callable[Concatenate[UnitOfWork, Actor, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        svc = self.services
        try:
            if self.auth is None:
                self.auth = self._authenticate(svc.uow())
            replica = svc.replica_uow(self._token) if self._read_only else None
            if replica is not None:
                try:
                    return usecase(replica, self.auth.actor, *args, **kwargs)
                except ReplicaCannotWrite:
                    pass  # it wanted to write (a summary to rebuild): the primary does it
            return usecase(svc.uow(), self.auth.actor, *args, **kwargs)
        finally:
            svc.end_request()
