"""The replay guard's memory: SHA-256 digests of burst frames, in the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from jmo.storage.rows_biometrics import SeenFrameRow


class SqlFrameRegistry:
    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self._engine = engine
        self._now = now

    def seen_before(self, digests: Sequence[str]) -> bool:
        unique = list(dict.fromkeys(digests))
        if len(unique) != len(digests):
            return True  # the same frame twice inside one burst
        try:
            with self._engine.begin() as conn:
                found = conn.execute(
                    select(SeenFrameRow.digest).where(SeenFrameRow.digest.in_(unique)).limit(1)
                ).first()
                if found is not None:
                    return True
                now = self._now()
                conn.execute(
                    insert(SeenFrameRow),
                    [{"digest": d, "seen_at": now} for d in unique],
                )
        except IntegrityError:
            return True  # the same frames arriving twice at once: one of them is a replay
        return False
