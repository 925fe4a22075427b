"""Read endpoints against the database floor, side by side in one run (issue 10).

    python benchmarks/load.py                     # `make bench`: a small dataset, minutes
    python benchmarks/load.py --participants 1000000 --users 100 --workers 2

For each endpoint it prints: SQL statements and transactions per request (counted in
process on the same database), the *floor* (the same statements replayed as prepared
statements through asyncpg at the same concurrency, no HTTP, no Python web stack), the
app's requests/s through HTTP (wrk, keep-alive, real sessions and authorization), the ratio,
p50/p95/p99, errors, the server's CPU time per request (comparable across runs on a shared
machine, where rates swing with the other load) and the resident memory of each worker.

Needs PostgreSQL (``--database-url``, default a ``jmo_bench`` database on the local server,
created if missing and kept between runs), Debian's ``wrk`` and ``asyncpg`` (both in
``make bench``). The server runs as shipped: ``jmo serve`` in production mode. The dataset is
built through the use cases (or reused: ``--participants`` is a minimum). Nothing here is a
unit test; the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from bare_app import SQL  # benchmarks/, beside this script
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, text

from jmo.app import create_app
from jmo.bootstrap import bootstrap
from jmo.cli.demo import generated_participants
from jmo.domain.accounts import Role
from jmo.settings import load_settings
from jmo.storage.fast_reads.lane import asyncpg_dsn
from jmo.storage.migrate import upgrade
from jmo.usecases.accounts.create import create_account
from jmo.usecases.accounts.sessions import hash_token
from jmo.usecases.participants.enrol import register_participant

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PASSWORD = "bench-password-2026"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/jmo_bench"

# (name, method, path, how it authenticates)
ENDPOINTS: tuple[tuple[str, str, str], ...] = (
    ("JSON balance", "/api/v1/jht/balance", "bearer"),
    ("JSON me", "/api/v1/me", "bearer"),
    ("JSON card", "/api/v1/card", "bearer"),
    ("JSON claims", "/api/v1/claims", "bearer"),
    ("home /beranda", "/beranda", "cookie"),
    ("/saldo-jht", "/saldo-jht", "cookie"),
    ("/kartu-digital", "/kartu-digital", "cookie"),
    ("/klaim (Lacak Klaim)", "/klaim", "cookie"),
)


# --- settings for a production server ------------------------------------------------------


def bench_environment(database_url: str) -> dict[str, str]:
    """Production mode with secrets kept in var/bench (so a rerun can read its data)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    secrets_file = BENCH_DIR / "secrets.json"
    if secrets_file.exists():
        keys = json.loads(secrets_file.read_text())
    else:
        raw = [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() for _ in range(3)]
        keys = {
            "JMO_SECRET_KEY": secrets.token_urlsafe(32),
            "JMO_FIELD_KEYS": f"b1:{raw[0]}",
            "JMO_BLIND_INDEX_KEY": raw[1],
            "JMO_CARD_SIGNING_KEYS": f"c1:{raw[2]}",
        }
        secrets_file.write_text(json.dumps(keys))
        secrets_file.chmod(0o600)
    return {
        **keys,
        "JMO_ENVIRONMENT": "production",
        "JMO_DATABASE_URL": database_url,
        "JMO_DATA_DIR": str(BENCH_DIR),
        "JMO_PUBLIC_URL": "https://jmo.bench.invalid",
        # Requests never send mail; the outbox worker (not started here) would.
        "JMO_EMAIL_BACKEND": "smtp",
        "JMO_SMTP_HOST": "127.0.0.1",
        "JMO_SMS_BACKEND": "none",
    }


