"""A web worker starts and serves reads without the libraries of the rare routes (issue 10:
< 200 MB per worker). The face engine, the PDF and card renderers and the attachment checker
are built on first use (jmo.adapters.deferred); their libraries add about 80 MB to a process
that imports them. The check runs in a fresh interpreter: the test process has imported
everything already."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from jmo.adapters.deferred import DEFERRED_LIBRARIES, DeferredFacePool, OnFirstUse
from tests.conftest import START

KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="  # 32 bytes, urlsafe base64

# Builds the app as `jmo serve` does (the factory, settings from the environment), serves a
# the home and login pages, closes it, and names the deferred libraries it imported.
WORKER = """
import gc, json, sys
from fastapi.testclient import TestClient
from jmo.adapters.deferred import DEFERRED_LIBRARIES
from jmo.app import create_app_from_env

with TestClient(create_app_from_env()) as client:
    statuses = [client.get(path).status_code for path in ("/", "/login")]
print(json.dumps({
    "statuses": statuses,
    "loaded": [name for name in DEFERRED_LIBRARIES if name in sys.modules],
    "frozen": gc.get_freeze_count(),
}))
"""


def _run_worker(tmp_path: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "JMO_ENVIRONMENT": "test",
        "JMO_DATA_DIR": str(tmp_path),
        "JMO_DATABASE_URL": f"sqlite:///{tmp_path / 'jmo.db'}",
        "JMO_SECRET_KEY": "test-secret",
        "JMO_FIELD_KEYS": f"t1:{KEY}",
        "JMO_BLIND_INDEX_KEY": KEY,
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_started_worker_has_not_imported_the_rare_routes_libraries(tmp_path: Path) -> None:
    result = _run_worker(tmp_path)
    assert result["statuses"] == [200, 200]
    assert result["loaded"] == []


def test_the_server_s_startup_objects_are_out_of_the_collector_s_view(tmp_path: Path) -> None:
    """The factory freezes what startup built: no full collection walks it on a request's
    time (jmo.app.settle_startup_objects)."""
    assert _run_worker(tmp_path)["frozen"] > 50_000


def test_the_list_names_libraries_that_exist() -> None:
    """A misspelt name would make the check above pass whatever the app imports."""
    assert all(importlib.util.find_spec(name) is not None for name in DEFERRED_LIBRARIES)


def test_on_first_use_builds_once_for_racing_threads() -> None:
    builds: list[int] = []

    def build() -> object:
        builds.append(1)
        return object()

    lazy = OnFirstUse(build)
    assert lazy.built is None
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(lazy.get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert all(item is got[0] for item in got)
    assert lazy.built is got[0]


def test_an_unused_face_pool_closes_without_starting() -> None:
    pool = DeferredFacePool(workers=1, accept_below=0.55, reject_above=0.62)
    pool.close()
    assert pool._pool.built is None


def test_the_face_pool_is_built_by_its_first_use_and_answers_as_the_pool() -> None:
    pool = DeferredFacePool(workers=1, accept_below=0.55, reject_above=0.62)
    try:
        challenge = pool.new_challenge(random.Random(7), now=START)
        built = pool._pool.built
        assert built is not None
        assert challenge.steps == built.new_challenge(random.Random(7), now=START).steps
    finally:
        pool.close()
