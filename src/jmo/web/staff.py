"""What every back-office page needs: a staff session (else the staff sign-in page), the
role's label, and rendering with the staff layout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Concatenate, ParamSpec, Protocol

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import Conflict, DomainError, NotFound, PermissionDenied
from jmo.edge_files import inline_image
from jmo.i18n import N_, translate
from jmo.usecases.access import require_staff
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.documents import ShownPage
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.web.deps import PageCalls, locale_of, read_form, render, require_login
from jmo.web.errors import field_messages, message

P = ParamSpec("P")

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


StaffDep = Annotated[Authenticated, Depends(require_staff_login)]


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


class DeskPage(Protocol):
    """A desk page (a claim, a correction) shown again with what went wrong."""

    async def __call__(
        self,
        *,
        status_code: int,
        notice: str | None = None,
        errors: dict[str, str] | None = None,
        values: dict[str, str] | None = None,
    ) -> Response: ...


@dataclass(frozen=True)
class StaffDesk:
    """A desk page (a claim, a correction) and the moves made on it: each route module
    builds its own as a dependency, with the page and where a move leads back."""

    request: Request
    auth: Authenticated
    calls: PageCalls
    page: DeskPage
    back: str

    async def move(self, act: Callable[[dict[str, str]], Awaitable[object]]) -> Response:
        """``act`` with the posted form: done, back to the page. Refused by four eyes
        (403) or because the record moved on (409): the page again with the message. Any
        other rule (400): the page again with the messages, by field where there is one,
        and what was typed. Not found and not allowed are the error page."""
        form = await read_form(self.request, self.auth)
        locale = locale_of(self.request, self.auth)
        try:
            await act(form)
        except PermissionDenied as exc:
            if exc.code != "four_eyes.same_person":
                raise
            return await self.page(status_code=403, notice=message(exc, locale))
        except Conflict as exc:
            return await self.page(status_code=409, notice=message(exc, locale))
        except NotFound:
            raise
        except DomainError as exc:
            errors = field_messages(exc, locale)
            notice = None if errors else message(exc, locale)
            return await self.page(status_code=400, notice=notice, errors=errors, values=form)
        return RedirectResponse(self.back, status_code=303)


async def document_picture(
    calls: PageCalls,
    show: Callable[Concatenate[UnitOfWork, Actor, P], ShownPage],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Response:
    """A page of a document as a picture drawn on the server (``show``, the use case of a
    claim's, a correction's or a complaint's documents): never the stored file."""
    shown = await calls.run(show, *args, **kwargs)
    return inline_image(shown.data, content_type=shown.content_type)
