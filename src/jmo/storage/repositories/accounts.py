from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session as DbSession

from jmo.domain.accounts import STAFF_ROLES, Account, AccountToken, Role, Session
from jmo.storage.crypto import FieldCipher
from jmo.storage.rows import AccountRow, SessionRow
from jmo.storage.rows_backoffice import StaffRecoveryCodeRow
from jmo.storage.rows_security import AccountTokenRow

_TOTP = "accounts.totp_secret"


def _account(row: AccountRow, cipher: FieldCipher | None = None) -> Account:
    """``cipher`` decrypts the TOTP secret; the session lookup (every request) skips it."""
    return Account(
        id=row.id,
        email=row.email,
        password_hash=row.password_hash,
        role=Role(row.role),
        participant_id=row.participant_id,
        employer_npp=row.employer_npp,
        branch_code=row.branch_code,
        created_at=row.created_at,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        password_changed_at=row.password_changed_at,
        phone=row.phone,
        terms_version=row.terms_version,
        terms_accepted_at=row.terms_accepted_at,
        totp_secret=cipher.decrypt(row.totp_secret_enc, context=_TOTP) if cipher else None,
        totp_confirmed_at=row.totp_confirmed_at,
        totp_last_step=row.totp_last_step,
        disabled_at=row.disabled_at,
    )


class SqlAccounts:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def get(self, account_id: UUID) -> Account | None:
        row = self._s.get(AccountRow, account_id)
        return _account(row, self._c) if row else None

    def get_by_email(self, email: str) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.email == email.lower()))
        return _account(row, self._c) if row else None

    def for_participant(self, participant_id: UUID) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.participant_id == participant_id))
        return _account(row, self._c) if row else None

    def staff(self) -> list[Account]:
        rows = self._s.scalars(
            select(AccountRow)
            .where(AccountRow.role.in_([r.value for r in STAFF_ROLES]))
            .order_by(AccountRow.email)
        )
        return [_account(r) for r in rows]

    def set_totp(
        self, account_id: UUID, secret: str | None, *, confirmed_at: datetime | None
    ) -> None:
        """A new secret (unconfirmed until a code matches), its confirmation, or none."""
        row = self._s.get(AccountRow, account_id)
        if row is None:
            raise LookupError("account vanished")
        row.totp_secret_enc = self._c.encrypt(secret, context=_TOTP)
        row.totp_confirmed_at = confirmed_at
        row.totp_last_step = None
        self._s.flush()

    def use_totp_step(self, account_id: UUID, step: int) -> bool:
        """Record the step of a code just used; False when it (or a later one) was used
        already: a code works once, even by two requests at the same moment."""
        done = self._s.execute(
            update(AccountRow)
            .where(
                AccountRow.id == account_id,
                (AccountRow.totp_last_step.is_(None)) | (AccountRow.totp_last_step < step),
            )
            .values(totp_last_step=step)
        )
        return bool(getattr(done, "rowcount", 0))

    def replace_recovery_codes(self, account_id: UUID, hashes: list[str], at: datetime) -> None:
        self._s.execute(
            delete(StaffRecoveryCodeRow).where(StaffRecoveryCodeRow.account_id == account_id)
        )
        for code_hash in hashes:
            self._s.add(
                StaffRecoveryCodeRow(account_id=account_id, code_hash=code_hash, created_at=at)
            )
        self._s.flush()

    def use_recovery_code(self, account_id: UUID, code_hash: str, at: datetime) -> bool:
        done = self._s.execute(
            update(StaffRecoveryCodeRow)
            .where(
                StaffRecoveryCodeRow.account_id == account_id,
                StaffRecoveryCodeRow.code_hash == code_hash,
                StaffRecoveryCodeRow.used_at.is_(None),
            )
            .values(used_at=at)
        )
        return bool(getattr(done, "rowcount", 0))

    def recovery_codes_left(self, account_id: UUID) -> int:
        return len(
            list(
                self._s.scalars(
                    select(StaffRecoveryCodeRow.id).where(
                        StaffRecoveryCodeRow.account_id == account_id,
                        StaffRecoveryCodeRow.used_at.is_(None),
                    )
                )
            )
        )

    def add(self, account: Account) -> None:
        self._s.add(
            AccountRow(
                id=account.id,
                email=account.email.lower(),
                password_hash=account.password_hash,
                role=account.role.value,
                participant_id=account.participant_id,
                employer_npp=account.employer_npp,
                branch_code=account.branch_code,
                created_at=account.created_at,
                failed_logins=account.failed_logins,
                locked_until=account.locked_until,
                last_login_at=account.last_login_at,
                password_changed_at=account.password_changed_at,
                phone=account.phone,
                terms_version=account.terms_version,
                terms_accepted_at=account.terms_accepted_at,
            )
        )
        self._s.flush()

    def save(self, account: Account) -> None:
        row = self._s.get(AccountRow, account.id)
        if row is None:
            raise LookupError("account vanished")
        row.email = account.email.lower()
        row.password_hash = account.password_hash
        row.failed_logins = account.failed_logins
        row.locked_until = account.locked_until
        row.last_login_at = account.last_login_at
        row.password_changed_at = account.password_changed_at
        row.phone = account.phone
        row.disabled_at = account.disabled_at
        self._s.flush()


