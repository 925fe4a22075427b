"""The argon2id cost, for docs/security.md ("Password hashing cost"; run by hand or by
`make bench`):

    python benchmarks/passwords.py [--seconds 5]

1. Each of the OWASP Password Storage Cheat Sheet's equivalent argon2id configurations
   (and RFC 9106's second recommendation, the previous default): the median time of one
   verification on one core.
2. Logins per second through the shipped hasher (the configured parameters, at most
   ``max_concurrent`` at a time) with 16 threads asking at once, as 16 web threads would,
   for pool sizes 1, 2 and the machine's cores: the throughput per core, and how long a
   login waits. Nothing here is a unit test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

from argon2 import PasswordHasher

from jmo.adapters.passwords import Argon2PasswordHasher

# (label, time_cost, memory KiB, parallelism)
CONFIGURATIONS = [
    ("OWASP 1 (shipped)", 2, 19456, 1),
    ("OWASP 2", 1, 47104, 1),
    ("OWASP 3", 3, 12288, 1),
    ("OWASP 4", 4, 9216, 1),
    ("OWASP 5", 5, 7168, 1),
    ("RFC 9106 second (before)", 3, 65536, 4),
]
PASSWORD = "a long benchmark phrase"


def single_verify_ms(time_cost: int, memory: int, parallelism: int, rounds: int = 15) -> float:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory, parallelism=parallelism)
    stored = hasher.hash(PASSWORD)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        hasher.verify(stored, PASSWORD)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def logins_per_second(pool: int, seconds: float, threads: int = 16) -> tuple[float, float, float]:
    """Verifications/s with ``threads`` callers through a hasher of ``pool`` slots, and
    the median and 95th percentile of the time a caller waits for its answer (ms)."""
    hasher = Argon2PasswordHasher(max_concurrent=pool)
    stored = hasher.hash(PASSWORD)
    done = 0
    waits: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def caller() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            start = time.perf_counter()
            hasher.verify(stored, PASSWORD)
            with lock:
                done += 1
                waits.append(time.perf_counter() - start)

    workers = [threading.Thread(target=caller) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    p95 = statistics.quantiles(waits, n=20)[-1] if len(waits) > 1 else waits[0]
    return done / (time.perf_counter() - started), statistics.median(waits) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    seconds = parser.parse_args().seconds
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, load {os.getloadavg()[0]:.1f}")
    print("\n| configuration | t | m (MiB) | p | one verification (ms) |\n|---|---|---|---|---|")
    for label, t, m, p in CONFIGURATIONS:
        ms = single_verify_ms(t, m, p)
        print(f"| {label} | {t} | {m / 1024:.0f} | {p} | {ms:.0f} |")
    print(
        "\n| hashing slots | logins/s (16 callers) | per core | answer p50 / p95 (ms) |"
        "\n|---|---|---|---|"
    )
    for pool in sorted({1, 2, cores}):
        rate, p50, p95 = logins_per_second(pool, seconds)
        print(f"| {pool} | {rate:.1f} | {rate / min(pool, cores):.1f} | {p50:.0f} / {p95:.0f} |")


if __name__ == "__main__":
    main()
