"""Deleting what is no longer needed (UU 27/2022 Art 43-44: keep personal data only as long
as its purpose requires).

Selfies and burst frames are never stored, so there is nothing to delete for them; what
the face step leaves is the attempt log (scores and rule values, kept for fraud
investigation and for the person's own access request) and the frame digests of the
replay guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, or_, update

from jmo.storage.repositories.outbox import forget_expired_secrets_statement
from jmo.storage.rows import BiometricAttemptRow, DraftRow, SessionRow
from jmo.storage.rows_accounts import OnboardingRow
from jmo.storage.rows_biometrics import SeenFrameRow
from jmo.storage.rows_security import AccountTokenRow, RateBlockRow, RateCounterRow


@dataclass(frozen=True)
class RetentionPolicy:
    biometric_attempts_days: int = 730
    seen_frames_days: int = 90
    ended_sessions_days: int = 30
    account_tokens_days: int = 30
    abandoned_draft_days: int = 90


@dataclass(frozen=True)
class RetentionReport:
    biometric_attempts: int
    seen_frames: int
    sessions: int
    account_tokens: int
    rate_limits: int
    drafts_abandoned: int
    notice_secrets: int  # expired links and codes forgotten in the outbox
    onboardings: int = 0  # registration and "Lupa akun" flows ended (issue 12)

    def lines(self) -> list[str]:
        return [f"{name.replace('_', ' ')}: {count}" for name, count in self.__dict__.items()]


def run_retention(engine: Engine, policy: RetentionPolicy, *, now: datetime) -> RetentionReport:
    def days(n: int) -> datetime:
        return now - timedelta(days=n)

    with engine.begin() as conn:
        attempts = conn.execute(
            delete(BiometricAttemptRow).where(
                BiometricAttemptRow.created_at < days(policy.biometric_attempts_days)
            )
        ).rowcount
        frames = conn.execute(
            delete(SeenFrameRow).where(SeenFrameRow.seen_at < days(policy.seen_frames_days))
        ).rowcount
        sessions = conn.execute(
            delete(SessionRow).where(
                or_(
                    SessionRow.expires_at < days(policy.ended_sessions_days),
                    SessionRow.revoked_at < days(policy.ended_sessions_days),
                )
            )
        ).rowcount
        tokens = conn.execute(
            delete(AccountTokenRow).where(
                AccountTokenRow.expires_at < days(policy.account_tokens_days)
            )
        ).rowcount
        limits = conn.execute(
            delete(RateCounterRow).where(RateCounterRow.expires_at < now)
        ).rowcount
        limits += conn.execute(delete(RateBlockRow).where(RateBlockRow.until < now)).rowcount
        # A draft left for months is closed and what was typed is wiped: the participant
        # starts afresh, and no stale personal data lingers in drafts.
        abandoned = conn.execute(
            update(DraftRow)
            .where(
                DraftRow.status == "open", DraftRow.updated_at < days(policy.abandoned_draft_days)
            )
            .values(
                status="abandoned", entries_enc="", updated_at=now, version=DraftRow.version + 1
            )
        ).rowcount
        # the dispatcher does this on every pass; here too, for when no worker runs
        secrets = conn.execute(forget_expired_secrets_statement(now)).rowcount
        # a registration or "Lupa akun" lives 30 minutes; a day later its new contacts go
        onboardings = conn.execute(
            delete(OnboardingRow).where(OnboardingRow.expires_at < days(1))
        ).rowcount
    return RetentionReport(
        attempts, frames, sessions, tokens, limits, abandoned, secrets, onboardings
    )
