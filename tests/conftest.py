"""Shared fixtures: settings, a migrated database (SQLite or PostgreSQL), the real face
engine, the app, and the named demo cast.

The database is built once per run with ``alembic upgrade head`` (the schema the
migrations make, not ``create_all``). Between tests every table is emptied, which lets the
code under test commit for real and lets concurrency tests use several connections.

``JMO_TEST_DATABASE=postgresql`` runs the database tests on PostgreSQL
(``JMO_TEST_POSTGRES_URL``, default the local server's ``test`` database): a fresh database
is created for the run and dropped afterwards. Under ``CI=true`` an unreachable database
or a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text

from jmo.adapters.passwords import Argon2PasswordHasher
from jmo.app import create_app
from jmo.biometrics import FaceEngine
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.db import make_engine
from jmo.storage.migrate import upgrade
from jmo.storage.schema import Base

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Property tests without Hypothesis's 200 ms deadline: the suite shares two cores with
# other work, and a slow first example under load is not a bug (it failed
# test_parsers_only_raise_domain_errors once at a load average of 15).
hypothesis_settings.register_profile("jmo", deadline=None)
hypothesis_settings.load_profile("jmo")
TEST_DATABASE = os.environ.get("JMO_TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get(
    "JMO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DATA = Path(__file__).parent / "data"
START = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 WIB


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required, not skipped)")
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


# --- database ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if TEST_DATABASE == "sqlite":
        path = tmp_path_factory.mktemp("db") / "jmo-test.db"
        yield f"sqlite:///{path}"
        return
    name = f"jmo_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    base, _, _ = POSTGRES_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(database_url, engine=engine)
    yield engine
    engine.dispose()


def _empty_tables(engine: Engine) -> None:
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name != "audit_head"]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
        conn.execute(text("UPDATE audit_head SET last_seq = 0, last_hash = :h"), {"h": "0" * 64})


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """A clean database for one test."""
    _empty_tables(engine)
    yield engine
    _empty_tables(engine)


# --- settings, clock, engine, app -------------------------------------------------------


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    key = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="  # 32 bytes, urlsafe base64
    return Settings(
        environment="test",
        data_dir=tmp_path_factory.mktemp("var"),
        database_url=database_url,
        secret_key="test-secret",
        field_keys=f"t1:{key}",
        blind_index_key=key,
    )


@pytest.fixture(scope="session")
def face_engine() -> FaceEngine:
    """The real face model, loaded once, run in-process (the pool is tested apart)."""
    return FaceEngine(accept_below=0.55, reject_above=0.62)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


# argon2id with small parameters: the tests log in hundreds of times. Production keeps
# the library's recommended parameters (jmo.adapters.passwords).
FAST_PASSWORDS = Argon2PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def runtime(
    db: Engine, settings: Settings, clock: FixedClock, face_engine: FaceEngine
) -> Iterator[Runtime]:
    runtime = bootstrap(
        settings, clock=clock, faces=face_engine, passwords=FAST_PASSWORDS, engine=db
    )
    yield runtime


@pytest.fixture
def services(runtime: Runtime):  # type: ignore[no-untyped-def]
    return runtime.services


# --- a live HTTP server on a free port (browser tests, schema fuzzing) ---------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(settings: Settings, runtime: Runtime) -> Iterator[str]:
    yield from serving(create_app(settings, runtime))


def serving(app: object, **uvicorn_options: object) -> Generator[str, None, None]:
    """Serve ``app`` with uvicorn in a thread until the generator is closed."""
    port = _free_port()
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        **uvicorn_options,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
