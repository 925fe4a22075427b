"""Reading the outbox (the dev page and `jmo outbox`)."""

from __future__ import annotations

from dataclasses import dataclass

from jmo.domain.notices import Notice
from jmo.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class OutboxView:
    notices: list[Notice]
    counts: dict[str, int]


def outbox_overview(uow: UnitOfWork, *, limit: int = 50) -> OutboxView:
    with uow:
        return OutboxView(notices=uow.outbox.latest(limit), counts=uow.outbox.counts())
