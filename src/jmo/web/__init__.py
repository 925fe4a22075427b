"""Server-rendered pages (Jinja2 + HTMX) for participants' phones."""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from jmo.web.routes import (
    account,
    appointments,
    auth,
    card,
    claim_lock,
    claims,
    complaints,
    dev,
    employer,
    freeze,
    heirs,
    home,
    inbox,
    jht,
    my_requests,
    pengkinian,
    recovery_booking,
    registration,
    staff_appointments,
    staff_approvals,
    staff_audit,
    staff_auth,
    staff_claims,
    staff_complaints,
    staff_counter,
    staff_faces,
    staff_queue,
    staff_requests,
    tracking,
)


def build_routes() -> list[BaseRoute]:
    """Every page route, flat (see ``jmo.api.build_routes`` for why), none in the OpenAPI
    document."""
    routers = (
        auth.router,
        home.router,
        pengkinian.router,
        account.router,
        card.router,
        complaints.router,
        dev.router,
        jht.router,
        claims.router,
        registration.router,
        recovery_booking.router,
        inbox.router,
        claim_lock.router,
        freeze.router,
        heirs.router,
        my_requests.router,
        appointments.router,
        staff_appointments.router,
        staff_claims.router,
        tracking.router,
        staff_auth.router,
        staff_faces.router,
        staff_audit.router,
        staff_queue.router,
        staff_requests.router,
        staff_counter.router,
        staff_approvals.router,
        staff_complaints.router,
        employer.sign_in,
        employer.router,
    )
    routes = [route for router in routers for route in router.routes]
    for route in routes:
        if isinstance(route, APIRoute):
            route.include_in_schema = False
    return routes
