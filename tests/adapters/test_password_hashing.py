"""argon2id with the OWASP parameters from the settings, at most N hashes at a time."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from jmo.adapters.passwords import Argon2PasswordHasher
from jmo.bootstrap import password_hasher_from
from jmo.settings import Settings


class CountingArgon2:
    """argon2-cffi's hasher, noting how many calls run at once."""

    def __init__(self) -> None:
        self._real = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0

    def _counted(self, call: Any, *args: Any) -> Any:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)  # long enough for the callers to overlap
            return call(*args)
        finally:
            with self._lock:
                self.running -= 1

    def hash(self, password: str) -> str:
        return str(self._counted(self._real.hash, password))

    def verify(self, stored: str, password: str) -> bool:
        return bool(self._counted(self._real.verify, stored, password))


@pytest.mark.parametrize("slots", [1, 2])
def test_no_more_hashes_run_at_once_than_the_pool_allows(slots: int) -> None:
    hasher = Argon2PasswordHasher(max_concurrent=slots)
    counting = CountingArgon2()
    hasher._hasher = counting  # type: ignore[assignment]
    stored = hasher.hash("correct horse battery")
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda _: hasher.verify(stored, "correct horse battery"), range(16))
        )
    assert answers == [True] * 16
    assert counting.most == slots


def test_the_settings_choose_the_parameters_and_the_default_is_owasps(tmp_path: Path) -> None:
    default = password_hasher_from(Settings(environment="test", data_dir=tmp_path))
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in default.hash("a long test phrase")
    cheaper = password_hasher_from(
        Settings(
            environment="test",
            data_dir=tmp_path,
            password_hash_time_cost=1,
            password_hash_memory_kib=8192,
        )
    )
    stored = cheaper.hash("a long test phrase")
    assert "$m=8192,t=1,p=1$" in stored
    # a password stored with other parameters is rehashed at its owner's next login
    assert default.needs_rehash(stored) and not cheaper.needs_rehash(stored)
