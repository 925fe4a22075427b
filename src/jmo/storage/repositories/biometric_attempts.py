from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import Decision
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.storage.rows import BiometricAttemptRow


def _attempt(row: BiometricAttemptRow) -> BiometricAttempt:
    return BiometricAttempt(
        id=row.id,
        participant_id=row.participant_id,
        draft_id=row.draft_id,
        purpose=row.purpose,
        decision=row.decision,
        distance=row.distance,
        error_code=row.error_code,
        checks=list(row.checks),
        model=row.model,
        duration_ms=row.duration_ms,
        client_ip=row.client_ip,
        created_at=row.created_at,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        review_decision=row.review_decision,
        review_note=row.review_note,
    )


class SqlBiometricAttempts:
    """The attempt log keeps scores and rule values, never the selfie or its descriptor."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(self, attempt: BiometricAttempt) -> None:
        self._s.add(
            BiometricAttemptRow(
                id=attempt.id,
                participant_id=attempt.participant_id,
                draft_id=attempt.draft_id,
                purpose=attempt.purpose,
                decision=attempt.decision,
                distance=attempt.distance,
                error_code=attempt.error_code,
                checks=list(attempt.checks),
                model=attempt.model,
                duration_ms=attempt.duration_ms,
                client_ip=attempt.client_ip,
                created_at=attempt.created_at,
                reviewed_at=attempt.reviewed_at,
                review_decision=attempt.review_decision,
            )
        )
        self._s.flush()

    def get(self, attempt_id: UUID) -> BiometricAttempt | None:
        row = self._s.get(BiometricAttemptRow, attempt_id)
        return _attempt(row) if row else None

    def for_participant(self, participant_id: UUID, since: datetime) -> list[BiometricAttempt]:
        rows = self._s.scalars(
            select(BiometricAttemptRow)
            .where(
                BiometricAttemptRow.participant_id == participant_id,
                BiometricAttemptRow.created_at >= since,
            )
            .order_by(BiometricAttemptRow.created_at)
        )
        return [_attempt(r) for r in rows]

    def record_review(
        self, attempt_id: UUID, *, by: UUID, at: datetime, decision: str, note: str
    ) -> bool:
        """True if this call decided it (a review is decided once)."""
        result = self._s.execute(
            update(BiometricAttemptRow)
            .where(
                BiometricAttemptRow.id == attempt_id,
                BiometricAttemptRow.review_decision.is_(None),
            )
            .values(reviewed_by=by, reviewed_at=at, review_decision=decision, review_note=note)
        )
        return bool(getattr(result, "rowcount", 0))

    def _open_reviews(self, participant_id: UUID) -> Any:
        return (
            BiometricAttemptRow.participant_id == participant_id,
            BiometricAttemptRow.decision == Decision.REVIEW.value,
            BiometricAttemptRow.review_decision.is_(None),
        )

    def open_review_for(self, participant_id: UUID) -> BiometricAttempt | None:
        row = self._s.scalars(
            select(BiometricAttemptRow).where(*self._open_reviews(participant_id))
        ).first()
        return _attempt(row) if row else None

    def open_reviews(self, limit: int) -> list[BiometricAttempt]:
        """Borderline attempts still waiting for an officer, oldest first."""
        rows = self._s.scalars(
            select(BiometricAttemptRow)
            .where(
                BiometricAttemptRow.decision == Decision.REVIEW.value,
                BiometricAttemptRow.review_decision.is_(None),
            )
            .order_by(BiometricAttemptRow.created_at)
            .limit(limit)
        )
        return [_attempt(r) for r in rows]

    def close_open_reviews(self, participant_id: UUID, *, at: datetime, decision: str) -> int:
        result = self._s.execute(
            update(BiometricAttemptRow)
            .where(*self._open_reviews(participant_id))
            .values(reviewed_at=at, review_decision=decision)
        )
        return int(getattr(result, "rowcount", 0) or 0)
