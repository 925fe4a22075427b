"""Claims, and the claim lock the participant owns."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from jmo.domain.claim_lock import ClaimLock
from jmo.domain.claims.model import Claim, ClaimStatus


class ClaimRepository(Protocol):
    def get(self, claim_id: UUID) -> Claim | None: ...
    def get_by_number(self, number: str) -> Claim | None: ...
    def for_claimant(self, participant_id: UUID) -> list[Claim]: ...
    def for_member(self, participant_id: UUID) -> list[Claim]: ...
    def by_idempotency_key(self, claimant_id: UUID, key: str) -> Claim | None: ...
    def listing(self, status: ClaimStatus | None, limit: int) -> list[Claim]: ...
    def add(self, claim: Claim, contents: dict[UUID, bytes]) -> None:
        """A new claim with its first event and its documents' bytes (by document id)."""

    def save(self, claim: Claim) -> None:
        """Status, amounts and new events; raises Conflict when another writer moved it."""

    def document(self, claim_id: UUID, document_id: UUID) -> tuple[str, str, bytes] | None:
        """(filename, content type, bytes) of one of the claim's documents."""


class ClaimLockRepository(Protocol):
    def get(self, participant_id: UUID) -> ClaimLock: ...
    def save(self, lock: ClaimLock) -> None: ...
