"""UI text through gettext (Babel). Indonesian is the source language and the default;
English comes from ``locale/en/LC_MESSAGES/messages.po``.

Why Indonesian msgids: the fund's own labels ("Pengkinian Data", "OK, Lanjutkan") are
then written once, exactly, in the templates, and the default language can never show an
untranslated English string (docs/decisions/0003-i18n.md). Catalogues are compiled in
memory from the .po files at start-up, so there is no build step and no binary in git.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extractors look for
    """Mark a string for extraction without translating it now."""
    return message


@cache
def get_translations(locale: str) -> NullTranslations:
    if locale not in SUPPORTED_LOCALES or locale == "id":
        return NullTranslations()
    po_path = resources.files("jmo.i18n").joinpath(f"locale/{locale}/LC_MESSAGES/messages.po")
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def negotiate_locale(requested: str | None, accept_language: str | None) -> str:
    """An explicit choice wins; otherwise the first supported language the browser asks for."""
    if requested in SUPPORTED_LOCALES:
        return requested
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in SUPPORTED_LOCALES:
            return tag
    return DEFAULT_LOCALE


_MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(value: date, locale: str) -> str:
    """``12 Maret 2041`` / ``12 March 2041``: the one way pages and messages write a date
    (issue 9 item 9: a JP date read "12-03-2050" where other pages wrote this)."""
    months = _MONTHS.get(locale, _MONTHS[DEFAULT_LOCALE])
    return f"{value.day} {months[value.month - 1]} {value.year}"


def translate(locale: str, message: str, **params: Any) -> str:
    text = get_translations(locale).gettext(message)
    return text.format(**params) if params else text


def error_message(locale: str, code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for an error code, in the given language."""
    # Imported here: the message modules import N_ from this package.
    from jmo.i18n.errors import ERROR_MESSAGES, GENERIC_ERROR  # noqa: PLC0415

    template = ERROR_MESSAGES.get(code, GENERIC_ERROR)
    text = get_translations(locale).gettext(template)
    shown = {
        key: long_date(value, locale) if isinstance(value, date) else value
        for key, value in (params or {}).items()
    }
    try:
        return text.format(**shown)
    except (KeyError, IndexError, ValueError):
        return text
