"""The person's own account: signed-in devices, ending them, changing the password."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Session
from jmo.domain.devices import DeviceGroup, group_sessions
from jmo.domain.errors import NotFound, TooManyAttempts, ValidationFailed
from jmo.domain.notices import NoticeChannel
from jmo.domain.passwords import check_new_password
from jmo.usecases.accounts.lockout import Scope, minutes_left, record_failure, record_success
from jmo.usecases.accounts.recovery import _password_changed_notice
from jmo.usecases.accounts.sessions import Authenticated, Client, LoginResult, _new_session
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy


@dataclass(frozen=True)
class Device:
    session: Session
    current: bool


def list_devices(uow: UnitOfWork, auth: Authenticated, *, now: datetime) -> list[Device]:
    with uow:
        return [
            Device(session, session.id == auth.session.id)
            for session in uow.sessions.active_for(auth.account.id, now)
        ]


def list_device_groups(uow: UnitOfWork, auth: Authenticated, *, now: datetime) -> list[DeviceGroup]:
    """The signed-in devices, each login of the same device in one group (the page)."""
    with uow:
        return group_sessions(uow.sessions.active_for(auth.account.id, now), auth.session.id)


def end_other_devices(uow: UnitOfWork, auth: Authenticated, *, now: datetime) -> int:
    """ "Keluarkan semua perangkat lain": every session but this one; returns how many."""
    with uow:
        others = [s.id for s in uow.sessions.active_for(auth.account.id, now)]
        others = [session_id for session_id in others if session_id != auth.session.id]
        for session_id in others:
            uow.sessions.revoke(session_id, now)
        audit(
            uow,
            auth.actor,
            "account.other_sessions_ended",
            subject_type="account",
            subject_id=auth.account.id,
            at=now,
            sessions_ended=len(others),
        )
        uow.commit()
        return len(others)


def end_device_group(
    uow: UnitOfWork, auth: Authenticated, session_ids: list[uuid.UUID], *, now: datetime
) -> None:
    """Every session of one device (a group on the page), except this one."""
    with uow:
        mine = {s.id for s in uow.sessions.active_for(auth.account.id, now)}
        ended = [i for i in session_ids if i in mine and i != auth.session.id]
        if not ended:
            raise NotFound("session")
        for session_id in ended:
            uow.sessions.revoke(session_id, now)
        audit(
            uow,
            auth.actor,
            "account.session_ended",
            subject_type="account",
            subject_id=auth.account.id,
            at=now,
            ended_sessions=len(ended),
        )
        uow.commit()


def end_device(
    uow: UnitOfWork, auth: Authenticated, session_id: uuid.UUID, *, now: datetime
) -> None:
    with uow:
        mine = {s.id for s in uow.sessions.active_for(auth.account.id, now)}
        if session_id not in mine:
            raise NotFound("session")
        uow.sessions.revoke(session_id, now)
        audit(
            uow,
            auth.actor,
            "account.session_ended",
            subject_type="account",
            subject_id=auth.account.id,
            at=now,
            ended_session=str(session_id),
        )
        uow.commit()


def change_password(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    notices: NoticeComposer,
    limiter: RateLimiter,
    auth: Authenticated,
    *,
    current_password: str,
    new_password: str,
    is_common: Callable[[str], bool],
    client: Client,
    policy: Policy,
    now: datetime,
) -> LoginResult:
    """A new password ends every session (all devices) and every open reset or unlock
    link; this device gets a fresh session.

    The current password is asked for so that a borrowed or stolen session cannot take the
    account over; wrong ones count against the account like wrong logins (the same budget
    and growing lock, ``lockout``), and the owner is emailed when the form locks."""
    scope = Scope.password_change(auth.account.id)
    locked = minutes_left(limiter, scope, now)
    if locked:
        raise TooManyAttempts("password.change_locked", field="current_password", minutes=locked)
    with uow:
        account = uow.accounts.get(auth.account.id)
        if account is None:
            raise NotFound("account")
        if passwords.verify(account.password_hash, current_password or ""):
            check_new_password(
                new_password,
                is_common=is_common,
                personal=[account.email.split("@")[0]],
                field="new_password",
            )
            account.password_hash = passwords.hash(new_password)
            account.password_changed_at = now
            uow.accounts.save(account)
            ended = uow.sessions.revoke_all(account.id, now)
            links_ended = uow.account_tokens.end_all(account.id, now)
            token, session = _new_session(
                account, client, now, policy, auth.session.kind, auth.session.locale
            )
            uow.sessions.add(session)
            _password_changed_notice(uow, notices, account, now)
            audit(
                uow,
                auth.actor,
                "account.password_changed",
                subject_type="account",
                subject_id=account.id,
                at=now,
                sessions_ended=ended,
                links_ended=links_ended,
            )
            uow.commit()
            record_success(limiter, scope)
            return LoginResult(token=token, session=session, account=account)
    failure = record_failure(limiter, scope, policy, now)
    with uow:
        audit(
            uow,
            auth.actor,
            "account.password_change_failed",
            subject_type="account",
            subject_id=account.id,
            at=now,
            failures=failure.count,
            locked_minutes=failure.locked_minutes,
        )
        if failure.locked_minutes:
            queue_notice(
                uow,
                notices,
                kind="account.password_change_locked",
                channel=NoticeChannel.EMAIL,
                recipient=account.email,
                participant_id=account.participant_id,
                event_key=f"{account.id}:{now.isoformat()}",
                now=now,
                params={"minutes": str(failure.locked_minutes)},
            )
        uow.commit()
    if failure.locked_minutes:
        raise TooManyAttempts(
            "password.change_locked", field="current_password", minutes=failure.locked_minutes
        )
    raise ValidationFailed.single("current_password", "password.current_wrong")
