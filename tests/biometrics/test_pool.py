"""FacePool: work runs in worker processes, async callers are not blocked, and a worker
that dies becomes an error result instead of an exception."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from jmo.biometrics import FacePool
from jmo.biometrics import pool as pool_module
from jmo.domain.biometric import Decision, FaceEnrollment, LivenessChallenge, LivenessStep

from .conftest import ACCEPT, NOW, REJECT, photo


@pytest.fixture(scope="module")
def pool() -> Iterator[FacePool]:
    with FacePool(workers=1, accept_below=ACCEPT, reject_above=REJECT, timeout_s=60) as p:
        yield p


def test_pool_verifies_like_the_engine(pool: FacePool, reference: FaceEnrollment) -> None:
    match = pool.verify(photo("img16.jpg"), reference.descriptor)
    assert match.decision is Decision.PASS
    assert match.distance is not None
    assert match.distance < ACCEPT


def test_pool_enrols(pool: FacePool, reference: FaceEnrollment) -> None:
    enrolled = pool.enroll(photo("img17.jpg"))
    assert enrolled.descriptor == reference.descriptor


def test_async_verify_leaves_the_event_loop_free(pool: FacePool, reference: FaceEnrollment) -> None:
    async def scenario() -> tuple[Decision, int]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        task = asyncio.create_task(ticker())
        match = await pool.verify_async(photo("img12.jpg"), reference.descriptor)
        task.cancel()
        return match.decision, ticks

    decision, ticks = asyncio.run(scenario())
    assert decision is Decision.FAIL
    assert ticks >= 3  # the loop kept running while the worker computed


def test_a_crashed_worker_becomes_an_error_result_and_the_pool_recovers(
    pool: FacePool, reference: FaceEnrollment
) -> None:
    out = pool._run(pool_module._crash)  # the worker process exits as on a segfault
    assert getattr(out, "code", None) == "engine.unavailable"
    started = time.perf_counter()
    match = pool.verify(photo("img16.jpg"), reference.descriptor)
    assert match.decision is Decision.PASS
    assert time.perf_counter() - started < 60


def test_async_crash_is_an_error_result(pool: FacePool) -> None:
    out = asyncio.run(pool._run_async(pool_module._crash))
    assert getattr(out, "code", None) == "engine.unavailable"


def test_burst_prechecks_run_in_the_caller(pool: FacePool, reference: FaceEnrollment) -> None:
    ch = LivenessChallenge("mine", (LivenessStep.TURN_LEFT,), NOW, 30)
    late = pool.verify_burst(
        [b"x"] * 10, reference.descriptor, ch, nonce="mine", now=NOW + timedelta(minutes=1)
    )
    assert late.error_code == "liveness.expired"
    wrong = pool.verify_burst(
        [b"x"] * 10, reference.descriptor, ch, nonce="yours", now=NOW + timedelta(seconds=1)
    )
    assert wrong.error_code == "liveness.replay"


SERVER = """
import sys, threading, time
from jmo.biometrics import FacePool
import os

pool = FacePool(workers=2, accept_below=0.55, reject_above=0.62, timeout_s=60)
pids = set()
# Submitted from short-lived threads, as the web server's thread pool does: the workers
# must outlive the thread that started them and die only with the process.
for _ in range(4):
    t = threading.Thread(target=lambda: pids.add(pool._run(os.getpid)))
    t.start()
    t.join()
time.sleep(1.0)
pids.add(pool._run(os.getpid))
print(" ".join(str(p) for p in sorted(pids)), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its reaper is late


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc (Linux)")
def test_face_workers_die_with_a_killed_server() -> None:
    """SIGKILL leaves no chance to shut the pool down: the workers notice on their own."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        pids = [int(p) for p in line.split()]
        assert pids and all(_alive(p) for p in pids), line
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [p for p in pids if _alive(p)]
    finally:
        server.kill()
    for pid in left:  # do not leave them behind for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    assert left == [], "face workers outlived their server"
