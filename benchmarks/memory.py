"""Resident memory of a server worker: idle, after reads, after a burst of logins (issue 10:
< 200 MB per worker). Run by hand; the figures go to docs/performance.md.

    python benchmarks/memory.py [--users 64] [--rounds 20] [--threads 16]

The server runs as shipped (``jmo serve`` in production mode on PostgreSQL), on the dataset of
benchmarks/load.py (built or reused, same database and secrets). Reads: every endpoint of
load.py by every user, ``--rounds`` times, from ``--threads`` clients at once. Logins: every
user logs in again, ``--threads`` at a time (argon2id with the production parameters).
The load average is printed with each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ThreadPoolExecutor

import httpx

# benchmarks/ is not a package: run as a script, its directory is on sys.path.
from load import (
    BENCH_DIR,
    DEFAULT_URL,
    ENDPOINTS,
    PASSWORD,
    User,
    _auth_kwargs,
    bench_environment,
    build_dataset,
    ensure_database,
    log_in,
    server,
    worker_rss_mb,
)


def _report(stage: str, root_pid: int) -> None:
    rss = ", ".join(f"{mb:.0f}" for mb in worker_rss_mb(root_pid))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{stage:<14} RSS MB: {rss:<12} load average: {load}")


def _reads(base: str, users: list[User], rounds: int, threads: int) -> int:
    def one_user(user: User) -> int:
        failed = 0
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(rounds):
                for _name, path, auth in ENDPOINTS:
                    failed += client.get(path, **_auth_kwargs(user, auth)).status_code != 200
        return failed

    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(one_user, users))


def _logins(base: str, users: list[User], threads: int) -> int:
    def one_login(user: User) -> int:
        with httpx.Client(base_url=base, timeout=60) as client:
            response = client.post(
                "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
            )
            return int(response.status_code != 200)

    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(one_login, users))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("JMO_BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    fresh = not (BENCH_DIR / "secrets.json").exists()  # data under other keys: start over
    env = bench_environment(args.database_url)
    ensure_database(args.database_url, fresh=fresh)
    users = build_dataset(env, args.participants, args.users, args.seed)
    with server(env, workers=1) as (base, process):
        _report("idle", process.pid)
        log_in(base, users)  # one at a time: the sessions the reads use
        _report("first logins", process.pid)
        failed = _reads(base, users, args.rounds, args.threads)
        requests = args.rounds * len(users) * len(ENDPOINTS)
        _report("after reads", process.pid)
        print(f"  {requests} reads, {failed} not 200")
        failed = _logins(base, users, args.threads)
        _report("after logins", process.pid)
        print(f"  {len(users)} logins, {args.threads} at a time, {failed} not 200")


if __name__ == "__main__":
    main()