def ensure_database(database_url: str, *, fresh: bool) -> None:
    """Create the benchmark database; ``fresh``: drop it first (its data was encrypted with
    keys this checkout does not have)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = create_engine(
        urlunsplit(parts._replace(path="/postgres")), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        if fresh:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


# --- the dataset ---------------------------------------------------------------------------


@dataclass
class User:
    email: str
    participant_id: str
    token: str = ""


def build_dataset(env: dict[str, str], participants: int, users: int, seed: int) -> list[User]:
    """At least ``participants`` participants (generated through the use cases) and
    ``users`` accounts among them whose data is current (as after Pengkinian Data)."""
    os.environ.update(env)
    settings = load_settings()
    upgrade(settings.database_url)
    runtime = bootstrap(settings, faces=_NoFaces())
    svc = runtime.services
    now = svc.clock.now()
    try:
        with runtime.engine.connect() as conn:
            have = int(conn.scalar(text("SELECT count(*) FROM participants")) or 0)
        if have < participants:
            missing = participants - have
            print(f"dataset: generating {missing} participants through the use cases ...")
            started = time.perf_counter()
            rng = random.Random(seed + have)
            people = generated_participants(rng, svc.regions, now.date(), missing)
            for index, person in enumerate(people, 1):
                register_participant(svc.uow(), None, person, regions=svc.regions, now=now)
                if index % 1000 == 0:
                    print(f"  {index}/{missing} ({index / (time.perf_counter() - started):.0f}/s)")
        with runtime.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT p.id, a.email FROM participants p "
                    "LEFT JOIN accounts a ON a.participant_id = p.id "
                    "ORDER BY p.kpj LIMIT :n"
                ),
                {"n": users},
            ).all()
        chosen: list[User] = []
        for participant_id, existing in rows:
            email = existing or f"bench-{str(participant_id)[:8]}@bench.jmo.id"
            if existing is None:
                kpj = _kpj_of(runtime, participant_id)
                create_account(
                    svc.uow(),
                    svc.passwords,
                    None,
                    email=email,
                    password=PASSWORD,
                    role=Role.PARTICIPANT,
                    now=now,
                    kpj=kpj,
                )
            chosen.append(User(email, str(participant_id)))
        # Earlier runs logged in from this address too: start with no rate-limit counts.
        with runtime.engine.begin() as conn:
            conn.execute(text("DELETE FROM rate_limit_counters"))
            conn.execute(text("DELETE FROM rate_limit_blocks"))
        # The benchmark users are treated as having completed Pengkinian Data (the selfie
        # flow is not what is measured here): the services they read are unlocked.
        with runtime.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE participants SET pengkinian_completed_at = :now "
                    "WHERE id = ANY(:ids) AND pengkinian_completed_at IS NULL"
                ),
                {"now": now, "ids": [u.participant_id for u in chosen]},
            )
        return chosen
    finally:
        runtime.close()


def _kpj_of(runtime: Any, participant_id: Any) -> str:
    with runtime.engine.connect() as conn:
        return str(
            conn.scalar(text("SELECT kpj FROM participants WHERE id = :i"), {"i": participant_id})
        )


class _NoFaces:
    """The dataset builder and the query counter never check a face."""

    def enroll(self, image: bytes) -> Any:
        raise NotImplementedError

    def verify(self, image: bytes, reference_descriptor: bytes) -> Any:
        raise NotImplementedError


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(
    env: dict[str, str], workers: int, *, bare: bool = False
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``jmo serve`` as shipped; ``bare``: the reference app (benchmarks/bare_app.py)."""
    port = free_port()
    if bare:
        command = [sys.executable, str(ROOT / "benchmarks" / "bare_app.py")]
        log = open(BENCH_DIR / "bare.log", "wb")  # noqa: SIM115 - closed below
    else:
        command = [shutil.which("jmo", path=str(Path(sys.executable).parent)) or "jmo", "serve"]
        log = open(BENCH_DIR / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the server did not start: see {log.name}")
        time.sleep(1.0 * workers)  # every worker up
        yield base, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def worker_rss_mb(root_pid: int) -> list[float]:
    """Resident memory of every process under the server (the workers; the supervisor and
    face-engine processes are listed too, named)."""
    found: list[float] = []
    for pid in _process_tree(root_pid):
        try:
            cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
            status = (Path("/proc") / str(pid) / "status").read_text()
        except OSError:
            continue
        if b"multiprocessing" in cmdline:  # face-engine processes: not web workers
            continue
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        if rss:
            found.append(int(rss.group(1)) / 1024)
    return found


def server_cpu_seconds(root_pid: int) -> float:
    """CPU time (user + system) used so far by the server and every process under it. Per
    request it compares across runs on a shared machine, where rates and ratios swing with
    the other load."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in _process_tree(root_pid):
        try:
            fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _process_tree(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def log_in(base: str, users: list[User]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for user in users:
            response = client.post(
                "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
            )
            response.raise_for_status()
            user.token = response.json()["token"]


def warm_up(base: str, users: list[User]) -> None:
    """One read of every endpoint by every user: each summary is built once, as a person's
    first visit after a month ends builds theirs."""
    with httpx.Client(base_url=base, timeout=60) as client:
        for user in users:
            for _, path, auth in ENDPOINTS:
                response = client.get(path, **_auth_kwargs(user, auth))
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code} in the warm-up")


def _auth_kwargs(user: User, auth: str) -> dict[str, Any]:
    if auth == "bearer":
        return {"headers": {"Authorization": f"Bearer {user.token}"}}
    return {"headers": {"Cookie": f"jmo_session={user.token}"}}


# --- SQL per request, captured in process on the same database ------------------------------


@dataclass
class Captured:
    statements: int = 0
    transactions: int = 0
    per_user: dict[str, list[tuple[str, tuple[Any, ...]]]] = field(default_factory=dict)


_PARAM = re.compile(r"%\((\w+)\)s")


def _to_asyncpg(statement: str, params: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"${len(names)}"

    return _PARAM.sub(number, statement), tuple(params[n] for n in names)


def capture_sql(env: dict[str, str], users: list[User]) -> dict[str, Captured]:
    """Run every endpoint once per user in process, recording each SELECT with its
    parameters (the floor replays them) and counting statements and transactions."""
    os.environ.update(env)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = load_settings()
    runtime = bootstrap(settings, faces=_NoFaces())
    captured = {name: Captured() for name, _, _ in ENDPOINTS}
    current: list[tuple[str, tuple[Any, ...]]] = []
    begins = [0]

    def on_statement(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        current.append(_to_asyncpg(statement, dict(params or {})))

    def on_begin(_conn: Any) -> None:
        begins[0] += 1

    def on_lane_statement(statement: str, args: Any) -> None:
        current.append((statement, tuple(args)))

    event.listen(runtime.engine, "before_cursor_execute", on_statement)
    event.listen(runtime.engine, "begin", on_begin)
    if runtime.lane is not None:  # the fast read lane: asyncpg's own SQL, no transaction
        runtime.lane.listener = on_lane_statement
    try:
        with TestClient(create_app(settings, runtime), base_url="https://bench") as client:
            for name, path, auth in ENDPOINTS:
                for index, user in enumerate(users):
                    current.clear()
                    begins[0] = 0
                    response = client.get(path, **_auth_kwargs(user, auth))
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} answered {response.status_code}")
                    reads = [(s, p) for s, p in current if s.lstrip().upper().startswith("SELECT")]
                    captured[name].per_user[user.email] = reads
                    if index == 0:
                        captured[name].statements = len(current)
                        captured[name].transactions = begins[0]
    finally:
        runtime.close()
    return captured


# --- the floor: the same reads through asyncpg, prepared ----------------------------------


async def _floor(
    dsn: str,
    queries: list[list[tuple[str, tuple[Any, ...]]]],
    connections: int,
    seconds: float,
    *,
    transaction: bool,
) -> float:
    pool = await asyncpg.create_pool(dsn, min_size=connections, max_size=connections)
    done = 0
    stop = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal done
        async with pool.acquire() as conn:
            statements = {}
            for request in queries:
                for sql, _ in request:
                    if sql not in statements:
                        statements[sql] = await conn.prepare(sql)
            index = offset
            while time.perf_counter() < stop:
                request = queries[index % len(queries)]
                index += 1
                if transaction:
                    async with conn.transaction(readonly=True):
                        for sql, args in request:
                            await statements[sql].fetch(*args)
                else:  # as the app sent them: single statements, no BEGIN/COMMIT
                    for sql, args in request:
                        await statements[sql].fetch(*args)
                done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.perf_counter() - started
    await pool.close()
    return done / elapsed


def floor_rate(database_url: str, captured: Captured, connections: int, seconds: float) -> float:
    dsn = asyncpg_dsn(database_url)
    queries = list(captured.per_user.values())
    return asyncio.run(
        _floor(dsn, queries, connections, seconds, transaction=captured.transactions > 0)
    )


# --- the plans of the hot statements ------------------------------------------------------


async def _explain(dsn: str, statements: list[tuple[str, tuple[Any, ...]]]) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        plans = []
        for sql, args in statements:
            rows = await connection.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *args)
            plans.append("\n".join(row[0] for row in rows))
        return plans
    finally:
        await connection.close()


def explain_hot(database_url: str, captured: dict[str, Captured]) -> Path:
    """EXPLAIN (ANALYZE, BUFFERS) of every distinct statement the endpoints send, with the
    first user's parameters, to var/bench/explain.txt; prints each one's plan root and
    execution time."""
    statements: dict[str, tuple[str, tuple[Any, ...]]] = {}
    used_by: dict[str, list[str]] = {}
    for name, found in captured.items():
        for sql, args in next(iter(found.per_user.values()), []):
            statements.setdefault(sql, (sql, args))
            used_by.setdefault(sql, []).append(name)
    dsn = asyncpg_dsn(database_url)
    plans = asyncio.run(_explain(dsn, list(statements.values())))
    out = BENCH_DIR / "explain.txt"
    with out.open("w") as file:
        for (sql, _), plan in zip(statements.values(), plans, strict=True):
            file.write(f"-- {', '.join(used_by[sql])}\n{sql}\n{plan}\n\n")
            root = plan.splitlines()[0].split("  (")[0].strip()
            table = re.search(r"FROM (\w+)", sql)
            took = re.search(r"Execution Time: ([\d.]+) ms", plan)
            print(
                f"  {table.group(1) if table else '?'}: {root}, "
                f"{took.group(1) if took else '?'} ms ({', '.join(used_by[sql])})"
            )
    return out


# --- the app through HTTP: wrk --------------------------------------------------------------

_WRK_SCRIPT = """
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter %% #tokens) + 1]
  local headers = {}
  %(header)s
  return wrk.format("GET", "%(path)s", headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, '
    .. '"errors": %%d, "non2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk_run(
    base: str, path: str, auth: str, users: list[User], connections: int, seconds: float
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.txt"
        tokens.write_text("\n".join(u.token for u in users) + "\n")
        header = (
            'headers["Authorization"] = "Bearer " .. token'
            if auth == "bearer"
            else 'headers["Cookie"] = "jmo_session=" .. token'
        )
        script = Path(tmp) / "script.lua"
        script.write_text(_WRK_SCRIPT % {"tokens": tokens, "header": header, "path": path})
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{int(seconds)}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRKJSON "))
    result: dict[str, float] = json.loads(line.removeprefix("WRKJSON "))
    result["rate"] = result["requests"] / result["seconds"]
    return result


# --- profile ----------------------------------------------------------------------------


@contextmanager
def profiled(root_pid: int, name: str, *, enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    out = BENCH_DIR / f"profile-{re.sub(r'[^a-z]+', '-', name.lower()).strip('-')}.txt"
    recorder = subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(root_pid),
            "--subprocesses",
            "--rate",
            "250",
            "--gil",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=30)
    print_top(out)


def _frame_name(frame: str) -> str:
    """ "function (path/to/module.py:12)" -> "function module.path:12", shortened to the
    package (site-packages and the source tree are cut off)."""
    function, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for cut in ("site-packages/", "/src/", "/lib/python3.11/"):
        if cut in where:
            where = where.split(cut, 1)[1]
    return f"{function} {where}"


def print_top(collapsed: Path, top: int = 25) -> None:
    """Own time and inclusive time per function from py-spy's collapsed stacks."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue  # a frame name with a line break in it (py-spy prints it as it is)
        count = int(count_text)
        frames = [_frame_name(f) for f in stack.split(";")]
        total += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
    print(f"  profile ({total} samples): own time")
    for frame, count in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {100 * count / total:5.1f}%  {frame}")
    print("  inclusive (jmo and sqlalchemy):")
    interesting = [(f, c) for f, c in inclusive.items() if "jmo" in f or "sqlalchemy" in f]
    for frame, count in sorted(interesting, key=lambda kv: -kv[1])[:top]:
        print(f"    {100 * count / total:5.1f}%  {frame}")


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("JMO_BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", help="run only endpoints whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the server with py-spy during each app run; print the top functions "
        "and write var/bench/profile-<endpoint>.txt (collapsed stacks)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN (ANALYZE, BUFFERS) each distinct statement once, to var/bench/explain.txt",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (make bench does)")

    fresh = not (BENCH_DIR / "secrets.json").exists()
    env = bench_environment(args.database_url)
    ensure_database(args.database_url, fresh=fresh)
    users = build_dataset(env, args.participants, args.users, args.seed)
    endpoints = [e for e in ENDPOINTS if not args.only or args.only in e[0]]
    results: list[dict[str, Any]] = []
    with server(env, args.workers) as (base, process):
        print(f"server: {base}, {args.workers} worker(s); logging in {len(users)} users ...")
        started = time.perf_counter()
        log_in(base, users)
        logins = len(users) / (time.perf_counter() - started)
        warm_up(base, users)
        captured = capture_sql(env, users)
        if args.explain:
            print(f"plans: {explain_hot(args.database_url, captured)}")
        for name, path, auth in endpoints:
            floor = floor_rate(args.database_url, captured[name], args.connections, args.seconds)
            cpu_before = server_cpu_seconds(process.pid)
            with profiled(process.pid, name, enabled=args.profile):
                app = wrk_run(base, path, auth, users, args.connections, args.seconds)
            cpu_used = server_cpu_seconds(process.pid) - cpu_before
            results.append(
                _result(
                    name,
                    captured[name].statements,
                    captured[name].transactions,
                    floor=floor,
                    app=app,
                    cpu_used=cpu_used,
                )
            )
            print(_row(results[-1]))
        rss = worker_rss_mb(process.pid)
    if not args.only or args.only in REFERENCE:
        results.append(reference_run(env, args.database_url, users, args))
        print(_row(results[-1]))
    print()
    print(
        f"dataset: {args.participants}+ participants, {len(users)} users; "
        f"{args.connections} connections, {args.seconds:.0f} s per run; "
        f"{args.workers} worker(s); sequential logins {logins:.1f}/s"
    )
    print(
        "| endpoint | SQL / transactions | floor/s | app/s | ratio | p50 ms | p95 ms | p99 ms "
        "| errors | server CPU ms/request |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(_row(r))
    print(f"RSS per process after the run (MB): {', '.join(f'{m:.0f}' for m in rss)}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "at": datetime.now(UTC).isoformat(),
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "results": results,
                    "rss_mb": rss,
                    "logins_per_s_sequential": logins,
                },
                indent=2,
            )
        )


REFERENCE = "reference: bare FastAPI, one lookup"


def reference_run(
    env: dict[str, str], database_url: str, users: list[User], args: argparse.Namespace
) -> dict[str, Any]:
    """The bare app (benchmarks/bare_app.py) against its own floor, as the endpoints: what
    the framework alone reaches here now, for reading the ratios above."""
    captured = Captured()
    captured.statements = 1
    captured.per_user = {u.token: [(SQL, (hash_token(u.token),))] for u in users}
    floor = floor_rate(database_url, captured, args.connections, args.seconds)
    with server(env, args.workers, bare=True) as (base, process):
        wrk_run(base, "/bare", "bearer", users, args.connections, 2)  # warm up
        cpu_before = server_cpu_seconds(process.pid)
        app = wrk_run(base, "/bare", "bearer", users, args.connections, args.seconds)
        cpu_used = server_cpu_seconds(process.pid) - cpu_before
    return _result(REFERENCE, 1, 0, floor=floor, app=app, cpu_used=cpu_used)


def _result(
    name: str,
    statements: int,
    transactions: int,
    *,
    floor: float,
    app: dict[str, float],
    cpu_used: float,
) -> dict[str, Any]:
    """One row of the table: the app's run (wrk) against its floor."""
    return {
        "endpoint": name,
        "sql": statements,
        "transactions": transactions,
        "floor": floor,
        "app": app["rate"],
        "ratio": app["rate"] / floor,
        "p50": app["p50"],
        "p95": app["p95"],
        "p99": app["p99"],
        "errors": int(app["errors"] + app["non2xx"]),
        "cpu_ms": 1000 * cpu_used / max(app["requests"], 1),
    }


def _row(r: dict[str, Any]) -> str:
    return (
        f"| {r['endpoint']} | {r['sql']} / {r['transactions']} | {r['floor']:,.0f} | "
        f"{r['app']:,.0f} | {r['ratio']:.3f} | {r['p50']:.1f} | {r['p95']:.1f} | "
        f"{r['p99']:.1f} | {r['errors']} | {r['cpu_ms']:.2f} |"
    )


if __name__ == "__main__":
    main()
