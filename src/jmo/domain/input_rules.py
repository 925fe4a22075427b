"""What a person may type into a field, as data: the domain checks input against these rules,
and the API turns the same numbers into its request schema (``jmo.api.input_fields``), so a
request the schema allows is one the rule accepts (issue 13)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A character that counts towards a text's minimum length: not white space, not a control
# or invisible formatting character (those are dropped or trimmed before the count).
_NOT_COUNTED = (
    "\\s\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u200b-\\u200f\\u202a-\\u202e"
    "\\u2060-\\u206f\\ue000-\\uf8ff\\ufeff\\ufff0-\\uffff"
)
COUNTED_CHARACTER = f"[^{_NOT_COUNTED}]"
OTHER_CHARACTER = f"[{_NOT_COUNTED}]"
_COUNTED = re.compile(COUNTED_CHARACTER)
# What visible text drops: the characters not counted, but white space and the joiners that
# hold emoji sequences and scripts together (U+200C, U+200D). Every counted character is
# kept, unassigned ones included (an emoji newer than this Python's Unicode tables is one),
# so a text long enough as sent is long enough as kept, and the schema's count is the rule's
# (issue 13). Lone surrogates go too: not characters, no UTF-8 text holds one (only a JSON
# escape can), and a schema pattern cannot name them portably.
_INVISIBLE = re.compile(f"(?![\\s\\u200c\\u200d]){OTHER_CHARACTER}|[\\ud800-\\udfff]")
_OTHER_SPACE = re.compile("[^\\S\\n\\t ]")


def visible_text(raw: str) -> str:
    """``raw`` without the characters no one sees (controls, invisible formatting, private
    use); line breaks and tabs stay, any other white space becomes a plain space."""
    return _OTHER_SPACE.sub(" ", _INVISIBLE.sub("", raw))


@dataclass(frozen=True)
class Text:
    """``max_length`` of the text as sent; ``min_length`` counted on the text as kept
    (trimmed, control characters dropped); ``choices``: the only values allowed."""

    max_length: int
    min_length: int = 0
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # the whole text matches it (Python and ECMA syntax alike)

    def __post_init__(self) -> None:
        assert 0 <= self.min_length <= self.max_length

    def long_enough(self, raw: str | None) -> bool:
        return len(_COUNTED.findall(raw or "", 0, self.max_length)) >= self.min_length

    def allows(self, raw: str | None) -> bool:
        """The rule as the API schema states it (length as sent, choices, minimum)."""
        text = raw or ""
        if len(text) > self.max_length or not self.long_enough(text):
            return False
        if self.pattern is not None and not re.fullmatch(self.pattern, text):
            return False
        return not self.choices or text in self.choices


@dataclass(frozen=True)
class Whole:
    """A whole number from ``minimum`` to ``maximum``, both included."""

    minimum: int
    maximum: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.minimum <= value <= self.maximum


@dataclass(frozen=True)
class Choices:
    """Some of ``choices``, at least ``min_items``."""

    choices: tuple[str, ...]
    min_items: int = 1
    max_items: int = 10
