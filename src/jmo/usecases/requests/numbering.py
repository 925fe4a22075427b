"""The reference a participant reads for a request: its id (PD-2026-000123), or, for a
request made before ids existed and not numbered, the older reference it was given."""

from __future__ import annotations

from uuid import UUID

from jmo.usecases.ports.unit_of_work import UnitOfWork


def reference_of(uow: UnitOfWork, item_id: UUID, older: str) -> str:
    """Inside the caller's unit of work."""
    ref = uow.request_ids.of_item(item_id)
    return str(ref.request_id) if ref is not None else older
