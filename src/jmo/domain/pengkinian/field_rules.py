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
from jmo.domain.identifiers.npwp import LEGACY_LENGTH, NEW_LENGTH
from jmo.domain.identifiers.passport import INDONESIAN_PATTERN
from jmo.domain.identifiers.syntax import EMAIL, LETTER, NAME, PHONE, digits
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


def _choice(options: tuple[Choice, ...]) -> Text:
    codes = tuple(o.code for o in options)
    return Text(max_length=max(len(c) for c in codes), min_length=1, choices=codes)


def _optional(pattern: str, max_length: int) -> Text:
    return Text(max_length=max_length, pattern=f"|{pattern}")


# An address line of Latin letters, digits, spaces and the punctuation addresses use.
_STREET_CHARACTER = f"[{LETTER}0-9.,'\u2019/\\-#()&:;\"+]"
STREET = Text(
    max_length=MAX_STREET,
    min_length=1,
    pattern=f" *{_STREET_CHARACTER}[{_STREET_CHARACTER[1:-1]} ]*",
)
_ACCOUNT_MIN = min(GENERIC_MIN_LENGTH, *(b.min_length for b in BANKS))
_ACCOUNT_MAX = max(GENERIC_MAX_LENGTH, *(b.max_length for b in BANKS))

FIELD_RULES: dict[str, Text] = {
    # Step 7
    "phone": PHONE,
    "email": EMAIL,
    "npwp": _optional(digits(LEGACY_LENGTH, NEW_LENGTH), 40),
    "passport": _optional(INDONESIAN_PATTERN, 20),
    "bank_code": Text(max_length=10, min_length=1, choices=tuple(b.code for b in BANKS)),
    "bank_account": Text(max_length=40, min_length=1, pattern=digits(_ACCOUNT_MIN, _ACCOUNT_MAX)),
    "bank_account_holder": NAME,
    # Step 8
    "gender": _choice(GENDERS),
    "mother_name": NAME,
    "kk_number": Text(max_length=30, min_length=1, pattern=digits(KK_LENGTH, KK_LENGTH)),
    "family_relationship": _choice(FAMILY_RELATIONSHIPS),
    "citizenship": _choice(CITIZENSHIPS),
    "marital_status": _choice(MARITAL_STATUSES),
    "address_street": STREET,
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
    "emergency_name": NAME,
    "emergency_phone": PHONE,
    "emergency_relationship": _choice(EMERGENCY_CONTACT_RELATIONSHIPS),
}
assert set(FIELD_RULES) == {name for names in STEP_FIELDS.values() for name in names}
# What a field's rule cannot say: the codes a value its pattern allows may still get (from
# the step's parsers; tests/api/test_input_rules.py generates from each pattern to hold
# this list to the parsers, and the fuzz run accepts exactly these refusals).
BEYOND_THE_SCHEMA: dict[str, frozenset[str]] = {
    "phone": frozenset({"phone.format", "phone.not_mobile", "phone.not_indonesian"}),
    "emergency_phone": frozenset(
        {
            "phone.format",
            "phone.not_mobile",
            "phone.not_indonesian",
            "emergency_phone.same_as_participant",
        }
    ),
    "npwp": frozenset({"npwp.checksum", "npwp.nik_invalid", "npwp.format"}),
    "bank_account": frozenset({"bank_account.length"}),
    "bank_account_holder": frozenset({"bank_account_holder.not_owner"}),
    "gender": frozenset({"gender.nik_mismatch"}),
    "kk_number": frozenset({"kk.region_unknown"}),
    **{
        name: frozenset({"region.unknown"})
        for name in ("province_code", "regency_code", "district_code", "village_code")
    },
}
# Left out of a request, these are empty: the rest must be sent.
OPTIONAL = frozenset(name for name, rule in FIELD_RULES.items() if rule.allows(""))
STEP_OF = {name: step for step, names in STEP_FIELDS.items() for name in names}
assert all(isinstance(STEP_OF[name], Step) for name in FIELD_RULES)
