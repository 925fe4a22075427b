"""Where the JSON API lives. Every API router carries the full prefix itself: routers are
not nested with ``include_router`` (``jmo.api.build_routes`` says why)."""

V1 = "/api/v1"
