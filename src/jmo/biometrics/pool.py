"""``FacePool``: a ``FaceEngine`` per worker process, so the web server's event loop stays free.

Face work is CPU-bound (~0.1 s per selfie, ~0.5 s per burst) and holds the GIL inside dlib,
so it runs in a ``ProcessPoolExecutor`` sized by configuration. Each worker loads the models
once (initializer). A worker that dies (segfault in native code, OOM kill) breaks the pool:
the pool is rebuilt and the call returns a RETRY result with ``engine.unavailable`` (or, for
``enroll``, raises ``DomainError("engine.unavailable")``): never an unhandled exception.
Workers end with the process that owns the pool, even when it is killed (``_exit_with_parent``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from jmo.biometrics import liveness as lv
from jmo.biometrics.engine import FaceEngine, ReplayHook, precheck_burst
from jmo.biometrics.imaging import ImageLimits
from jmo.biometrics.quality_rules import QualityThresholds
from jmo.domain.biometric import Decision, FaceEnrollment, FaceMatch, LivenessChallenge
from jmo.domain.errors import DomainError

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class EngineConfig:
    """Everything a worker needs to build its engine (picklable)."""

    accept_below: float
    reject_above: float
    quality: QualityThresholds = field(default_factory=QualityThresholds)
    liveness: lv.LivenessThresholds = field(default_factory=lv.LivenessThresholds)
    limits: ImageLimits = field(default_factory=ImageLimits)

    def build(self) -> FaceEngine:
        return FaceEngine(
            accept_below=self.accept_below,
            reject_above=self.reject_above,
            quality=self.quality,
            liveness=self.liveness,
            limits=self.limits,
        )


_engine: FaceEngine | None = None


def _exit_with_parent() -> None:
    """End this worker when the process that started it ends, however it ends.

    A server killed with SIGKILL cannot shut its pool down, and its workers (each holding
    the models and a core) would run on, orphaned. The parent's end of the pipe that
    ``multiprocessing`` gave this worker closes when the parent dies, whatever killed it,
    so a thread waiting on it wakes at once. ``prctl(PR_SET_PDEATHSIG)`` would not do: it
    fires when the parent *thread* ends, and the pool starts workers from whichever
    request thread submits first; those threads come and go.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:

        def wait_for_parent() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(0)

    else:  # not started by multiprocessing: watch for being re-parented instead
        parent_pid = os.getppid()

        def wait_for_parent() -> None:
            while os.getppid() == parent_pid:
                time.sleep(0.5)
            os._exit(0)

    threading.Thread(target=wait_for_parent, name="exit-with-parent", daemon=True).start()


def _init_worker(config: EngineConfig) -> None:
    global _engine  # noqa: PLW0603 - one engine per worker process is the point
    _exit_with_parent()
    # One core per worker: the budget in issue 3 is per core, and BLAS threads would fight
    # the other workers.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _engine = config.build()


def _worker() -> FaceEngine:
    if _engine is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    return _engine


def _enroll(image: bytes, check_quality: bool) -> FaceEnrollment:
    return _worker().enroll(image, check_quality=check_quality)


def _verify(image: bytes, reference: bytes) -> FaceMatch:
    return _worker().verify(image, reference)


def _verify_burst(
    frames: Sequence[bytes],
    reference: bytes,
    challenge: LivenessChallenge,
    nonce: str,
    now: datetime,
    frame_times_ms: Sequence[int] | None,
) -> FaceMatch:
    return _worker().verify_burst(
        frames, reference, challenge, nonce=nonce, now=now, frame_times_ms=frame_times_ms
    )


def _crash() -> None:  # used by the tests to kill a worker the way a segfault would
    os._exit(70)


