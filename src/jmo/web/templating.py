"""Jinja2 with gettext: ``{{ _("...") }}`` translates into the request's language."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from jmo.domain.backoffice.appointments import Purpose
from jmo.domain.money import format_rupiah
from jmo.domain.time import to_local
from jmo.i18n import error_message, get_translations, long_date


@pass_context
def _gettext(context: Context, message: str, **params: Any) -> str:
    text = get_translations(context.get("locale", "id")).gettext(message)
    return text.format(**params) if params else text


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **params: Any) -> str:
    text = get_translations(context.get("locale", "id")).ngettext(singular, plural, n)
    return text.format(n=n, **params)


@pass_context
def _error_text(context: Context, code: str, params: dict[str, Any] | None = None) -> str:
    return error_message(context.get("locale", "id"), code, params or {})


@pass_context
def _long_date(context: Context, value: date | datetime | None) -> str:
    if value is None:
        return "-"
    return long_date(value, context.get("locale", "id"))


@pass_context
def _local_time(context: Context, value: datetime | None, province_code: str | None = None) -> str:
    if value is None:
        return "-"
    local = to_local(value, province_code)
    return f"{_long_date(context, local)} {local:%H:%M} {local.tzname()}"


def _mask(value: str | None, keep_start: int = 4, keep_end: int = 2) -> str:
    """Show only enough of an identifier to recognise it (UU 27/2022: data minimisation
    on screens that do not need the full value)."""
    if not value:
        return "-"
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def _phone_local(value: str | None) -> str:
    if not value:
        return "-"
    return "0" + value[3:] if value.startswith("+62") else value


def booking_link(purpose: str, reference: str = "") -> str:
    """Where every "go to a branch office" page sends the person to book an appointment
    (the purposes: ``jmo.domain.backoffice.appointments.Purpose``)."""
    query = {"keperluan": Purpose(purpose).value} | ({"rujukan": reference} if reference else {})
    return "/janji-temu/baru?" + urlencode(query)


def build_environment() -> Environment:
    folder = resources.files("jmo.web") / "templates"
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Only ``_()`` calls are used in templates (no {% trans %} blocks), so the request's
    # language comes from the render context, not from state installed on the environment.
    env.globals["_"] = _gettext
    env.globals["ngettext"] = _ngettext
    env.globals["error_text"] = _error_text
    env.globals["booking_link"] = booking_link
    env.filters["long_date"] = _long_date
    env.filters["local_time"] = _local_time
    env.filters["mask"] = _mask
    env.filters["rupiah"] = format_rupiah
    env.filters["phone_local"] = _phone_local
    return env
