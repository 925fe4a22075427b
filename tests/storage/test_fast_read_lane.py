"""The fast read lane (issue 10; docs/decisions/fast-read-lane.md): on PostgreSQL the hot
reads are answered in the event loop through asyncpg, with the same use cases and
repositories, and give exactly what the general path gives; whatever would write, or fails,
goes the general way."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text, update

from jmo.app import create_app
from jmo.bootstrap import Runtime, bootstrap
from jmo.settings import Settings
from jmo.storage.fast_reads.lane import APPLICATION_NAME, FastReadLane
from jmo.storage.fast_reads.statements import compiled
from jmo.storage.repositories.change_requests import _LATEST_OPEN
from jmo.storage.repositories.jht_ledger import _SUMMARIES
from jmo.storage.rows import SessionRow
from jmo.usecases.accounts.sessions import hash_token
from jmo.usecases.services import Services
from tests.api.test_jht_claims_api import file_jht_claim
from tests.api.test_pengkinian_api import login
from tests.conftest import FAST_PASSWORDS
from tests.jht_cast import complete_update, enrol_worker, job, statements
from tests.web.test_pages import log_in

API_READS = ("/api/v1/jht/balance", "/api/v1/me", "/api/v1/card", "/api/v1/claims")
PAGE_READS = ("/beranda", "/saldo-jht", "/kartu-digital", "/klaim")


@pytest.fixture
def postgres(settings: Settings) -> None:
    if settings.is_sqlite:
        pytest.skip("the lane is PostgreSQL's (on SQLite: test_no_lane_on_sqlite)")


@pytest.fixture
def lane(runtime: Runtime, postgres: None) -> FastReadLane:
    assert runtime.lane is not None
    return runtime.lane


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as opened:
        yield opened


@pytest.fixture
def general(settings: Settings, db: Engine, runtime: Runtime) -> Iterator[TestClient]:
    """The same database and clock without the lane: every read in a worker thread."""
    off = bootstrap(
        settings.model_copy(update={"database_fast_reads": False}),
        clock=runtime.services.clock,
        faces=runtime.services.faces,
        passwords=FAST_PASSWORDS,
        engine=db,
    )
    assert off.lane is None
    with TestClient(create_app(settings, off), follow_redirects=False) as opened:
        yield opened


def with_a_claim(client: TestClient, services: Services) -> dict[str, str]:
    """A participant whose data is current, with two KPJ periods and a claim filed."""
    member = enrol_worker(
        services, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),)
    )
    complete_update(services, member)
    auth = login(client, member)
    file_jht_claim(client, auth)
    return auth


def test_the_hot_api_reads_run_on_the_lane_without_sqlalchemy(
    client: TestClient, services: Services, lane: FastReadLane, db: Engine
) -> None:
    auth = with_a_claim(client, services)
    for path in API_READS:  # the first balance read writes the person's summary
        client.get(path, headers=auth)
    for path in API_READS:
        answered = lane.answered
        with statements(db) as sent:
            response = client.get(path, headers=auth)
        assert response.status_code == 200, (path, response.text)
        assert lane.answered == answered + 1, path
        assert sent == [], (path, sent)  # nothing through SQLAlchemy's pool


def test_the_hot_pages_run_on_the_lane_without_sqlalchemy(
    client: TestClient, services: Services, lane: FastReadLane, db: Engine
) -> None:
    with_a_claim(client, services)
    member = enrol_worker(
        services,
        employments=(job(date(2015, 1, 1), date(2020, 6, 30), 8_000_000),),
        full_name="Rina Lestari",
    )
    complete_update(services, member)
    log_in(client, member)
    for path in PAGE_READS:  # the first balance read writes the person's summary
        client.get(path)
    for path in PAGE_READS:
        answered = lane.answered
        with statements(db) as sent:
            response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        assert lane.answered > answered, path
        assert sent == [], (path, sent)


def test_the_lane_answers_what_the_general_path_answers(
    client: TestClient, general: TestClient, services: Services, lane: FastReadLane
) -> None:
    auth = with_a_claim(client, services)
    for path in API_READS:
        fast, slow = client.get(path, headers=auth), general.get(path, headers=auth)
        assert fast.status_code == slow.status_code == 200
        assert fast.json() == slow.json(), path
        assert fast.headers["content-type"] == slow.headers["content-type"]
    for path in ("/api/v1/claims", "/api/v1/jht/balance"):
        assert client.get(path, headers={"Authorization": "Bearer nope"}).json() == (
            general.get(path, headers={"Authorization": "Bearer nope"}).json()
        )


def test_pages_render_the_same_on_both_paths(
    client: TestClient, general: TestClient, services: Services, lane: FastReadLane
) -> None:
    member = enrol_worker(
        services, employments=(job(date(2012, 1, 1), date(2021, 12, 31), 9_000_000),)
    )
    complete_update(services, member)
    log_in(client, member)
    general.cookies.update(client.cookies)
    for path in PAGE_READS:
        fast, slow = client.get(path), general.get(path)
        assert fast.status_code == slow.status_code == 200
        assert fast.text == slow.text, path


def test_a_session_due_for_its_last_seen_write_goes_the_general_way(
    client: TestClient, services: Services, lane: FastReadLane, db: Engine
) -> None:
    auth = with_a_claim(client, services)
    client.get("/api/v1/claims", headers=auth)
    token_hash = _token_hash(auth)
    earlier = services.clock.now() - timedelta(minutes=5)
    with db.begin() as conn:
        conn.execute(
            update(SessionRow)
            .where(SessionRow.token_hash == token_hash)
            .values(last_seen_at=earlier)
        )
    misses = lane.misses
    assert client.get("/api/v1/claims", headers=auth).status_code == 200
    assert lane.misses == misses + 1  # the lane stopped at the write, nothing was sent
    with db.connect() as conn:
        seen = conn.scalar(
            select(SessionRow.last_seen_at).where(SessionRow.token_hash == token_hash)
        )
    assert seen == services.clock.now()  # the general path wrote it
    answered = lane.answered
    assert client.get("/api/v1/claims", headers=auth).status_code == 200
    assert lane.answered == answered + 1  # and the next read is the lane's again


def test_an_ended_session_is_refused_on_the_lane(
    client: TestClient, services: Services, lane: FastReadLane, db: Engine
) -> None:
    auth = with_a_claim(client, services)
    with db.begin() as conn:
        conn.execute(
            update(SessionRow)
            .where(SessionRow.token_hash == _token_hash(auth))
            .values(revoked_at=services.clock.now())
        )
    answered = lane.answered
    response = client.get("/api/v1/jht/balance", headers=auth)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.required"
    assert lane.answered == answered  # refused inside the lane: no answer counted
    assert client.get("/beranda", cookies={"jmo_session": "nope"}).status_code == 303


def test_a_lane_that_cannot_reach_the_database_leaves_the_answer_to_the_general_path(
    settings: Settings, runtime: Runtime, services: Services, postgres: None
) -> None:
    lane = FastReadLane(
        "postgresql+psycopg://postgres@127.0.0.1:9/nowhere", _cipher(runtime), max_connections=2
    )
    broken = dataclasses.replace(
        runtime, services=dataclasses.replace(services, fast_reads=lane), lane=lane
    )
    with TestClient(create_app(settings, broken)) as api:  # the server starts regardless
        auth = with_a_claim(api, services)
        claims = api.get("/api/v1/claims", headers=auth)
    assert claims.status_code == 200 and len(claims.json()) == 1
    assert lane.answered == 0 and lane.misses >= 1


def test_list_parameters_read_what_sqlalchemy_reads(
    client: TestClient, services: Services, runtime: Runtime, settings: Settings, postgres: None
) -> None:
    auth = with_a_claim(client, services)
    assert client.get("/api/v1/jht/balance", headers=auth).status_code == 200  # a summary
    mine = client.get("/api/v1/me", headers=auth).json()["participant_id"]
    ids = [uuid.UUID(mine), uuid.uuid4(), uuid.uuid4()]
    sql, args = compiled(_SUMMARIES).bind({"ids": ids})
    assert sql.count("$") == 3 and args == ids
    sql, args = compiled(_LATEST_OPEN).bind({"participant_id": ids[0], "kind": "kpj_merge"})
    assert args[:2] == [ids[0], "kpj_merge"] and len(args) == sql.count("$") == 6

    lane = FastReadLane(settings.database_url, _cipher(runtime), max_connections=2)

    async def on_the_lane() -> Any:
        await lane.open()
        try:
            return await lane.run(lambda uow: uow.jht_ledger.summaries(ids))
        finally:
            await lane.close()

    uow = services.uow()
    with uow:
        expected = uow.jht_ledger.summaries(ids)
    assert expected and asyncio.run(on_the_lane()) == expected


def test_a_connection_goes_back_to_the_pool_without_a_reset_round_trip(
    runtime: Runtime, settings: Settings, db: Engine, postgres: None
) -> None:
    """asyncpg's default reset (RESET ALL, UNLISTEN *, ...) ran after every request; the
    lane changes no session state, so the last statement each of its connections ran is
    the read itself."""
    lane = FastReadLane(settings.database_url, _cipher(runtime), max_connections=1)

    async def on_the_lane() -> list[str]:
        await lane.open()
        try:
            await lane.run(lambda uow: uow.jht_ledger.summaries([uuid.uuid4()]))
            with db.connect() as conn:
                return list(
                    conn.execute(
                        text(
                            "SELECT query FROM pg_stat_activity"
                            " WHERE datname = current_database() AND application_name = :name"
                        ),
                        {"name": APPLICATION_NAME},
                    ).scalars()
                )
        finally:
            await lane.close()

    last = asyncio.run(on_the_lane())
    assert last and all("FROM jht_balances" in query for query in last), last


def test_no_lane_on_sqlite(runtime: Runtime, settings: Settings) -> None:
    assert (runtime.lane is None) == settings.is_sqlite


def _token_hash(auth: dict[str, str]) -> str:
    return hash_token(auth["Authorization"].removeprefix("Bearer "))


def _cipher(runtime: Runtime) -> Any:
    lane = runtime.lane
    assert lane is not None
    return lane._cipher
