"""The app's routes are one flat list with the hot reads first (issue 10): FastAPI walks
the whole tree of an included router for every request, so a router added with
``include_router`` would bring back milliseconds of matching per request."""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.routing import Match, Mount, Route

from jmo.app import HOT_READS, create_app
from jmo.settings import Settings


def _scope(path: str) -> dict[str, object]:
    return {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}


def test_routes_are_flat_and_the_hot_reads_are_matched_first(settings: Settings) -> None:
    app = create_app(settings)
    routes = app.router.routes
    # Only plain routes and the static mount: no nested (included) routers.
    assert all(isinstance(r, APIRoute | Route | Mount) for r in routes), [
        type(r).__name__ for r in routes if not isinstance(r, APIRoute | Route | Mount)
    ]
    hot = sum(1 for r in routes if getattr(r, "path", None) in HOT_READS)
    for path in HOT_READS:
        position = next(i for i, r in enumerate(routes) if r.matches(_scope(path))[0] is Match.FULL)
        # Tried before anything else (there are well over a hundred routes).
        assert position < hot, (path, position)
