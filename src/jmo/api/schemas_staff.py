"""Shapes of the staff API's lists and views that differ from the participant's."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from jmo.api.schemas_claims import program_out, reason_out, status_out
from jmo.api.schemas_jht import CodeLabel
from jmo.domain.claims.model import Claim


class StaffClaimSummaryOut(BaseModel):
    """A line of the work queue: what the claim is and where it stands, not whose it is
    (no name, KPJ, bank or amounts; opening the claim shows them, and is recorded)."""

    id: UUID
    number: str
    program: CodeLabel
    reason: CodeLabel
    status: CodeLabel
    route: str
    submitted_at: datetime
    updated_at: datetime
    documents: int

    @classmethod
    def of(cls, c: Claim, locale: str) -> StaffClaimSummaryOut:
        return cls(
            id=c.id,
            number=c.number,
            program=program_out(c, locale),
            reason=reason_out(c, locale),
            status=status_out(c, locale),
            route=c.route.value,
            submitted_at=c.submitted_at,
            updated_at=c.updated_at,
            documents=len(c.documents),
        )
