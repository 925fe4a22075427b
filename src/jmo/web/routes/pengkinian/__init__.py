"""Steps 5-11 of Pengkinian Data as pages, one module per part of the wizard (``wizard``
holds what they share). Every rule is in the use cases; these routes only turn form posts
into calls and results into pages (and keep what was typed on errors)."""

from __future__ import annotations

from fastapi import APIRouter

from jmo.web.routes.pengkinian import (
    biometric,
    confirm,
    contact_code,
    draft,
    forms,
    identity,
)

PARTS = (draft, identity, biometric, forms, contact_code, confirm)

# One router of the parts' routes, flat: never ``include_router``, whose nested routers
# FastAPI walks on every request (``jmo.api.build_routes`` says why).
router = APIRouter()
router.routes.extend(route for part in PARTS for route in part.router.routes)
