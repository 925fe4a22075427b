"""Staff of the tests: accounts at a branch office with a known authenticator secret, and
fresh sign-in codes (the test clock moves one TOTP step per code: a code works once)."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.totp import STEP_S, current_code
from jmo.domain.time import FixedClock
from jmo.usecases.backoffice.staff_accounts import create_staff, set_second_factor
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import PASSWORD

STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def staff_member(
    services: Services,
    email: str,
    role: Role = Role.OFFICER,
    branch: str = "SBY01",
    *,
    totp: bool = True,
) -> Actor:
    """A staff account (the cast's participants live in Surabaya: SBY01 serves them)."""
    account = create_staff(
        services.uow(),
        services.passwords,
        operator_actor(),
        email=email,
        password=PASSWORD,
        role=role,
        branch_code=branch,
        now=services.clock.now(),
    )
    if totp:
        set_second_factor(
            services.uow(),
            operator_actor(),
            email=email,
            secret=STAFF_SECRET,
            now=services.clock.now(),
        )
    return Actor(
        account.id, role, None, "app", "198.51.100.2", "pytest", branch_code=account.branch_code
    )


def fresh_code(services: Services, secret: str = STAFF_SECRET) -> str:
    clock = cast(FixedClock, services.clock)
    clock.advance(timedelta(seconds=STEP_S))
    return current_code(secret, clock.now())


def staff_login(services: Services, email: str) -> dict[str, str]:
    """The body of POST /api/v1/auth/login for a staff member."""
    return {"email": email, "password": PASSWORD, "otp": fresh_code(services)}
