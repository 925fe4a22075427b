"""Server-rendered pages (Jinja2 + HTMX) for participants' phones."""

from __future__ import annotations

from fastapi import APIRouter

from jmo.web.routes import auth, claims, home, jht, pengkinian


def build_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.include_router(auth.router)
    router.include_router(home.router)
    router.include_router(pengkinian.router)
    router.include_router(jht.router)
    router.include_router(claims.router)
    return router
