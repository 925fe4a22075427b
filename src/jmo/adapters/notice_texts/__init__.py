"""Texts of the notices (email and SMS), through gettext like every other UI text.

One module per feature with ``TEMPLATES: dict[kind, (subject, body)]`` (Indonesian msgids
marked with ``N_``; ``{name}`` placeholders filled from the use case's parameters), merged
here."""

from __future__ import annotations

from jmo.adapters.notice_texts import claims, pengkinian
from jmo.i18n import translate

TEMPLATES: dict[str, tuple[str, str]] = {}
for _module in (pengkinian, claims):
    _overlap = TEMPLATES.keys() & _module.TEMPLATES.keys()
    if _overlap:
        raise RuntimeError(f"notice kinds defined twice: {sorted(_overlap)}")
    TEMPLATES.update(_module.TEMPLATES)


class GettextNoticeComposer:
    def compose(self, kind: str, locale: str, **params: str) -> tuple[str, str]:
        subject, body = TEMPLATES[kind]
        return translate(locale, subject, **params), translate(locale, body, **params)
