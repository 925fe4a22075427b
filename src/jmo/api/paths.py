"""Where the JSON API lives, and what its operations are called. Every API router carries
the full prefix itself: routers are not nested with ``include_router`` (``jmo.api.build_routes``
says why)."""

from __future__ import annotations

from fastapi.routing import APIRoute

V1 = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """``<module>_<function>`` (``pengkinian_selfie``): stable while the endpoint keeps its
    name, whatever its path, so a generated client's method names do not move (every API
    router passes this as ``generate_unique_id_function``)."""
    module = route.endpoint.__module__.rsplit(".", 1)[-1]
    return f"{module}_{route.endpoint.__name__}"
