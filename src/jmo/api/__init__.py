"""The JSON API for phone clients (``/api/v1``)."""

from __future__ import annotations

from fastapi import APIRouter

from jmo.api.v1 import auth, claims, jht, pengkinian, reference, staff


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    router.include_router(auth.router)
    router.include_router(auth.me_router)
    router.include_router(pengkinian.router)
    router.include_router(reference.router)
    router.include_router(jht.router)
    router.include_router(claims.router)
    router.include_router(staff.router)
    return router
