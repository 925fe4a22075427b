"""The unmasked data export: the password alone gives the masked one (issue 8 item 12); the
full one needs the mailbox too. A single-use link, valid ``FULL_EXPORT_VALID_FOR``, is mailed
to the account's address; opening it while signed in to the same account downloads the
export once. The link's secret is never stored in clear (``queue_notice(secrets=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jmo.domain.accounts import AccountToken
from jmo.domain.errors import NotFound, TooManyAttempts
from jmo.domain.identifiers.email import mask_email
from jmo.domain.notices import NoticeChannel
from jmo.usecases.accounts.my_data import build_export
from jmo.usecases.accounts.recovery import valid_account_token
from jmo.usecases.accounts.sessions import Authenticated, issue_account_token
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

FULL_EXPORT_PURPOSE = "data_export"
FULL_EXPORT_VALID_FOR = timedelta(minutes=30)
FULL_EXPORT_LINKS_PER_HOUR = 3
FULL_EXPORT_PATH = "/akun/data-saya/lengkap"


@dataclass(frozen=True)
class FullExportLinkSent:
    sent_to: str  # masked: the screen only needs to say which mailbox to look in
    expires_at: datetime


def request_full_export(
    uow: UnitOfWork,
    notices: NoticeComposer,
    limiter: RateLimiter,
    auth: Authenticated,
    *,
    now: datetime,
    policy: Policy,
) -> FullExportLinkSent:
    """Mail a single-use link to the full export to the account's own address."""
    decision = limiter.hit(
        f"full-export:{auth.account.id}",
        limit=FULL_EXPORT_LINKS_PER_HOUR,
        window_s=3600,
        now=now,
    )
    if not decision.allowed:
        raise TooManyAttempts("auth.too_many_attempts", minutes=-(-decision.retry_after_s // 60))
    with uow:
        issued = issue_account_token(
            auth.account, FULL_EXPORT_PURPOSE, now, valid_for=FULL_EXPORT_VALID_FOR
        )
        uow.account_tokens.add(issued.record)
        queue_notice(
            uow,
            notices,
            kind="account.data_export_link",
            channel=NoticeChannel.EMAIL,
            recipient=auth.account.email,
            participant_id=auth.account.participant_id,
            event_key=str(issued.record.id),
            now=now,
            params={},
            secrets={"link": f"{policy.public_url}{FULL_EXPORT_PATH}?token={issued.secret}"},
            secrets_valid_until=issued.record.expires_at,
        )
        audit(
            uow,
            auth.actor,
            "participant.full_export_requested",
            subject_type="account",
            subject_id=auth.account.id,
            at=now,
        )
        uow.commit()
    return FullExportLinkSent(mask_email(auth.account.email), issued.record.expires_at)


def check_full_export_link(
    uow: UnitOfWork, auth: Authenticated, *, token: str, now: datetime
) -> None:
    """Is the link good for this account? (The page asks before offering the download.)"""
    with uow:
        _valid(uow, auth, token, now)


def export_my_data_in_full(
    uow: UnitOfWork, auth: Authenticated, *, token: str, now: datetime
) -> dict[str, Any]:
    """The full export, once per link, only to the account the link was mailed to."""
    with uow:
        record = _valid(uow, auth, token, now)
        if not uow.account_tokens.mark_used(record.id, now):
            raise NotFound("account_token")
        data = build_export(uow, auth, now=now, full=True)
        uow.commit()
        return data


def _valid(uow: UnitOfWork, auth: Authenticated, token: str, now: datetime) -> AccountToken:
    record = valid_account_token(uow, token, FULL_EXPORT_PURPOSE, now)
    if record.account_id != auth.account.id:  # a link forwarded to, or opened in, another account
        raise NotFound("account_token")
    return record
