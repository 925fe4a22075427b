"""The web application: pages and JSON API over the same use cases."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from jmo import __version__
from jmo.api import build_routes as api_routes
from jmo.api.contract.document import api_document
from jmo.api.contract.document import api_routes as documented_routes
from jmo.api.contract.retirement import RETIRING, Retirement, RetirementHeaders, check
from jmo.api.errors import (
    api_http_error_handler,
    domain_error_handler,
    request_validation_handler,
)
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.errors import DomainError
from jmo.edge_body_limit import BodyLimit, readable_size, upload_limits
from jmo.logging_setup import install as install_log_redaction
from jmo.settings import Settings, load_settings
from jmo.storage.unit_of_work import request_transaction
from jmo.web import build_routes as page_routes
from jmo.web.deps import SESSION_COOKIE, CsrfFailed, LoginRequired
from jmo.web.handlers import (
    csrf_failed_handler,
    login_required_handler,
    page_domain_error_handler,
    page_http_error_handler,
)
from jmo.web.templating import build_environment

# No inline scripts or styles anywhere, so the policy needs no 'unsafe-inline'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# The reads people make most: FastAPI tries the routes in order, each try costing about a
# microsecond or two, so these are tried first.
HOT_READS = frozenset(
    {
        "/api/v1/jht/balance",
        "/api/v1/me",
        "/api/v1/card",
        "/api/v1/claims",
        "/beranda",
        "/saldo-jht",
        "/kartu-digital",
        "/klaim",
    }
)


def hot_first(routes: list[BaseRoute]) -> list[BaseRoute]:
    return sorted(routes, key=lambda r: getattr(r, "path", None) not in HOT_READS)


def create_app(
    settings: Settings | None = None,
    runtime: Runtime | None = None,
    *,
    retiring: Sequence[Retirement] = RETIRING,
) -> FastAPI:
    """``retiring``: the API operations being retired (``RETIRING``; a test passes its own)."""
    settings = settings or load_settings()
    install_log_redaction()
    runtime = runtime or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Worker threads run the use cases; each holds at most one pooled connection for
        # its request (the pool is sized from the same setting, bootstrap.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        if runtime.lane is not None:
            await runtime.lane.open()  # its connections belong to this event loop
        try:
            yield
        finally:
            if runtime.lane is not None:
                await runtime.lane.close()
            runtime.close()

    app = FastAPI(
        title="JMO API",
        version=__version__,
        description="Participant self-service: Pengkinian Data and the services it unlocks.",
        docs_url=None,  # the Swagger UI loads from a CDN; no network at run time
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )

    def openapi() -> dict[str, Any]:
        # Built once, from the routes and the code they call (jmo.api.contract).
        if app.openapi_schema is None:
            app.openapi_schema = api_document(
                app.routes,
                title=app.title,
                version=app.version,
                description=app.description,
                policy=runtime.services.policy,
                retiring=retiring,
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.state.services = runtime.services
    app.state.runtime = runtime
    app.state.templates = build_environment()
    app.state.cookie_secure = bool(settings.cookie_secure)
    # /dev/outbox exists only in development, and even there only for this machine
    # (web/routes/dev.py; docs/decisions/safe-by-default.md).
    app.state.environment = settings.environment

    # Routes are added flat, never through include_router, the most used first
    # (jmo.api.build_routes says why; tests/web/test_routing.py keeps it so).
    app.router.routes[:] = hot_first([*app.router.routes, *api_routes(), *page_routes()])
    static_dir = resources.files("jmo.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    async def domain_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return await domain_error_handler(request, exc)
        return await page_domain_error_handler(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        # the API in its documented shape; a browser a page; anyone else FastAPI's JSON
        if request.url.path.startswith("/api/"):
            return await api_http_error_handler(request, exc)
        return await page_http_error_handler(request, exc)

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, request_validation_handler)
    app.add_exception_handler(LoginRequired, login_required_handler)
    app.add_exception_handler(CsrfFailed, csrf_failed_handler)

    async def too_large(scope: Scope, limit: int) -> Response:
        error = DomainError("request.too_large", size=readable_size(limit))
        return await domain_error(Request(scope), error)

    # Middleware added last runs first. The body limit sits inside the security headers,
    # so a 413 carries them too; the client address is settled (trusted proxies) before
    # anything else looks at it.
    # Inside the router's scope: the matched route says whether the answer announces a sunset.
    app.add_middleware(
        RetirementHeaders, retiring=check(retiring, documented_routes(app.router.routes))
    )
    app.add_middleware(BodyLimit, limits=upload_limits(runtime.services.policy), refuse=too_large)
    app.add_middleware(SecurityHeaders, hsts=bool(settings.cookie_secure))
    app.add_middleware(
        OneSessionPerRequest, on_write=runtime.note_write if runtime.replica else None
    )
    proxies = [str(network) for network in settings.trusted_proxy_networks()]
    if proxies:
        # X-Forwarded-For and -Proto only from these peers (uvicorn's own implementation:
        # the right-most address not itself a trusted proxy). `jmo serve` turns uvicorn's
        # copy of this off, which by default believes any local client.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory jmo.app:create_app_from_env`` (the server process)."""
    app = create_app()
    settle_startup_objects()
    return app


def settle_startup_objects() -> None:
    """What is alive once the app is built (modules, routes, templates, about 180,000
    objects) lives as long as the process: moved out of the garbage collector's view, a
    full collection no longer walks it on some request's time (89 ms a time, measured in
    issue 10; it showed as the long tail of the hot reads). Only in the server process: a
    test builds many apps, whose cycles must stay collectable."""
    gc.collect()
    gc.freeze()


_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
)
_HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """The headers every answer carries (a route may set its own first, e.g. a stricter
    policy on a download). Plain ASGI: Starlette's BaseHTTPMiddleware runs each request in
    an extra task and copies the body through a stream."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = [*_HEADERS]
                if not static:
                    wanted.append((b"cache-control", b"no-store"))
                if self.hsts:
                    wanted.append(_HSTS)
                headers.extend(h for h in wanted if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class OneSessionPerRequest:
    """Every unit of work of one request shares one database session (storage's
    ``request_transaction``): one pooled connection and, for reads on PostgreSQL, one
    transaction. The session is closed after the answer has been sent. ``on_write`` is told
    the session token of a request that committed a write (read-your-writes on a replica)."""

    def __init__(self, app: ASGIApp, on_write: Callable[[str], None] | None = None) -> None:
        self.app = app
        self.on_write = on_write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with request_transaction() as held:
            try:
                await self.app(scope, receive, send)
            finally:
                if held.session is not None:
                    # Shielded: a client that went away must not leak the connection.
                    with anyio.CancelScope(shield=True):
                        await run_in_threadpool(held.close)
                if held.committed_writes and self.on_write is not None:
                    with anyio.CancelScope(shield=True):
                        await run_in_threadpool(self.on_write, session_token(scope))


def session_token(scope: Scope) -> str:
    """The request's session token: the API's bearer token or the pages' cookie."""
    cookie_prefix = SESSION_COOKIE.encode() + b"="
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            return value[7:].decode("latin-1").strip()
        if name == b"cookie":
            for part in value.split(b";"):
                pair = part.strip()
                if pair.startswith(cookie_prefix):
                    return pair[len(cookie_prefix) :].decode("latin-1")
    return ""
