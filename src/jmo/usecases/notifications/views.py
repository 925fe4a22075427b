"""Reading the outbox (the dev page and `jmo outbox`)."""

from __future__ import annotations

from dataclasses import dataclass

from jmo.domain.notices import Notice
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OutboxView:
    notices: list[Notice]
    counts: dict[str, int]


def outbox_overview(
    uow: UnitOfWork, *, limit: int = 50, reveal_secrets: bool = False
) -> OutboxView:
    """The latest notices. ``reveal_secrets`` (development only: the dev outbox is the
    mailbox there) fills in the links and codes still held; otherwise their placeholders
    are shown."""
    with uow:
        notices = uow.outbox.latest(limit)
        counts = uow.outbox.counts()
    if reveal_secrets:
        notices = [n.rendered() for n in notices]
    return OutboxView(notices=notices, counts=counts)
