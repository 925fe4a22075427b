"""A PostgreSQL primary and its streaming replica, made for a test from Debian's server
binaries (initdb, pg_basebackup -R): two clusters of their own on free ports, so the test
can pause the replica's replay (lag) and stop it (down) without touching the shared
server. Run as the ``postgres`` user when the tests run as root (PostgreSQL refuses root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text


def _bin_dir() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        raise FileNotFoundError("PostgreSQL server binaries (initdb)")
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ReplicatedPostgres:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="jmo-replica-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.primary_port, self.replica_port = _free_port(), _free_port()
        self.primary_dir, self.replica_dir = self.root / "primary", self.root / "replica"
        self._run("initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with (self.primary_dir / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nwal_level = replica\n"
                "max_wal_senders = 4\nfsync = off\n"
                "full_page_writes = off\nshared_buffers = 32MB\n"
            )
        with (self.primary_dir / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self._ctl(self.primary_dir, "start")
        primary = create_engine(
            self.url(self.primary_port, "postgres"), isolation_level="AUTOCOMMIT"
        )
        with primary.connect() as db:
            db.execute(text("CREATE DATABASE jmo"))
        primary.dispose()
        self._run(
            "pg_basebackup",
            "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", self.replica_dir, "-R", "-X", "stream",
        )  # fmt: skip
        with (self.replica_dir / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\n")
        self.start_replica()

    def url(self, port: int, database: str = "jmo") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)

    def _run(self, tool: str, *args: object) -> None:
        command = [str(self.bin / tool), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def _ctl(self, data_dir: Path, action: str) -> None:
        self._run("pg_ctl", "-D", data_dir, "-l", data_dir / "log", "-w", "-t", "60", action)

    def start_replica(self) -> None:
        self._ctl(self.replica_dir, "start")

    def stop_replica(self) -> None:
        self._ctl(self.replica_dir, "stop")

    def _replica_sql(self, sql: str) -> None:
        engine = create_engine(self.replica_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as db:
            db.execute(text(sql))
        engine.dispose()

    def pause_replay(self) -> None:
        self._replica_sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self._replica_sql("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self, timeout_s: float = 30) -> None:
        primary = create_engine(self.primary_url)
        replica = create_engine(self.replica_url)
        try:
            with primary.connect() as db:
                # the insert position: everything committed so far, sent or not
                target = db.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar_one()
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                with replica.connect() as db:
                    behind = db.execute(
                        text("SELECT pg_last_wal_replay_lsn() < CAST(:lsn AS pg_lsn)"),
                        {"lsn": target},
                    ).scalar_one()
                if not behind:
                    return
                time.sleep(0.05)
            raise TimeoutError("the replica did not catch up")
        finally:
            primary.dispose()
            replica.dispose()

    def close(self) -> None:
        for data_dir in (self.replica_dir, self.primary_dir):
            if (data_dir / "postmaster.pid").exists():
                with contextlib.suppress(subprocess.CalledProcessError):
                    self._ctl(data_dir, "stop")
        shutil.rmtree(self.root, ignore_errors=True)
