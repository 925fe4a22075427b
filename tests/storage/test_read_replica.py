"""The hot reads on a PostgreSQL streaming replica (issue 10): a primary and its replica
made for the test (``tests/replication.py``), the app in front of both. Stale data from a
paused replica proves where a read was answered; the person who wrote reads their write,
a lagging or stopped replica hands its reads to the primary, and a read that wants to
write (Cek Saldo rebuilding its summary) is run on the primary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from jmo.app import create_app
from jmo.biometrics import FaceEngine
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.migrate import upgrade
from jmo.storage.read_routing import session_key
from tests.cast import PASSWORD, Member, complete_pengkinian, enrol_member
from tests.conftest import FAST_PASSWORDS, START, unavailable
from tests.replication import ReplicatedPostgres

KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="


@pytest.fixture(scope="module")
def pair() -> Iterator[ReplicatedPostgres]:
    try:
        pair = ReplicatedPostgres()
    except FileNotFoundError as exc:
        unavailable(f"{exc} is not installed")
    try:
        upgrade(pair.primary_url)
        yield pair
    finally:
        pair.close()


@dataclass
class Stack:
    pair: ReplicatedPostgres
    runtime: Runtime
    client: TestClient
    primary: Engine
    clock: FixedClock

    def token(self, member: Member) -> str:
        answer = self.client.post(
            "/api/v1/auth/login", json={"email": member.email, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["token"])

    def rename_on_primary(self, member: Member, name: str) -> None:
        with self.primary.begin() as db:
            db.execute(
                text("UPDATE participants SET full_name = :n WHERE id = :id"),
                {"n": name, "id": member.participant.id},
            )

    def name_read(self, token: str) -> str:
        answer = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        return str(answer.json()["full_name"])


def _stack(
    pair: ReplicatedPostgres,
    tmp_path_factory: pytest.TempPathFactory,
    face_engine: FaceEngine,
    *,
    max_lag: float,
    sticky: float,
) -> Iterator[Stack]:
    with create_engine(pair.primary_url).begin() as db:
        tables = db.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                 "AND tablename NOT IN ('alembic_version', 'audit_head')")
        ).scalars().all()  # fmt: skip
        db.execute(text("TRUNCATE " + ", ".join(tables) + " CASCADE"))
        db.execute(text("UPDATE audit_head SET last_seq = 0, last_hash = :h"), {"h": "0" * 64})
    settings = Settings(
        environment="test",
        data_dir=tmp_path_factory.mktemp("var"),
        database_url=pair.primary_url,
        database_replica_url=pair.replica_url,
        replica_max_lag_seconds=max_lag,
        replica_sticky_seconds=sticky,
        secret_key="test-secret",
        field_keys=f"t1:{KEY}",
        blind_index_key=KEY,
    )
    clock = FixedClock(START)
    runtime = bootstrap(settings, clock=clock, faces=face_engine, passwords=FAST_PASSWORDS)
    primary = create_engine(pair.primary_url)
    try:
        with TestClient(create_app(settings, runtime)) as client:
            yield Stack(pair, runtime, client, primary, clock)
    finally:
        pair.resume_replay()
        primary.dispose()


@pytest.fixture
def stack(
    pair: ReplicatedPostgres, tmp_path_factory: pytest.TempPathFactory, face_engine: FaceEngine
) -> Iterator[Stack]:
    yield from _stack(pair, tmp_path_factory, face_engine, max_lag=60, sticky=62)


def test_reads_are_answered_by_the_replica(stack: Stack) -> None:
    agus = enrol_member(stack.runtime.services, key="agus", full_name="Agus Salim", face="agus")
    token = stack.token(agus)
    stack.pair.wait_caught_up()
    stack.pair.pause_replay()
    stack.rename_on_primary(agus, "Agus Salim Baru")
    # the replica has not replayed the rename: its answer is the old name
    assert stack.name_read(token) == "Agus Salim"
    stack.pair.resume_replay()
    stack.pair.wait_caught_up()
    assert stack.name_read(token) == "Agus Salim Baru"


def test_the_session_that_wrote_reads_from_the_primary_until_the_replica_has_it(
    stack: Stack,
) -> None:
    budi = enrol_member(stack.runtime.services)
    token = stack.token(budi)
    stack.pair.wait_caught_up()
    stack.pair.pause_replay()
    # a request that commits a write marks its session in the shared store
    started = stack.client.post(
        "/api/v1/pengkinian/start", headers={"Authorization": f"Bearer {token}"}
    )
    assert started.status_code == 200, started.text
    assert stack.runtime.services.limiter.blocked_for(session_key(token), now=stack.clock.now())
    stack.rename_on_primary(budi, "Budi Santoso Baru")
    assert stack.name_read(token) == "Budi Santoso Baru"  # the primary, not the paused replica
    # once the window has passed the replica answers again (and still lags here)
    stack.clock.advance(timedelta(seconds=63))
    assert stack.name_read(token) == "Budi Santoso"


def test_a_read_that_wants_to_write_runs_on_the_primary(stack: Stack) -> None:
    budi = enrol_member(stack.runtime.services)
    complete_pengkinian(stack.runtime.services, budi)  # Cek Saldo opens after it
    token = stack.token(budi)
    stack.pair.wait_caught_up()
    with stack.primary.connect() as db:
        before = db.execute(text("SELECT count(*) FROM jht_balances")).scalar_one()
    answer = stack.client.get("/api/v1/jht/balance", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    with stack.primary.connect() as db:
        after = db.execute(text("SELECT count(*) FROM jht_balances")).scalar_one()
    assert after > before  # the summary was built, on the primary


@pytest.fixture
def strict_stack(
    pair: ReplicatedPostgres, tmp_path_factory: pytest.TempPathFactory, face_engine: FaceEngine
) -> Iterator[Stack]:
    yield from _stack(pair, tmp_path_factory, face_engine, max_lag=0.2, sticky=2)


def test_a_lagging_replica_hands_its_reads_to_the_primary(strict_stack: Stack) -> None:
    stack = strict_stack
    agus = enrol_member(stack.runtime.services, key="agus", full_name="Agus Salim", face="agus")
    token = stack.token(agus)
    stack.pair.wait_caught_up()
    stack.pair.pause_replay()
    stack.rename_on_primary(agus, "Agus Salim Baru")
    names = []
    for _ in range(50):  # the next lag check (at most a second later) sees the lag
        names.append(stack.name_read(token))
        if names[-1] == "Agus Salim Baru":
            break
        time.sleep(0.1)
    assert names[-1] == "Agus Salim Baru", names
    assert len(names) <= 2 + 1 / 0.1  # within a check interval and a request or two


def test_a_stopped_replica_hands_its_reads_to_the_primary(stack: Stack) -> None:
    agus = enrol_member(stack.runtime.services, key="agus", full_name="Agus Salim", face="agus")
    token = stack.token(agus)
    stack.pair.wait_caught_up()
    stack.pair.stop_replica()
    try:
        stack.rename_on_primary(agus, "Agus Salim Baru")
        assert stack.name_read(token) == "Agus Salim Baru"
        assert stack.name_read(token) == "Agus Salim Baru"
    finally:
        stack.pair.start_replica()


def test_a_sticky_window_shorter_than_the_lag_bound_is_refused_at_start(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Read-your-writes holds only if the replica has the write once the window ends."""
    with pytest.raises(ValueError, match="JMO_REPLICA_STICKY_SECONDS"):
        Settings(
            environment="test",
            data_dir=tmp_path_factory.mktemp("var"),
            database_url="postgresql+psycopg://postgres@127.0.0.1:5432/jmo",
            database_replica_url="postgresql+psycopg://postgres@127.0.0.1:5433/jmo",
            replica_max_lag_seconds=5,
            replica_sticky_seconds=6,
        )
