"""Steps 7-9 as the API's request schema states them, from the parsers' own constants: which
fields are required, their choices (the codes of the reference lists), lengths and
patterns. Each rule allows only text the step's parser takes the syntax of
(tests/api/test_input_rules.py generates from every pattern and parses it); what a pattern
cannot say stays in ``forms`` (a number in the mobile plan, an NPWP's check digit, a KK or a
region code that exists, the region chain, an account length of the chosen bank, the
holder's name being the participant's, a gender that agrees with the NIK, an emergency
number that is not the participant's own). The pages keep the parsers' wider syntax
(labels and aliases of a choice, separators typed anywhere)."""

from __future__ import annotations

from jmo.domain.identifiers.address import POSTAL_CODE_PATTERN, RT_RW_PATTERN
from jmo.domain.identifiers.bank import BANKS, GENERIC_MAX_LENGTH, GENERIC_MIN_LENGTH
from jmo.domain.identifiers.kk import KK_LENGTH
from jmo.domain.identifiers.names import MAX_LENGTH as NAME_MAX
from jmo.domain.identifiers.names import MIN_LENGTH as NAME_MIN
from jmo.domain.identifiers.npwp import LEGACY_LENGTH, NEW_LENGTH
from jmo.domain.identifiers.passport import INDONESIAN_PATTERN
from jmo.domain.identifiers.phone import TYPED_PATTERN
from jmo.domain.input_rules import Text
from jmo.domain.pengkinian.forms import MAX_STREET, STEP_FIELDS
from jmo.domain.pengkinian.steps import Step
from jmo.domain.reference import (
    BLOOD_TYPES,
    CITIZENSHIPS,
    EDUCATION_LEVELS,
    EMERGENCY_CONTACT_RELATIONSHIPS,
    FAMILY_RELATIONSHIPS,
    GENDERS,
    MARITAL_STATUSES,
    RELIGIONS,
    Choice,
)

# Separators the parsers strip between digits (``_text.strip_separators``): one at a time.
_SEPARATOR = "[ .\\-/]"


def _digits(low: int, high: int) -> str:
    """``low`` to ``high`` digits, a separator allowed between two of them."""
    return f"(?:[0-9]{_SEPARATOR}?){{{low - 1},{high - 1}}}[0-9]"


def _choice(options: tuple[Choice, ...]) -> Text:
    codes = tuple(o.code for o in options)
    return Text(max_length=max(len(c) for c in codes), min_length=1, choices=codes)


def _optional(pattern: str, max_length: int) -> Text:
    return Text(max_length=max_length, pattern=f"|{pattern}")


_PHONE = Text(max_length=40, min_length=1, pattern=TYPED_PATTERN)
# A name in Latin letters (the KTP's), with the parser's punctuation: at least two characters
# that are not spaces, one a letter (a letter next to another such character).
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_NAME_PUNCTUATION = "'\u2019.,\\-"
_ANY = f"[{_LETTER}{_NAME_PUNCTUATION} ]*"
_SOME = f"[{_LETTER}{_NAME_PUNCTUATION}]"
_NAME = Text(
    max_length=NAME_MAX,
    min_length=NAME_MIN,
    pattern=f"{_ANY}(?:[{_LETTER}] *{_SOME}|{_SOME} *[{_LETTER}]){_ANY}",
)
# An address line of Latin letters, digits, spaces and the punctuation addresses use.
_STREET_CHARACTER = f"[{_LETTER}0-9.,'\u2019/\\-#()&:;\"+]"
_STREET = Text(
    max_length=MAX_STREET,
    min_length=1,
    pattern=f" *{_STREET_CHARACTER}[{_STREET_CHARACTER[1:-1]} ]*",
)
# The parser's (email-validator's) syntax narrowed to the plain form: dot-separated atoms of
# letters, digits and _%+- before the @, a host name of labels and a letter TLD after it.
_EMAIL = Text(
    max_length=254,
    min_length=1,
    pattern=(
        "[A-Za-z0-9_%+\\-]{1,15}(?:\\.[A-Za-z0-9_%+\\-]{1,15}){0,3}@"
        "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,20}[A-Za-z0-9])?\\.){1,3}[A-Za-z]{2,12}"
    ),
)
_ACCOUNT_MIN = min(GENERIC_MIN_LENGTH, *(b.min_length for b in BANKS))
_ACCOUNT_MAX = max(GENERIC_MAX_LENGTH, *(b.max_length for b in BANKS))

FIELD_RULES: dict[str, Text] = {
    # Step 7
    "phone": _PHONE,
    "email": _EMAIL,
    "npwp": _optional(_digits(LEGACY_LENGTH, NEW_LENGTH), 40),
    "passport": _optional(INDONESIAN_PATTERN, 20),
    "bank_code": Text(max_length=10, min_length=1, choices=tuple(b.code for b in BANKS)),
    "bank_account": Text(max_length=40, min_length=1, pattern=_digits(_ACCOUNT_MIN, _ACCOUNT_MAX)),
    "bank_account_holder": _NAME,
    # Step 8
    "gender": _choice(GENDERS),
    "mother_name": _NAME,
    "kk_number": Text(max_length=30, min_length=1, pattern=_digits(KK_LENGTH, KK_LENGTH)),
    "family_relationship": _choice(FAMILY_RELATIONSHIPS),
    "citizenship": _choice(CITIZENSHIPS),
    "marital_status": _choice(MARITAL_STATUSES),
    "address_street": _STREET,
    "address_rt": _optional(RT_RW_PATTERN, 5),
    "address_rw": _optional(RT_RW_PATTERN, 5),
    "province_code": Text(max_length=2, min_length=1, pattern="[0-9]{2}"),
    "regency_code": Text(max_length=4, min_length=1, pattern="[0-9]{4}"),
    "district_code": Text(max_length=6, min_length=1, pattern="[0-9]{6}"),
    "village_code": Text(max_length=10, min_length=1, pattern="[0-9]{10}"),
    "postal_code": Text(max_length=5, min_length=1, pattern=POSTAL_CODE_PATTERN),
    # Step 9
    "education": _choice(EDUCATION_LEVELS),
    "blood_type": _choice(BLOOD_TYPES),
    "religion": _choice(RELIGIONS),
    "emergency_name": _NAME,
    "emergency_phone": _PHONE,
    "emergency_relationship": _choice(EMERGENCY_CONTACT_RELATIONSHIPS),
}
assert set(FIELD_RULES) == {name for names in STEP_FIELDS.values() for name in names}
# Left out of a request, these are empty: the rest must be sent.
OPTIONAL = frozenset(name for name, rule in FIELD_RULES.items() if rule.allows(""))
STEP_OF = {name: step for step, names in STEP_FIELDS.items() for name in names}
assert all(isinstance(STEP_OF[name], Step) for name in FIELD_RULES)