def _session(row: SessionRow) -> Session:
    return Session(
        id=row.id,
        account_id=row.account_id,
        token_hash=row.token_hash,
        kind=row.kind,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        csrf_token=row.csrf_token,
        client_ip=row.client_ip,
        user_agent=row.user_agent,
        revoked_at=row.revoked_at,
        locale=row.locale,
    )


class SqlSessions:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(self, session: Session) -> None:
        self._s.add(
            SessionRow(
                id=session.id,
                account_id=session.account_id,
                token_hash=session.token_hash,
                kind=session.kind,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
                expires_at=session.expires_at,
                csrf_token=session.csrf_token,
                client_ip=session.client_ip,
                user_agent=(session.user_agent or "")[:300] or None,
                revoked_at=None,
                locale=session.locale,
            )
        )
        self._s.flush()

    def active_for(self, account_id: UUID, now: datetime) -> list[Session]:
        rows = self._s.scalars(
            select(SessionRow)
            .where(
                SessionRow.account_id == account_id,
                SessionRow.revoked_at.is_(None),
                SessionRow.expires_at > now,
            )
            .order_by(SessionRow.last_seen_at.desc())
        )
        return [_session(r) for r in rows]

    def get_by_token_hash(self, token_hash: str) -> Session | None:
        row = self._s.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
        return _session(row) if row else None

    def get_with_account(self, token_hash: str) -> tuple[Session, Account] | None:
        """The session of a token and its account in one query (every request asks)."""
        found = self._s.execute(
            select(SessionRow, AccountRow)
            .join(AccountRow, AccountRow.id == SessionRow.account_id)
            .where(SessionRow.token_hash == token_hash)
        ).first()
        return (_session(found[0]), _account(found[1])) if found else None

    def touch(self, session_id: UUID, at: datetime) -> None:
        self._s.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(last_seen_at=at)
        )

    def revoke(self, session_id: UUID, at: datetime) -> None:
        self._s.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id, SessionRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def revoke_all(self, account_id: UUID, at: datetime) -> int:
        result = self._s.execute(
            update(SessionRow)
            .where(SessionRow.account_id == account_id, SessionRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def set_locale(self, session_id: UUID, locale: str) -> None:
        self._s.execute(update(SessionRow).where(SessionRow.id == session_id).values(locale=locale))


class SqlAccountTokens:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(self, token: AccountToken) -> None:
        self._s.add(
            AccountTokenRow(
                id=token.id,
                account_id=token.account_id,
                purpose=token.purpose,
                token_hash=token.token_hash,
                created_at=token.created_at,
                expires_at=token.expires_at,
                used_at=None,
            )
        )
        self._s.flush()

    def get_by_hash(self, token_hash: str) -> AccountToken | None:
        row = self._s.scalar(
            select(AccountTokenRow).where(AccountTokenRow.token_hash == token_hash)
        )
        if row is None:
            return None
        return AccountToken(
            id=row.id,
            account_id=row.account_id,
            purpose=row.purpose,
            token_hash=row.token_hash,
            created_at=row.created_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
        )

    def mark_used(self, token_id: UUID, at: datetime) -> bool:
        result = self._s.execute(
            update(AccountTokenRow)
            .where(AccountTokenRow.id == token_id, AccountTokenRow.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def end_all(self, account_id: UUID, at: datetime) -> int:
        result = self._s.execute(
            update(AccountTokenRow)
            .where(
                AccountTokenRow.account_id == account_id,
                AccountTokenRow.used_at.is_(None),
                # a "Bukan saya" link must outlive a password change made by an intruder
                AccountTokenRow.purpose.in_(("unlock", "password_reset")),
            )
            .values(used_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)
