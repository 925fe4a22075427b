"""A TCP proxy that can cut every connection and refuse new ones: the database "going
away" and coming back, without touching the real server other tests use."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = int(self._listener.getsockname()[1])
        self._up = threading.Event()
        self._up.set()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()  # down: the connection is refused at once
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update({client, upstream})
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def cut(self) -> None:
        """The server is gone: live connections drop, new ones are refused."""
        self._up.clear()
        with self._lock:
            for s in self._open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()


class PgBouncer:
    """Debian's PgBouncer in transaction mode in front of a PostgreSQL server, in a
    temporary directory (it refuses to run as root: it drops to ``postgres``). Fewer server
    connections than clients, so consecutive transactions of one client land on different
    server connections."""

    def __init__(self, host: str, port: int, *, pool_size: int = 3) -> None:
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(binary).exists():
            raise FileNotFoundError("pgbouncer (Debian package pgbouncer)")
        self._dir = Path(tempfile.mkdtemp(prefix="jmo-pgbouncer-"))
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        (self._dir / "userlist.txt").write_text('"postgres" ""\n')
        (self._dir / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host={host} port={port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            f"auth_type = trust\nauth_file = {self._dir}/userlist.txt\n"
            f"pool_mode = transaction\ndefault_pool_size = {pool_size}\n"
            "max_client_conn = 200\nunix_socket_dir =\n"
            f"logfile = {self._dir}/pgbouncer.log\n"
        )
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres")
            for child in self._dir.iterdir():
                shutil.chown(child, "postgres")
        command = [binary, str(self._dir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            command[1:1] = ["-u", "postgres"]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            time.sleep(0.1)
        self.close()
        raise RuntimeError("pgbouncer did not start")

    def log(self) -> str:
        path = self._dir / "pgbouncer.log"
        return path.read_text() if path.exists() else ""

    def close(self) -> None:
        self._process.terminate()
        with contextlib.suppress(Exception):
            self._process.wait(timeout=10)
        shutil.rmtree(self._dir, ignore_errors=True)
