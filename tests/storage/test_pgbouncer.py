"""PgBouncer in transaction mode in front of PostgreSQL (Debian's package, started by the
test): requests run through it with more clients than server connections, repeated often
enough that psycopg would prepare its statements (it must not: the next transaction may run
on another server connection)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from jmo.app import create_app
from jmo.bootstrap import bootstrap
from jmo.settings import Settings
from jmo.storage.db import make_engine
from jmo.usecases.services import Services
from tests.cast import PASSWORD, enrol_member
from tests.conftest import FAST_PASSWORDS, TEST_DATABASE, unavailable
from tests.faults import PgBouncer

pytestmark = pytest.mark.skipif(
    TEST_DATABASE != "postgresql", reason="PgBouncer fronts PostgreSQL: the PostgreSQL pass"
)


@pytest.fixture(params=[2])
def bouncer(request: pytest.FixtureRequest, database_url: str) -> Iterator[tuple[PgBouncer, str]]:
    parts = urlsplit(database_url)
    try:
        bouncer = PgBouncer(
            parts.hostname or "127.0.0.1", parts.port or 5432, pool_size=request.param
        )
    except FileNotFoundError as exc:
        unavailable(f"{exc} is not installed")
    netloc = parts.netloc.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{bouncer.port}")
    yield bouncer, urlunsplit(parts._replace(netloc=netloc))
    bouncer.close()


def test_requests_through_pgbouncer_in_transaction_mode(
    bouncer: tuple[PgBouncer, str], settings: Settings, services: Services
) -> None:
    proxy, url = bouncer
    engine = make_engine(url, pool_size=8, pgbouncer=True)
    runtime = bootstrap(
        settings,
        clock=services.clock,
        faces=services.faces,
        passwords=FAST_PASSWORDS,
        engine=engine,
    )
    budi = enrol_member(services)
    try:
        with TestClient(create_app(settings, runtime)) as client:
            token = client.post(
                "/api/v1/auth/login", json={"email": budi.email, "password": PASSWORD}
            ).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}

            def read(_: int) -> int:
                answer: httpx.Response = client.get("/api/v1/me", headers=headers)
                return answer.status_code

            # 8 clients on 2 server connections, 400 reads: well past psycopg's prepare
            # threshold (5) on every client connection.
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(read, range(400)))
            assert answers == [200] * 400, proxy.log()[-2000:]
            start = client.post("/api/v1/pengkinian/start", headers=headers)
            assert start.status_code == 200, start.text
    finally:
        engine.dispose()
    assert "prepared statement" not in proxy.log()


def _two_clients_on_one_server_connection(url: str, *, pgbouncer: bool) -> None:
    """Client A runs a query past psycopg's prepare threshold, then client B does the same
    on the same (only) server connection."""
    engine = make_engine(url, pool_size=2, pgbouncer=pgbouncer)
    try:
        with engine.connect() as first, engine.connect() as second:
            for conn in (first, second):
                for n in range(8):
                    assert (
                        conn.execute(text("SELECT CAST(:n AS integer) + 1"), {"n": n}).scalar()
                        == n + 1
                    )
                    conn.commit()
    finally:
        engine.dispose()


@pytest.mark.parametrize("bouncer", [1], indirect=True)
def test_without_the_setting_prepared_statements_collide(bouncer: tuple[PgBouncer, str]) -> None:
    _, url = bouncer
    with pytest.raises(DBAPIError, match="prepared statement"):
        _two_clients_on_one_server_connection(url, pgbouncer=False)
    _two_clients_on_one_server_connection(url, pgbouncer=True)
