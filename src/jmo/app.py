"""The web application: pages and JSON API over the same use cases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from jmo import __version__
from jmo.api import build_router as build_api_router
from jmo.api.errors import domain_error_handler, request_validation_handler
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.errors import DomainError
from jmo.logging_setup import install as install_log_redaction
from jmo.settings import Settings, load_settings
from jmo.web import build_router as build_web_router
from jmo.web.deps import CsrfFailed, LoginRequired
from jmo.web.handlers import csrf_failed_handler, login_required_handler, page_domain_error_handler
from jmo.web.templating import build_environment

# No inline scripts or styles anywhere, so the policy needs no 'unsafe-inline'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or load_settings()
    install_log_redaction()
    runtime = runtime or bootstrap(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
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
    app.state.services = runtime.services
    app.state.runtime = runtime
    app.state.templates = build_environment()
    app.state.cookie_secure = bool(settings.cookie_secure)
    app.state.environment = settings.environment  # /dev/outbox exists only in development

    app.include_router(build_api_router())
    app.include_router(build_web_router())
    static_dir = resources.files("jmo.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    async def domain_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return await domain_error_handler(request, exc)
        return await page_domain_error_handler(request, exc)

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation_handler)
    app.add_exception_handler(LoginRequired, login_required_handler)
    app.add_exception_handler(CsrfFailed, csrf_failed_handler)

    hsts = settings.cookie_secure

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), microphone=(), geolocation=()"
        )
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if hsts:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory jmo.app:create_app_from_env``."""
    return create_app()
