from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.claim_lock import ClaimLock
from jmo.storage.rows_accounts import ClaimLockRow


class SqlClaimLocks:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def get(self, participant_id: UUID) -> ClaimLock:
        row = self._s.get(ClaimLockRow, participant_id)
        if row is None:
            return ClaimLock(participant_id)
        return ClaimLock(
            participant_id,
            row.locked_at,
            row.unlock_after,
            LivenessChallenge.from_dict(row.challenge) if row.challenge else None,
        )

    def save(self, lock: ClaimLock) -> None:
        row = self._s.get(ClaimLockRow, lock.participant_id)
        if row is None:
            row = ClaimLockRow(participant_id=lock.participant_id)
            self._s.add(row)
        row.locked_at = lock.locked_at
        row.unlock_after = lock.unlock_after
        row.challenge = dict(lock.challenge.to_dict()) if lock.challenge else None
        self._s.flush()
