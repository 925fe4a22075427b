"""The page routes state what they need in their signatures (``AuthDep``, ``CallsDep``,
``ServicesDep``, ``StaffDep``, ``EmployerDep``), as the API's do (issue 9): no route
module fetches the session or the services in a body again, and a login asked for by a
dependency still sends the person to the sign-in page and back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import jmo.edge
import jmo.web.deps
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import enrol_member
from tests.web.test_pages import log_in

ROUTES = Path(__file__).resolve().parents[2] / "src" / "jmo" / "web" / "routes"
# What a route declares in its signature instead of calling in its body.
FETCHERS = {
    "require_login",
    "optional_login",
    "require_staff_login",
    "require_employer_login",
    "PageCalls",
    "services",
}


def _is_route(function: ast.AsyncFunctionDef | ast.FunctionDef) -> bool:
    return any("router." in ast.unparse(d) for d in function.decorator_list)


def fetches_in_body(source: str) -> list[str]:
    """``name:line`` of every login or services fetch that a route does in its body, and
    of every login fetch anywhere in the module (a helper that logs in is a body too)."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    route_bodies = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.AsyncFunctionDef | ast.FunctionDef) and _is_route(function)
        for statement in function.body
        for node in ast.walk(statement)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name = node.func.id
        logs_in = name in FETCHERS - {"services"}
        if name in FETCHERS and (logs_in or id(node) in route_bodies):
            found.append((node.lineno, name))
    return [f"{name}:{line}" for line, name in sorted(found)]


def test_no_page_route_fetches_what_its_signature_should_declare() -> None:
    modules = sorted(ROUTES.rglob("*.py"))
    assert len(modules) > 20
    offenders = {
        str(path.relative_to(ROUTES)): found
        for path in modules
        if (found := fetches_in_body(path.read_text()))
    }
    assert offenders == {}


def test_the_scan_sees_a_fetch_in_a_route_and_a_login_in_a_helper() -> None:
    """The scan itself: it must catch the old style, or the test above proves nothing."""
    old_style = """
@router.get("/x")
async def page(request: Request) -> Response:
    auth = await require_login(request)
    svc = services(request)
    calls = PageCalls(request)


async def _helper(request: Request) -> None:
    await require_staff_login(request)
    services(request)  # a helper may still take the services from the request
"""
    assert fetches_in_body(old_style) == [
        "require_login:4",
        "services:5",
        "PageCalls:6",
        "require_staff_login:10",
    ]


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "login"),
    [
        # AuthDep
        ("/layanan/kartu-digital", "/login?next=/layanan/kartu-digital"),
        # CallsDep (the session is checked by the first use case), with the query kept
        (
            "/akun/kunci-klaim?wajah=face.reject",
            "/login?next=/akun/kunci-klaim%3Fwajah%3Dface.reject",
        ),
        # AuthDep and CallsDep in one signature
        ("/kartu-digital/kartu.png", "/login?next=/kartu-digital/kartu.png"),
        # StaffDep and EmployerDep: their own sign-in pages
        ("/petugas/wajah/00000000-0000-0000-0000-000000000000", "/petugas/masuk"),
        ("/perusahaan/pekerja-baru", "/perusahaan/masuk"),
    ],
)
def test_a_login_asked_by_a_dependency_leads_to_the_sign_in_page_and_back(
    browser: TestClient, path: str, login: str
) -> None:
    response = browser.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == login


def test_an_ended_session_says_so_on_the_way_to_the_sign_in_page(
    browser: TestClient, services: Services
) -> None:
    browser.cookies.set("jmo_session", "not-a-session")
    response = browser.get("/akun")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/akun")
    assert "jmo_session" in response.headers["set-cookie"]  # the stale cookie is removed


def test_a_route_with_auth_and_calls_signs_in_once(
    browser: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``AuthDep`` remembers the session for the request; ``CallsDep`` uses it instead of
    checking the cookie a second time."""
    member = enrol_member(services)
    log_in(browser, member)
    checks: list[str] = []
    for module in (jmo.web.deps, jmo.edge):  # the two places that check a session
        original = module.authenticate

        def counted(*args: object, _original: object = original, **kwargs: object) -> object:
            checks.append("authenticate")
            return _original(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(module, "authenticate", counted)
    page = browser.get("/kartu-digital/kartu.png")
    assert page.status_code in (200, 303)  # the card, or step 4's prompt first
    assert checks == ["authenticate"]
