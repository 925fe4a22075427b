"""PostgreSQL going away under a running app: requests fail cleanly (503 with a stable code
and Retry-After, a page that says try again; nothing half-written), and the app recovers by
itself when the database is back. Notices queued before the outage are sent afterwards
(the outbox lives in the database; see tests for the dispatcher)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import bootstrap
from jmo.settings import Settings
from jmo.storage.db import make_engine
from jmo.usecases.services import Services
from tests.cast import enrol_member
from tests.conftest import FAST_PASSWORDS, TEST_DATABASE
from tests.faults import TcpProxy

pytestmark = pytest.mark.skipif(
    TEST_DATABASE != "postgresql", reason="a network database outage: the PostgreSQL pass"
)


@pytest.fixture
def proxied(
    database_url: str, settings: Settings, services: Services
) -> Iterator[tuple[TestClient, TcpProxy]]:
    parts = urlsplit(database_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    netloc = parts.netloc.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{proxy.port}")
    url = urlunsplit(parts._replace(netloc=netloc))
    engine = make_engine(url)
    runtime = bootstrap(
        settings,
        clock=services.clock,
        faces=services.faces,
        passwords=FAST_PASSWORDS,
        engine=engine,
    )
    # The fast read lane reads through the proxy too: an outage is one for every route to
    # the database (the lane once kept reading the settings' URL and answered 200).
    assert runtime.lane is not None
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client, proxy
    proxy.close()
    engine.dispose()


def test_requests_fail_cleanly_while_the_database_is_away_and_recover(
    proxied: tuple[TestClient, TcpProxy], services: Services
) -> None:
    client, proxy = proxied
    budi = enrol_member(services)
    token = client.post(
        "/api/v1/auth/login", json={"email": budi.email, "password": budi.password}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200

    proxy.cut()
    down = client.get("/api/v1/me", headers=auth)
    assert down.status_code == 503
    assert down.json()["error"]["code"] == "service.database_unavailable"
    assert down.headers["retry-after"] == "5"
    start = client.post("/api/v1/pengkinian/start", headers=auth)
    assert start.status_code == 503
    page = client.get("/login")
    assert page.status_code == 200  # the login page itself needs no database
    home = client.get("/beranda", cookies={"jmo_session": token})
    assert home.status_code == 503 and "coba lagi" in home.text

    proxy.restore()
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    assert client.post("/api/v1/pengkinian/start", headers=auth).status_code == 200
