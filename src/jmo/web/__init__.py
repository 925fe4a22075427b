"""Server-rendered pages (Jinja2 + HTMX) for participants' phones."""

from __future__ import annotations

from fastapi import APIRouter

from jmo.web.routes import account, auth, card, claims, complaints, dev, home, jht, pengkinian


def build_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.include_router(auth.router)
    router.include_router(home.router)
    router.include_router(pengkinian.router)
    router.include_router(account.router)
    router.include_router(card.router)
    router.include_router(complaints.router)
    router.include_router(dev.router)
    router.include_router(jht.router)
    router.include_router(claims.router)
    return router
