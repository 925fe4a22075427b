"""Four eyes: what one staff member prepared, another approves. The one rule for identity
corrections, reference photos enrolled at the counter and flagged bank changes; each use
case calls it before anything changes."""

from __future__ import annotations

from uuid import UUID

from jmo.domain.errors import PermissionDenied


def require_second_person(prepared_by: UUID | None, by: UUID) -> None:
    """Refuse ``four_eyes.same_person`` when the approver prepared it (or nobody did: an
    approval always follows someone else's preparation)."""
    if prepared_by is None or prepared_by == by:
        raise PermissionDenied("four_eyes.same_person")
