"""Stateless web processes: two servers on different ports against the same database and
Redis, as behind a load balancer. A session made on one works on the other, a liveness
challenge issued by one is the one the other checks, and failed logins spread over both
count toward one lock (rate-limit counters in Redis)."""

from __future__ import annotations

import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from PIL import Image

from jmo.domain.biometric import NONCE_BYTES
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import PASSWORD, enrol_member, persona_member
from tests.conftest import unavailable

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("JMO_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


UNISSUED_NONCE = secrets.token_urlsafe(NONCE_BYTES)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(settings: Settings, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "JMO_ENVIRONMENT": "test",
        "JMO_DATA_DIR": str(settings.data_dir),
        "JMO_DATABASE_URL": settings.database_url,
        "JMO_SECRET_KEY": settings.secret_key.get_secret_value(),
        "JMO_FIELD_KEYS": settings.field_keys.get_secret_value(),
        "JMO_BLIND_INDEX_KEY": settings.blind_index_key.get_secret_value(),
        "JMO_CARD_SIGNING_KEYS": settings.card_signing_keys.get_secret_value(),
        "JMO_REDIS_URL": REDIS_URL,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "jmo.app:create_app_from_env",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def _wait(base: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")


@pytest.fixture
def two_servers(settings: Settings, tmp_path: Path) -> Iterator[tuple[str, str]]:
    try:
        # this test's own Redis database, emptied: counters of an earlier run (same emails,
        # same address, within the 15-minute window) would lock the logins it counts
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as exc:
        unavailable(f"Redis not reachable at {REDIS_URL}: {exc}")
    log = tmp_path / "servers.log"
    started = [_start(settings, log) for _ in range(2)]
    try:
        for _, base in started:
            _wait(base, log)
        yield started[0][1], started[1][1]
    finally:
        for process, _ in started:
            os.killpg(process.pid, signal.SIGTERM)
        for process, _ in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 120, 120)).save(out, "JPEG")
    return out.getvalue()


def test_session_challenge_and_login_lock_hold_across_two_servers(
    two_servers: tuple[str, str], services: Services
) -> None:
    a, b = two_servers
    budi = enrol_member(services)
    agus = persona_member(services, "agus")

    token = httpx.post(
        f"{a}/api/v1/auth/login", json={"email": budi.email, "password": PASSWORD}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{b}/api/v1/me", headers=auth).json()["kpj"] == budi.kpj

    # The flow started on A, continued on B; the challenge issued by B is the one A checks.
    assert httpx.post(f"{a}/api/v1/pengkinian/start", headers=auth).status_code == 200
    assert httpx.post(f"{b}/api/v1/pengkinian/identity/confirm", headers=auth).status_code == 200

    def burst(base: str) -> httpx.Response:
        return httpx.post(
            f"{base}/api/v1/pengkinian/liveness/burst",
            headers=auth,
            # a well-formed nonce that no challenge was issued for (issue 13: a malformed
            # one is refused before the use case)
            data={"nonce": UNISSUED_NONCE, "frame_times_ms": "0,130,260"},
            files=[("frames", (f"f{i}.jpg", _jpeg(), "image/jpeg")) for i in range(3)],
            timeout=60,
        )

    assert burst(a).json()["error"]["code"] == "liveness.no_challenge"
    challenge = httpx.post(f"{b}/api/v1/pengkinian/liveness/challenge", headers=auth)
    assert challenge.status_code == 200, challenge.text
    used = burst(a)  # not a live face, but the challenge was found (and used up)
    assert used.status_code == 200, used.text
    assert used.json()["decision"] != "pass"
    assert burst(b).json()["error"]["code"] == "liveness.no_challenge"

    # Failed logins for one email, alternating between the servers, lock it on both.
    answers = [
        httpx.post(
            f"{(a, b)[n % 2]}/api/v1/auth/login",
            json={"email": agus.email, "password": "wrong-password-1"},
        )
        for n in range(6)
    ]
    assert [r.status_code for r in answers[:4]] == [401] * 4
    assert answers[-1].status_code == 429
    assert answers[-1].json()["error"]["code"] == "auth.locked"
