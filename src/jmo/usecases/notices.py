"""Reading the outbox (the dev page and `jmo outbox`)."""

from __future__ import annotations

from jmo.domain.notices import Notice
from jmo.usecases.ports import UnitOfWork


def latest_notices(uow: UnitOfWork, *, limit: int = 50) -> list[Notice]:
    with uow:
        return uow.outbox.latest(limit)
