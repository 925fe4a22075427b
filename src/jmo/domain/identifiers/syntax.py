"""Syntax rules shared by the API's request schemas (``jmo.domain.input_rules.Text``), each
narrower than or equal to its parser's syntax, built from the parsers' own constants: a value
a rule allows passes the parser's syntax check (what is beyond syntax stays the parser's)."""

from __future__ import annotations

from jmo.domain.identifiers.dates import DAY_FIRST_PATTERN, ISO_PATTERN
from jmo.domain.identifiers.kpj import KPJ_LENGTH
from jmo.domain.identifiers.names import MAX_LENGTH as NAME_MAX
from jmo.domain.identifiers.names import MIN_LENGTH as NAME_MIN
from jmo.domain.identifiers.nik import NIK_LENGTH
from jmo.domain.identifiers.phone import MOBILE_PATTERN
from jmo.domain.input_rules import Text

# Separators the parsers strip between digits (``_text.strip_separators``): one at a time.
_SEPARATOR = "[ .\\-/]"


def digits(low: int, high: int) -> str:
    """``low`` to ``high`` digits, a separator allowed between two of them."""
    return f"(?:[0-9]{_SEPARATOR}?){{{low - 1},{high - 1}}}[0-9]"


PHONE = Text(max_length=40, min_length=1, pattern=MOBILE_PATTERN)
# A name in Latin letters (the KTP's), with the parser's punctuation: at least two characters
# that are not spaces, one a letter (a letter next to another such character).
LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_NAME_PUNCTUATION = "'\u2019.,\\-"
_ANY = f"[{LETTER}{_NAME_PUNCTUATION} ]*"
_SOME = f"[{LETTER}{_NAME_PUNCTUATION}]"
NAME = Text(
    max_length=NAME_MAX,
    min_length=NAME_MIN,
    pattern=f"{_ANY}(?:[{LETTER}] *{_SOME}|{_SOME} *[{LETTER}]){_ANY}",
)
# The parser's (email-validator's) syntax narrowed to the plain form: dot-separated atoms of
# letters, digits and _%+- before the @, a host name of labels and a letter TLD after it.
EMAIL = Text(
    max_length=254,
    min_length=1,
    pattern=(
        "[A-Za-z0-9_%+\\-]{1,15}(?:\\.[A-Za-z0-9_%+\\-]{1,15}){0,3}@"
        "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,20}[A-Za-z0-9])?\\.){1,3}[A-Za-z]{2,12}"
    ),
)

NIK = Text(max_length=30, min_length=1, pattern=digits(NIK_LENGTH, NIK_LENGTH))
KPJ = Text(max_length=30, min_length=1, pattern=digits(KPJ_LENGTH, KPJ_LENGTH))
DATE = Text(max_length=20, min_length=1, pattern=f"{ISO_PATTERN}|{DAY_FIRST_PATTERN}")
