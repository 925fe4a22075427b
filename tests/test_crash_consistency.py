"""Kill the server with SIGKILL while submissions are in flight, start it again, finish the
submissions (clients retry with their idempotency keys), then check every participant's
record against its change requests: no partial write, nothing applied twice.

Where exactly the kill lands is not controlled (that is the point: anywhere). The figures
of a run (submissions in flight at the kill, how many had applied) are printed and recorded
in docs/security.md."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.audit_chain import verify_audit_chain
from jmo.storage.rows import ChangeRequestRow, HistoryRow, OutboxRow, ParticipantRow
from jmo.usecases.accounts.sessions import Client, login
from jmo.usecases.services import Services
from tests.cast import enrol_member, walk_to_confirm

PEOPLE = 10
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "JMO_ENVIRONMENT": "test",
        "JMO_DATA_DIR": str(settings.data_dir),
        "JMO_DATABASE_URL": settings.database_url,
        "JMO_SECRET_KEY": settings.secret_key.get_secret_value(),
        "JMO_FIELD_KEYS": settings.field_keys.get_secret_value(),
        "JMO_BLIND_INDEX_KEY": settings.blind_index_key.get_secret_value(),
        "JMO_CARD_SIGNING_KEYS": settings.card_signing_keys.get_secret_value(),
        "JMO_FACE_WORKERS": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "jmo.app:create_app_from_env",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")


def test_a_killed_server_leaves_no_partial_write(
    services: Services, settings: Settings, db: Engine, tmp_path: Path, clock: FixedClock
) -> None:
    clock.advance(datetime.now(UTC) - clock.now())  # the server runs on the real clock
    tokens = []
    for n in range(PEOPLE):
        member = enrol_member(services, key=f"crash{n}")
        walk_to_confirm(services, member)
        result = login(
            services.uow(),
            services.passwords,
            services.limiter,
            email=member.email,
            password=member.password,
            client=Client("198.51.100.9", "crash-test"),
            now=services.clock.now(),
            policy=services.policy,
            notices=services.notices,
            devices=services.device_tokens,
            kind="api",
        )
        tokens.append(result.token)
    terms = services.policy.terms_version
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    server = _start(settings, port, log)

    outcomes: dict[int, int] = {}

    def submit(i: int) -> None:
        try:
            response = httpx.post(
                f"{base}/api/v1/pengkinian/submit",
                headers={"Authorization": f"Bearer {tokens[i]}", "Idempotency-Key": f"k-{i}"},
                json={"terms_accepted": True, "terms_version": terms},
                timeout=30,
            )
            outcomes[i] = response.status_code
        except httpx.HTTPError:
            outcomes[i] = -1  # the connection died with the server

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(PEOPLE)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(outcomes) < 2 and time.monotonic() < deadline:  # kill once a few applied
        time.sleep(0.005)
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    for t in threads:
        t.join(timeout=60)
    cut_off = sum(1 for code in outcomes.values() if code != 200)
    with db.connect() as conn:
        applied_at_kill = conn.scalar(select(func.count()).select_from(ChangeRequestRow))
    print(f"kill: {cut_off} of {PEOPLE} submissions without an answer; {applied_at_kill} applied")

    server = _start(settings, port, log)
    try:
        for i in range(PEOPLE):  # clients retry whatever did not get a 200
            if outcomes.get(i) != 200:
                submit(i)
    finally:
        server.kill()
        server.wait(timeout=30)
    assert all(code == 200 for code in outcomes.values()), outcomes

    with db.connect() as conn:
        participants = conn.execute(select(ParticipantRow.id, ParticipantRow.version)).all()
        for participant_id, version in participants:
            requests = conn.scalar(
                select(func.count())
                .select_from(ChangeRequestRow)
                .where(ChangeRequestRow.participant_id == participant_id)
            )
            versions = conn.scalar(
                select(func.count())
                .select_from(HistoryRow)
                .where(HistoryRow.participant_id == participant_id)
            )
            notices = conn.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(
                    OutboxRow.participant_id == participant_id,
                    OutboxRow.kind == "pengkinian.applied",
                )
            )
            # applied exactly once, with all of its parts or none
            assert (requests, version, versions, notices) == (1, 2, 2, 2), participant_id
    report = verify_audit_chain(db)
    assert report.ok, report
