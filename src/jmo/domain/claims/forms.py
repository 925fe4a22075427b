"""The claim form: what the claimant types, checked field by field (all errors at once)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from jmo.domain.claims.facts import ClaimInput, TransportMode
from jmo.domain.claims.model import ClaimProgram, ClaimReason, HeirRelationship
from jmo.domain.errors import CollectErrors, DomainError
from jmo.domain.identifiers._text import is_digits, strip_separators
from jmo.domain.identifiers.dates import parse_date
from jmo.domain.identifiers.kpj import KPJ_LENGTH, parse_kpj
from jmo.domain.identifiers.nik import NIK_LENGTH
from jmo.domain.input_rules import Text, Whole

MAX_AMOUNT = 100_000_000_000
MAX_DAYS_OFF = 3650

PROGRAM = Text(max_length=3, choices=tuple(ClaimProgram))
# What each field takes (the API's request schema states the same, jmo.api.input_fields).
RULES: dict[str, Whole | Text] = {
    "amount": Whole(1, MAX_AMOUNT),
    "days_off": Whole(1, MAX_DAYS_OFF),
    "disability_percent": Whole(1, 100),
    "function_lost_percent": Whole(1, 100),
    "transport_cost": Whole(1, MAX_AMOUNT),
    "transport_mode": Text(max_length=10, choices=TransportMode.ALL),
    "heir_relationship": Text(max_length=20, choices=tuple(HeirRelationship)),
    "deceased_kpj": Text(max_length=KPJ_LENGTH, pattern=f"[0-9]{{{KPJ_LENGTH}}}"),
    "deceased_nik": Text(max_length=NIK_LENGTH, pattern=f"[0-9]{{{NIK_LENGTH}}}"),
}
# Given together or not at all.
PAIRED = ("transport_mode", "transport_cost")

# The fields each reason asks for, besides the reason itself.
FIELDS: dict[ClaimReason, tuple[str, ...]] = {
    ClaimReason.JHT_PARTIAL_HOUSING: ("amount",),
    ClaimReason.JHT_PARTIAL_OTHER: ("amount",),
    ClaimReason.JKK_TEMPORARY_DISABILITY: (
        "event_date",
        "days_off",
        "transport_mode",
        "transport_cost",
    ),
    ClaimReason.JKK_PARTIAL_DISABILITY: (
        "event_date",
        "disability_percent",
        "function_lost_percent",
        "transport_mode",
        "transport_cost",
    ),
    ClaimReason.JKK_TOTAL_DISABILITY: ("event_date", "transport_mode", "transport_cost"),
}
HEIR_FIELDS = ("deceased_kpj", "deceased_nik", "event_date", "heir_relationship")
OPTIONAL = frozenset({"amount", "function_lost_percent", "transport_mode", "transport_cost"})
# Every field a claim form may post: the one list the pages, the API's multipart form and
# ClaimQuoteIn follow (tests/domain/claims/test_form_fields.py ties them to it).
ALL_FIELDS: tuple[str, ...] = (
    "reason",
    *dict.fromkeys(name for names in (*FIELDS.values(), HEIR_FIELDS) for name in names),
)


def fields_for(reason: ClaimReason) -> tuple[str, ...]:
    if reason.filed_by_heir:
        return HEIR_FIELDS
    return FIELDS.get(reason, ())


def parse_reason(program: ClaimProgram, raw: str | None) -> ClaimReason:
    try:
        reason = ClaimReason((raw or "").strip())
    except ValueError:
        raise DomainError("claim.reason_required", field="reason") from None
    if reason.program is not program:
        raise DomainError("claim.reason_required", field="reason")
    return reason


def _integer(raw: str, field: str, low: int, high: int) -> int:
    text = strip_separators(raw.replace("Rp", "").replace("rp", ""))
    if not is_digits(text):
        raise DomainError("claim.not_a_number", field=field)
    value = int(text)
    if not low <= value <= high:
        raise DomainError("claim.out_of_range", field=field, low=low, high=high)
    return value


def _event_date(raw: str, today: date) -> date:
    value = parse_date(raw, "event_date")
    if value > today:
        raise DomainError("claim.date_in_future", field="event_date")
    if value.year < 1990:
        raise DomainError("claim.date_too_old", field="event_date")
    return value


def _nik_format(raw: str) -> str:
    value = strip_separators(raw)
    if len(value) != NIK_LENGTH or not is_digits(value):
        raise DomainError("nik.format", field="deceased_nik")
    return value


def parse_claim_input(program: ClaimProgram, raw: Mapping[str, str], *, today: date) -> ClaimInput:
    errors = CollectErrors()
    reason = errors.run("reason", parse_reason, program, raw.get("reason"))
    if reason is None:
        errors.raise_if_any()
    assert isinstance(reason, ClaimReason)
    wanted = fields_for(reason)
    values: dict[str, object] = {}

    def present(name: str) -> str | None:
        text = (raw.get(name) or "").strip()
        if not text:
            if name not in OPTIONAL:
                errors.add(name, "field.required")
            return None
        return text

    for name in wanted:
        text = present(name)
        if text is None:
            continue
        rule = RULES.get(name)
        if name == "event_date":
            values[name] = errors.run(name, _event_date, text, today)
        elif isinstance(rule, Whole):
            values[name] = errors.run(name, _integer, text, name, rule.minimum, rule.maximum)
        elif name == "transport_mode":
            if text in TransportMode.ALL:
                values[name] = text
            else:
                errors.add(name, "field.choice")
        elif name == "heir_relationship":
            try:
                values[name] = HeirRelationship(text)
            except ValueError:
                errors.add(name, "field.choice")
        elif name == "deceased_kpj":
            values[name] = errors.run(name, parse_kpj, text, name)
        elif name == "deceased_nik":
            values[name] = errors.run(name, _nik_format, text)
    mode, cost = PAIRED
    if (cost in values) != (mode in values) and mode in wanted:
        missing = mode if cost in values else cost
        errors.add(missing, "claim.transport_incomplete")
    errors.raise_if_any()
    return ClaimInput(reason=reason, **values)  # type: ignore[arg-type]
