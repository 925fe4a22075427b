"""`jmo serve --workers N`: N server processes, each with its own listening socket on the
same port (SO_REUSEPORT), so the kernel spreads new connections evenly across them.

uvicorn's own multi-worker mode shares one socket among the workers: whichever worker wakes
first accepts, and with keep-alive clients (a phone app, a load balancer) the connections
pile onto one worker while the others idle (measured in issue 10: two workers, no gain).
With one socket per worker the kernel hashes each new connection to a socket.

The parent only supervises: it forks the workers before creating anything (the app is built
in each worker by the factory), restarts a worker that dies, and passes SIGTERM/SIGINT on.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import signal
import socket
import time
from typing import Any

import uvicorn

# glibc malloc settings for the server (docs/deployment.md, "Memory per worker"): environment
# variable, mallopt parameter number (malloc.h), value. Measured in issue 10
# (docs/performance.md): without them a worker grew from ~200 MB to 310-406 MB after a burst
# of logins. Each argon2id hash allocates 19 MiB; after the first such block is freed glibc
# raises its mmap threshold above it (the threshold is dynamic, up to 32 MiB), so every later
# block comes from the calling thread's arena and stays resident there: one per web thread.
# A fixed threshold keeps blocks over 1 MiB in mmap (given back on free), and two arenas
# bound what many threads can hold.
MALLOC_SETTINGS: tuple[tuple[str, int, int], ...] = (
    ("MALLOC_ARENA_MAX", -8, 2),  # M_ARENA_MAX
    ("MALLOC_MMAP_THRESHOLD_", -3, 1024 * 1024),  # M_MMAP_THRESHOLD, in bytes
)


def tune_malloc() -> dict[str, int]:
    """Apply ``MALLOC_SETTINGS`` to this process, each one the environment does not set
    already (the operator's value wins: glibc read it at start), and export them so that
    processes started fresh (uvicorn's own workers, the face pool) start with them. What was
    applied here; nothing off glibc."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return {}
    libc = ctypes.CDLL(None)
    applied: dict[str, int] = {}
    for variable, parameter, value in MALLOC_SETTINGS:
        if variable in os.environ:
            continue
        if libc.mallopt(parameter, value) == 1:
            applied[variable] = value
            os.environ[variable] = str(value)
    return applied


def reuseport_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run_worker(options: dict[str, Any], host: str, port: int) -> None:
    sock = reuseport_socket(host, port)
    config = uvicorn.Config(**options)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(options: dict[str, Any], *, host: str, port: int, workers: int) -> None:
    """Run ``workers`` uvicorn processes (``options`` as for ``uvicorn.Config``)."""
    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(**options, host=host, port=port, workers=workers)
        return
    # Bind once in the parent first: a taken port fails here, clearly, not in N children.
    probe = reuseport_socket(host, port)
    children: dict[int, int] = {}  # pid -> worker number
    stopping = False

    def start(number: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            probe.close()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                _run_worker(options, host, port)
            finally:
                os._exit(0)
        children[pid] = number

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for number in range(workers):
        start(number)
    probe.close()
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        number = children.pop(pid, -1)
        if number >= 0 and not stopping:
            time.sleep(0.5)  # a worker that dies at start must not spin
            start(number)
