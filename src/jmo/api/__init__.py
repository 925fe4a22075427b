"""The JSON API for phone clients (``/api/v1``)."""

from __future__ import annotations

from fastapi import APIRouter

from jmo.api.v1 import (
    account,
    auth,
    card,
    claims,
    complaints,
    jht,
    pengkinian,
    reference,
    staff,
    staff_change_requests,
    staff_claims,
    staff_participants,
)


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    router.include_router(auth.router)
    router.include_router(auth.me_router)
    router.include_router(pengkinian.router)
    router.include_router(reference.router)
    router.include_router(account.router)
    router.include_router(card.router)
    router.include_router(card.verify_router)
    router.include_router(complaints.router)
    router.include_router(jht.router)
    router.include_router(claims.router)
    router.include_router(staff.router)
    router.include_router(staff_claims.router)
    router.include_router(staff_change_requests.router)
    router.include_router(staff_participants.router)
    return router
