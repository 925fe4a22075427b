"""What every back-office page needs: a staff session (else the staff sign-in page), the
role's label, and rendering with the staff layout."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from jmo.domain.accounts import Role
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.i18n import N_, translate
from jmo.usecases.access import require_staff
from jmo.usecases.accounts.sessions import Authenticated
from jmo.web.deps import locale_of, render, require_login

STAFF_PREFIX = "/petugas"
STAFF_LOGIN = "/petugas/masuk"

ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: N_("Petugas"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.AUDITOR: N_("Auditor"),
    Role.ADMIN: N_("Admin"),
    Role.EMPLOYER_HR: N_("HR perusahaan"),
}


async def require_staff_login(request: Request) -> Authenticated:
    """A signed-in staff member; a participant's session is refused (403 page)."""
    auth = await require_login(request)
    require_staff(auth.actor)
    return auth


def render_staff(
    request: Request,
    template: str,
    auth: Authenticated | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    locale = locale_of(request, auth)
    label = ROLE_LABELS.get(auth.account.role, "") if auth else ""
    # The sign-in pages serve both portals (jmo.web.routes.staff_auth.sign_in_router).
    context.setdefault("portal", STAFF_PREFIX)
    context.setdefault("layout", "staff/base.html")
    context.setdefault("login_title", "")
    return render(
        request,
        template,
        auth,
        status_code=status_code,
        locale=locale,
        role_label=translate(locale, label) if label else "",
        can_audit=auth is not None and allowed(auth.account.role, Action.AUDIT_READ),
        **context,
    )
