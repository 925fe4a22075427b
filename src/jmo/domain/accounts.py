"""Accounts (who logs in), their roles, sessions, and the actor a use case acts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    PARTICIPANT = "participant"
    OFFICER = "officer"  # branch-office staff (petugas)
    SUPERVISOR = "supervisor"  # an officer who also gives the second approval
    AUDITOR = "auditor"  # reads everything of the branch, changes nothing
    EMPLOYER_HR = "employer_hr"
    ADMIN = "admin"  # manages staff accounts


# Roles that work in the back office (/petugas); each is bound to a branch office.
STAFF_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN})
# Who signs in with a password and a mandatory second factor (TOTP), with the shorter idle
# timeout: the staff, and the employers' HR users (/perusahaan, bound to one company's NPP;
# docs/decisions/employer-portal.md). Employer HR is not staff: no /petugas route lets it in.
SECOND_FACTOR_ROLES = STAFF_ROLES | {Role.EMPLOYER_HR}


@dataclass
class Account:
    id: UUID
    email: str
    password_hash: str
    role: Role
    participant_id: UUID | None = None
    employer_npp: str | None = None
    branch_code: str | None = None
    created_at: datetime | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None
    phone: str | None = None  # E.164, proven by an SMS code (registration, "Lupa akun")
    terms_version: str | None = None
    terms_accepted_at: datetime | None = None
    # Staff: the second factor (TOTP secret, decrypted; confirmed once a code matched),
    # the last time step used (a code works once), and the account disabled by an admin.
    totp_secret: str | None = None
    totp_confirmed_at: datetime | None = None
    totp_last_step: int | None = None
    disabled_at: datetime | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclass(frozen=True)
class Session:
    id: UUID
    account_id: UUID
    token_hash: str  # sha256 of the bearer/cookie token; the token itself is never stored
    kind: str  # "web" | "api"
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    csrf_token: str
    client_ip: str | None = None
    user_agent: str | None = None
    revoked_at: datetime | None = None
    locale: str | None = None


@dataclass(frozen=True)
class Actor:
    """Who is acting, through which channel, from where: every use case takes one and
    every audit entry records it."""

    account_id: UUID
    role: Role
    participant_id: UUID | None
    channel: str  # "app" (web or phone API), "branch", "employer", "cli"
    client_ip: str | None = None
    user_agent: str | None = None
    session_id: UUID | None = None
    branch_code: str | None = None  # staff: their branch office (scope of what they see)
    employer_npp: str | None = None  # employer HR: their company (scope of what they see)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_participant(self) -> bool:
        return self.role is Role.PARTICIPANT and self.participant_id is not None


@dataclass(frozen=True)
class AccountToken:
    id: UUID
    account_id: UUID
    purpose: str  # "unlock" | "password_reset"
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
