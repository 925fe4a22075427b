"""Texts of the notices (email and SMS), through gettext like every other UI text.

One module per feature with ``TEMPLATES: dict[kind, (subject, body)]`` (Indonesian msgids
marked with ``N_``; ``{name}`` placeholders filled from the use case's parameters), merged
here. Parameters ending in ``_at`` are ISO times with a zone (use cases hold no month
names); they are written out in the notice's language in the participant's zone (WIB, WITA
or WIT, from the ``province`` parameter)."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime

from jmo.adapters.notice_texts import (
    accounts,
    appointments,
    backoffice,
    biometrics,
    claims,
    complaints,
    employer,
    otp,
    pengkinian,
    security,
)
from jmo.domain.time import to_local
from jmo.i18n import translate

TEMPLATES: dict[str, tuple[str, str]] = {}
for _module in (
    pengkinian,
    accounts,
    otp,
    biometrics,
    complaints,
    claims,
    security,
    backoffice,
    employer,
    appointments,
):
    _overlap = TEMPLATES.keys() & _module.TEMPLATES.keys()
    if _overlap:
        raise RuntimeError(f"notice kinds defined twice: {sorted(_overlap)}")
    TEMPLATES.update(_module.TEMPLATES)


def _written_out(params: dict[str, str], locale: str) -> dict[str, str]:
    out = dict(params)
    for name, value in params.items():
        if name.endswith("_at") and value:
            local = to_local(datetime.fromisoformat(value), params.get("province") or None)
            text = format_datetime(local, "d MMMM y, HH.mm", locale=locale)
            out[name] = f"{text} {local.tzname()}"
    return out


class GettextNoticeComposer:
    def __init__(self, public_url: str = "http://127.0.0.1:8000") -> None:
        self._base = public_url.rstrip("/")

    def link(self, path: str) -> str:
        return f"{self._base}{path}"

    def compose(self, kind: str, locale: str, **params: str) -> tuple[str, str]:
        subject, body = TEMPLATES[kind]
        params = _written_out(params, locale)
        return translate(locale, subject, **params), translate(locale, body, **params)
