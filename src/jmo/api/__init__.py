"""The JSON API for phone clients (``/api/v1``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from jmo.api import docs_page
from jmo.api.v1 import (
    account,
    appointments,
    auth,
    card,
    claim_lock,
    claims,
    complaints,
    freeze,
    heirs,
    inbox,
    jht,
    my_requests,
    pengkinian,
    reference,
    registration,
    staff,
    staff_appointments,
    staff_audit,
    staff_backoffice,
    staff_change_requests,
    staff_claims,
    staff_counter,
    staff_freezes,
    staff_participants,
    tracking,
)


def build_routes() -> list[BaseRoute]:
    """Every API route, flat: each router carries the full ``/api/v1`` prefix. Not
    through ``include_router``: FastAPI matches the routes of an included router by walking
    the whole nested tree for every request, twice, which cost milliseconds per request
    with this many routes (issue 10)."""
    routers = (
        auth.router,
        auth.me_router,
        pengkinian.router,
        reference.router,
        account.router,
        claim_lock.router,
        freeze.router,
        heirs.router,
        heirs.staff_router,
        registration.router,
        registration.recovery_router,
        inbox.router,
        inbox.not_me_router,
        staff_freezes.router,
        card.router,
        card.verify_router,
        complaints.router,
        jht.router,
        claims.router,
        my_requests.router,
        appointments.router,
        staff_appointments.router,
        tracking.router,
        tracking.public_router,
        staff.router,
        staff_backoffice.router,
        staff_counter.router,
        staff_claims.router,
        staff_change_requests.router,
        staff_participants.router,
        staff_audit.router,
        docs_page.router,
    )
    return [route for router in routers for route in router.routes]
