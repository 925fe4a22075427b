"""What every notice about a person's data or money carries (issue 12): a copy in the
in-app inbox, and a one-tap "Bukan saya" link that freezes the account
(``jmo.usecases.accounts.not_me``). The link's token is single-use and stored only as
its SHA-256, like the reset and unlock links."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from jmo.domain.accounts import AccountToken
from jmo.domain.inbox import InboxMessage
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

NOT_ME_FOOTER = "security.not_me_footer"
NOT_ME_PURPOSE = "not_me"
NOT_ME_VALID_FOR = timedelta(days=30)
NOT_ME_PATH = "/bukan-saya"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def copy_to_inbox(
    uow: UnitOfWork,
    participant_id: uuid.UUID,
    kind: str,
    event_key: str,
    subject: str,
    body: str,
    now: datetime,
) -> None:
    """One inbox message per event, however many channels the notice goes out on."""
    uow.inbox.add_once(
        InboxMessage(uuid.uuid4(), participant_id, kind, subject, body, now),
        event=f"{kind}:{event_key}"[:120],
    )


def not_me_link(
    uow: UnitOfWork, composer: NoticeComposer, participant_id: uuid.UUID, now: datetime
) -> tuple[str, datetime] | None:
    """A fresh "Bukan saya" link and when it stops working; None for a participant
    without an account (nothing to freeze from a link)."""
    account = uow.accounts.for_participant(participant_id)
    if account is None:
        return None
    secret = secrets.token_urlsafe(32)
    expires = now + NOT_ME_VALID_FOR
    uow.account_tokens.add(
        AccountToken(
            id=uuid.uuid4(),
            account_id=account.id,
            purpose=NOT_ME_PURPOSE,
            token_hash=token_hash(secret),
            created_at=now,
            expires_at=expires,
        )
    )
    return composer.link(f"{NOT_ME_PATH}?token={secret}"), expires
