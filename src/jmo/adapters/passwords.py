"""Password hashing: argon2id with the OWASP Password Storage Cheat Sheet's first
configuration (m=19 MiB, t=2, p=1; docs/security.md, "Password hashing cost"), at most
``max_concurrent`` hashes at a time per process.

Each hash holds its memory for its whole run and keeps one core busy (argon2-cffi releases
the GIL). Unbounded, a burst of logins on 16 web threads would run 16 at once: 16 x 19 MiB
and every other request starved of CPU. Bounded to the cores (``JMO_PASSWORD_HASH_WORKERS``),
extra logins wait their turn and the rest of the service keeps its share.
"""

from __future__ import annotations

import os
import secrets
import threading

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet, Argon2id: "m=19456 (19 MiB), t=2, p=1" (the first of
# its equivalent configurations).
OWASP_TIME_COST = 2
OWASP_MEMORY_KIB = 19456
OWASP_PARALLELISM = 1


class Argon2PasswordHasher:
    def __init__(
        self,
        *,
        time_cost: int = OWASP_TIME_COST,
        memory_cost: int = OWASP_MEMORY_KIB,
        parallelism: int = OWASP_PARALLELISM,
        max_concurrent: int | None = None,
    ) -> None:
        self._hasher = _Argon2(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )
        self._slots = threading.BoundedSemaphore(max_concurrent or os.cpu_count() or 1)
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()

    def hash(self, password: str) -> str:
        with self._slots:
            return str(self._hasher.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        with self._slots:
            try:
                return bool(self._hasher.verify(password_hash, password))
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return bool(self._hasher.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True

    def dummy_hash(self) -> str:
        # Made on first use (not at start-up: most commands never need it), with these
        # parameters, so verifying against it costs exactly what a real account's verify
        # costs. The password is random and thrown away.
        if self._dummy is None:
            with self._dummy_lock:
                if self._dummy is None:
                    self._dummy = self.hash(secrets.token_urlsafe(32))
        return self._dummy
