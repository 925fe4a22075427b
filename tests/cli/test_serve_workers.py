"""`jmo serve --workers 2`: each worker listens on its own socket of the same port
(SO_REUSEPORT), so the kernel spreads connections over the workers instead of keep-alive
clients piling onto whichever worker accepted first; a worker that dies is replaced."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from jmo.settings import Settings

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening_sockets(port: int) -> set[str]:
    """Inodes of the LISTEN sockets on ``port`` (state 0A in /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and int(local.split(":")[1], 16) == port:
            found.add(inode)
    return found


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def test_each_worker_has_its_own_socket_and_a_dead_one_is_replaced(
    settings: Settings, tmp_path: Path
) -> None:
    port = _free_port()
    jmo = shutil.which("jmo", path=str(Path(sys.executable).parent)) or "jmo"
    env = {
        **os.environ,
        "JMO_ENVIRONMENT": "test",
        "JMO_DATA_DIR": str(settings.data_dir),
        "JMO_DATABASE_URL": settings.database_url,
        "JMO_SECRET_KEY": settings.secret_key.get_secret_value(),
        "JMO_FIELD_KEYS": settings.field_keys.get_secret_value(),
        "JMO_BLIND_INDEX_KEY": settings.blind_index_key.get_secret_value(),
        "JMO_CARD_SIGNING_KEYS": settings.card_signing_keys.get_secret_value(),
    }
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [jmo, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(_listening_sockets(port)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        listening = _listening_sockets(port)
        assert len(listening) == 2, log.read_text()[-2000:]
        workers = _children(server.pid)
        assert len(workers) == 2
        # Each worker holds exactly one of the two listening sockets.
        held = [_socket_inodes(pid) & listening for pid in workers]
        assert all(len(h) == 1 for h in held) and held[0] != held[1]

        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            assert client.get("/login").status_code == 200

        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            now = _children(server.pid)
            if len(now) == 2 and workers[0] not in now and len(_listening_sockets(port)) == 2:
                break
            time.sleep(0.2)
        replaced = _children(server.pid)
        assert len(replaced) == 2 and workers[0] not in replaced
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM
