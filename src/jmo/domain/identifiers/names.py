"""People's names as written on the KTP.

Letters of any script, spaces, apostrophes, periods, commas and hyphens (``Ni Luh Putu
Ayu``, ``Ma'ruf``, ``Siti-Nurhaliza``, ``Drs. H. Ahmad, S.E.``). Single-word names are
normal in Indonesia (``Sukarno``, ``Mulyani``), so there is no first/last split and no
minimum word count. The case is kept as entered; compare names with ``name_key``.
"""

from __future__ import annotations

import unicodedata

from jmo.domain.errors import DomainError
from jmo.domain.identifiers._text import require

MIN_LENGTH = 2
MAX_LENGTH = 100  # the KTP name field is shorter; 100 leaves room for titles
# The typographic apostrophe (U+2019) is common in names pasted from documents.
_PUNCTUATION = frozenset(" '’.,-")


def parse_person_name(raw: str | None, field: str = "name") -> str:
    text = unicodedata.normalize("NFC", require(raw, field, "name.required"))
    name = " ".join(text.split())
    if not any(_is_letter(ch) for ch in name) or not all(
        _is_letter(ch) or ch in _PUNCTUATION for ch in name
    ):
        raise DomainError("name.characters", field=field)
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise DomainError("name.length", field=field, min=MIN_LENGTH, max=MAX_LENGTH)
    return name


def _is_letter(ch: str) -> bool:
    # Letters, plus combining marks left over after NFC (some scripts have no precomposed form).
    return unicodedata.category(ch)[0] in "LM"


def name_key(name: str) -> str:
    """A form for comparing two spellings of one name (e.g. the KTP name with a bank's
    account-holder name): case, accents, punctuation and spacing removed."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch if _is_letter(ch) else " " for ch in decomposed)
    stripped = "".join(ch for ch in letters if not unicodedata.combining(ch))
    return " ".join(stripped.split())
