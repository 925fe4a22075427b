"""The data update's pages are a package, one module a part of the wizard (issue 9): its
one router holds every part's routes, flat; the addresses are the ones the pages had as one
module; and every route asks for the login in its signature."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import jmo.web.routes.pengkinian as pages
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.web import build_routes

# The addresses of steps 5-11 before the split; a link, a form or a bookmark uses them.
ADDRESSES = {
    ("GET", "/pengkinian"),
    ("POST", "/pengkinian/mulai"),
    ("GET", "/pengkinian/identitas"),
    ("POST", "/pengkinian/identitas"),
    ("GET", "/pengkinian/identitas/koreksi"),
    ("POST", "/pengkinian/identitas/koreksi"),
    ("GET", "/pengkinian/biometrik"),
    ("POST", "/pengkinian/biometrik"),
    ("POST", "/pengkinian/biometrik/tantangan"),
    ("POST", "/pengkinian/biometrik/burst"),
    ("GET", "/pengkinian/kontak"),
    ("POST", "/pengkinian/kontak"),
    ("GET", "/pengkinian/kontak/verifikasi"),
    ("POST", "/pengkinian/kontak/verifikasi"),
    ("POST", "/pengkinian/kontak/kirim-ulang/{channel}"),
    ("GET", "/pengkinian/kependudukan"),
    ("POST", "/pengkinian/kependudukan"),
    ("POST", "/pengkinian/kependudukan/wilayah"),
    ("GET", "/pengkinian/tambahan"),
    ("POST", "/pengkinian/tambahan"),
    ("GET", "/pengkinian/konfirmasi"),
    ("POST", "/pengkinian/konfirmasi"),
}


def _modules_with_routes() -> Iterator[ModuleType]:
    for found in pkgutil.iter_modules(pages.__path__):
        module = importlib.import_module(f"{pages.__name__}.{found.name}")
        if hasattr(module, "router"):
            yield module


def _addresses(routes: list[APIRoute]) -> set[tuple[str, str]]:
    return {(method, route.path) for route in routes for method in route.methods or ()}


def test_the_router_holds_every_part_flat() -> None:
    assert set(_modules_with_routes()) == set(pages.PARTS)  # no part left out
    routes = pages.router.routes
    assert routes == [route for part in pages.PARTS for route in part.router.routes]
    assert all(isinstance(route, APIRoute) for route in routes)  # not an included router


def test_the_addresses_are_the_ones_the_pages_had() -> None:
    ours = [route for route in pages.router.routes if isinstance(route, APIRoute)]
    assert _addresses(ours) == ADDRESSES
    served = [route for route in build_routes() if isinstance(route, APIRoute)]
    assert _addresses(served) >= ADDRESSES


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


@pytest.mark.parametrize(("method", "path"), sorted(ADDRESSES))
def test_every_page_asks_for_the_login_and_comes_back(
    browser: TestClient, method: str, path: str
) -> None:
    """Signed out, every route (a form post too) leads to the sign-in page and back: none
    runs a use case or reads a form without a session."""
    path = path.replace("{channel}", "phone")
    response = browser.request(method, path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"