class FacePool:
    """Same methods as ``FaceEngine`` (blocking), plus ``*_async`` for the event loop."""

    def __init__(
        self,
        *,
        workers: int,
        accept_below: float,
        reject_above: float,
        quality: QualityThresholds | None = None,
        liveness: lv.LivenessThresholds | None = None,
        limits: ImageLimits | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.config = EngineConfig(
            accept_below=accept_below,
            reject_above=reject_above,
            quality=quality or QualityThresholds(),
            liveness=liveness or lv.LivenessThresholds(),
            limits=limits or ImageLimits(),
        )
        self.workers = workers
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        # "spawn": a fresh interpreter per worker, so nothing (locks, sockets, an event
        # loop's threads) is inherited from the web server by fork.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.config,),
        )

    def _recover(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                log.warning("face worker pool broken or stuck; starting a new one")
                for proc in list(getattr(broken, "_processes", {}).values()):
                    proc.kill()  # a stuck worker must not keep its core
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_executor()

    def _submit(self, fn: Callable[..., T], *args: Any) -> tuple[Future[T], ProcessPoolExecutor]:
        with self._lock:
            executor = self._executor
        try:
            return executor.submit(fn, *args), executor
        except (BrokenProcessPool, RuntimeError):
            self._recover(executor)
            with self._lock:
                executor = self._executor
            return executor.submit(fn, *args), executor

    def _run(self, fn: Callable[..., T], *args: Any) -> T | DomainError:
        try:
            future, executor = self._submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            return DomainError("engine.unavailable")
        try:
            return future.result(timeout=self.timeout_s)
        except DomainError as exc:
            return exc
        except (BrokenProcessPool, FutureTimeout):
            self._recover(executor)
            return DomainError("engine.unavailable")

    async def _run_async(self, fn: Callable[..., T], *args: Any) -> T | DomainError:
        try:
            future, executor = self._submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            return DomainError("engine.unavailable")
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except DomainError as exc:
            return exc
        except (BrokenProcessPool, TimeoutError):
            self._recover(executor)
            return DomainError("engine.unavailable")

    def _unavailable(self, exc: DomainError) -> FaceMatch:
        return FaceMatch(
            decision=Decision.RETRY,
            distance=None,
            accept_below=self.config.accept_below,
            reject_above=self.config.reject_above,
            error_code=exc.code,
        )

    def _precheck(
        self,
        *,
        frames: Sequence[bytes],
        challenge: LivenessChallenge,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None,
        seen_before: ReplayHook | None,
    ) -> FaceMatch | None:
        # The cheap burst checks (expiry, nonce, replay hook) run here, in the caller's
        # process: they need no model, and the hook talks to the caller's store.
        return precheck_burst(
            frames,
            challenge,
            nonce=nonce,
            now=now,
            thresholds=self.config.liveness,
            accept_below=self.config.accept_below,
            reject_above=self.config.reject_above,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )

    # ------------------------------------------------------------------ blocking API
    def enroll(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment:
        out = self._run(_enroll, image, check_quality)
        if isinstance(out, DomainError):
            raise out
        return out

    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch:
        out = self._run(_verify, image, reference_descriptor)
        return self._unavailable(out) if isinstance(out, DomainError) else out

    def new_challenge(
        self, rng: random.Random, *, now: datetime, deadline_s: float | None = None
    ) -> LivenessChallenge:
        return lv.new_challenge(
            rng,
            now=now,
            deadline_s=self.config.liveness.deadline_s if deadline_s is None else deadline_s,
        )

    def verify_burst(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: ReplayHook | None = None,
    ) -> FaceMatch:
        early = self._precheck(
            frames=frames,
            challenge=challenge,
            nonce=nonce,
            now=now,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )
        if early is not None:
            return early
        out = self._run(
            _verify_burst,
            tuple(frames),
            reference_descriptor,
            challenge,
            nonce,
            now,
            frame_times_ms,
        )
        return self._unavailable(out) if isinstance(out, DomainError) else out

    # ------------------------------------------------------------------ async API
    async def enroll_async(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment:
        out = await self._run_async(_enroll, image, check_quality)
        if isinstance(out, DomainError):
            raise out
        return out

    async def verify_async(self, image: bytes, reference_descriptor: bytes) -> FaceMatch:
        out = await self._run_async(_verify, image, reference_descriptor)
        return self._unavailable(out) if isinstance(out, DomainError) else out

    async def verify_burst_async(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: ReplayHook | None = None,
    ) -> FaceMatch:
        early = self._precheck(
            frames=frames,
            challenge=challenge,
            nonce=nonce,
            now=now,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )
        if early is not None:
            return early
        out = await self._run_async(
            _verify_burst,
            tuple(frames),
            reference_descriptor,
            challenge,
            nonce,
            now,
            frame_times_ms,
        )
        return self._unavailable(out) if isinstance(out, DomainError) else out

    def close(self) -> None:
        with self._lock:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> FacePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
