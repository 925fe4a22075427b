"""The refusals no request schema can state, per operation, each with its reason (issue 13,
docs/decisions/api-schema-valid-refusals.md).

The request schemas say everything OpenAPI 3.1 can (lengths, counted minimums, patterns,
choices, ranges); what is left needs state the document cannot hold: a check digit or a
registry (a NIK's region, a KK that exists), today's date, the flow token or code of an
earlier step, a file's content. Each operation's document lists its own under
``x-refusals-beyond-schema``, so a client (and the outside fuzz run, scripts/fuzz_api.py)
can tell a documented refusal from a schema that says too little; the suite's fuzz test
accepts exactly these. A refusal is ``"field: code"`` (an error field of the answer) or the
error's own code when it names no field; ``BY_CONTENT`` stands for every refusal of an
operation whose input is checked by content (images and documents that must parse, a
face, a mailed single-use token)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jmo.domain.pengkinian.field_rules import BEYOND_THE_SCHEMA as STEP_RULES

BY_CONTENT = "*"
EXTENSION = "x-refusals-beyond-schema"


@dataclass(frozen=True)
class Beyond:
    reason: str
    refusals: frozenset[str]


def _beyond(reason: str, refusals: Iterable[str]) -> Beyond:
    return Beyond(reason, frozenset(refusals))


_STEPS = _beyond(
    "Steps 7-9 (field_rules.BEYOND_THE_SCHEMA): a number in the mobile numbering plan, an "
    "NPWP's check digit, a KK and region codes that exist and nest, an account length of "
    "the chosen bank, the holder's name being the participant's, an emergency number that "
    "is not the participant's own.",
    (f"{name}: {code}" for name, codes in STEP_RULES.items() for code in codes),
)
_ATTACHMENTS = _beyond(
    "Files are checked by content: a JPEG, PNG or PDF that parses, without active content.",
    ("files: attachment.type", "files: attachment.unreadable"),
)
_IDENTITY = _beyond(
    "An identity in the registry: a NIK whose region exists, whose date is a real day and "
    "whose serial is valid; a birth date that is a real day, in the past and plausible; the "
    "NIK, KPJ, name and birth date of one participant (onboarding.no_match).",
    (
        "nik: nik.region_unknown",
        "nik: nik.birth_date_invalid",
        "nik: nik.serial_invalid",
        "birth_date: date.invalid",
        "birth_date: birth_date.future",
        "birth_date: birth_date.implausible",
        "onboarding.no_match",
    ),
)
_CODES = _beyond(
    "The one-time codes sent to the email and phone given in the step before: a wrong, "
    "expired or exhausted code.",
    (
        f"{field}: {code}"
        for field in ("email_code", "phone_code")
        for code in ("otp.wrong", "otp.expired", "otp.too_many")
    ),
)
_FINISH = _beyond(
    "The email and phone proven by their codes in the step before; a password that is not "
    "a common one nor made of the person's own names; the terms version in force.",
    (
        "email_code: onboarding.contacts_first",
        "email: account.email_taken",
        "password: password.common",
        "password: password.personal",
        "password: password.repetitive",
        "terms_accepted: terms.outdated",
    ),
)
_FACE = _beyond(
    "A liveness burst or photo is checked by content (frames that decode, one face, the "
    "challenge of the step before) and needs the flow's token.",
    (BY_CONTENT,),
)
_APPOINTMENT_CHOICES = (
    "branch: field.choice",
    "reference: field.invalid",
    "reference: appointment.reference_required",
    "reference: appointment.reference_unknown",
)
_APPOINTMENT = _beyond(
    "A booking's start is one of the branch's slots on a working day from tomorrow (the "
    "options list them); a claim's booking names one of the participant's own open claims.",
    (*_APPOINTMENT_CHOICES, "starts_at: appointment.slot_unknown"),
)
_APPOINTMENT_DAYS = _beyond(
    "A day is a working day from tomorrow; a claim's booking names one of the participant's "
    "own open claims.",
    (*_APPOINTMENT_CHOICES, "day: field.invalid", "day: appointment.day_closed"),
)
_STATEMENT = _beyond(
    "A statement exists for the years from the first contribution to this one.",
    ("year: jht.statement_year",),
)

REFUSALS: dict[str, tuple[Beyond, ...]] = {
    **{
        f"{method} /api/v1/pengkinian/{step}": (_STEPS,)
        for method, step in (
            ("PUT", "contact"),
            ("PUT", "population"),
            ("PUT", "additional"),
            ("POST", "submit"),  # the whole draft again: a step changed since may now fail
        )
    },
    "POST /api/v1/complaints": (_ATTACHMENTS,),
    "POST /api/v1/complaints/{complaint_id}/messages": (_ATTACHMENTS,),
    "POST /api/v1/requests/{request_id}/documents": (
        _ATTACHMENTS,
        _beyond(
            "A request takes the document types it asks for (documents_required).",
            ("document_type: field.choice",),
        ),
    ),
    "POST /api/v1/claims": (
        _beyond(
            "A claim's documents are checked by content, its dates against today and its "
            "deceased participant against the records (as the quote's).",
            (BY_CONTENT,),
        ),
    ),
    "POST /api/v1/claims/quote": (
        _beyond(
            "A claim's event lies in the past and within the claim's window (today is not "
            "in a schema); a death claim names a deceased participant who is in the records.",
            (
                "event_date: claim.date_in_future",
                "event_date: claim.date_too_old",
                "deceased_kpj: claim.member_not_found",
                "deceased_nik: claim.member_not_found",
            ),
        ),
    ),
    "GET /api/v1/me/requests": (
        _beyond(
            "A day that exists (2026-02-30 matches the pattern), a period that does not end "
            "before it starts.",
            ("since: date.invalid", "until: date.invalid", "until: requests.period_reversed"),
        ),
    ),
    "GET /api/v1/jht/statement": (_STATEMENT,),
    "GET /api/v1/jht/statement.pdf": (_STATEMENT,),
    **{f"POST /api/v1/{flow}": (_IDENTITY,) for flow in ("registration", "account-recovery")},
    **{f"POST /api/v1/{flow}/codes": (_CODES,) for flow in ("registration", "account-recovery")},
    **{
        f"POST /api/v1/{flow}/complete": (_FINISH,) for flow in ("registration", "account-recovery")
    },
    **{
        f"POST /api/v1/{path}/{kind}": (_FACE,)
        for path in ("account-recovery/face", "me/claim-lock/unlock", "me/freeze/face")
        for kind in ("burst", "photo")
    },
    "POST /api/v1/me/heirs": (
        _beyond(
            "An heir's NIK is a real one (its area, birth date and serial), not the "
            "participant's own and not listed twice.",
            (
                "nik: nik.region_unknown",
                "nik: nik.birth_date_invalid",
                "nik: nik.serial_invalid",
                "nik: heir.is_self",
                "nik: heir.duplicate",
            ),
        ),
    ),
    "POST /api/v1/not-me": (
        _beyond('"Bukan saya" needs the token mailed with the notice (issue 8).', (BY_CONTENT,)),
    ),
    "POST /api/v1/me/data/full": (
        _beyond("The full export needs the single-use token mailed to the account.", (BY_CONTENT,)),
    ),
    "POST /api/v1/appointments": (_APPOINTMENT,),
    "GET /api/v1/appointments/options": (_APPOINTMENT_DAYS,),
}


def refusals_of(operation: str) -> frozenset[str]:
    """``operation``: ``"POST /api/v1/claims"``."""
    return frozenset(r for beyond in REFUSALS.get(operation, ()) for r in beyond.refusals)


def explained(refusals: Iterable[str], documented: Iterable[str]) -> bool:
    """Whether every refusal of an answer is one the operation documents."""
    allowed = set(documented)
    return BY_CONTENT in allowed or all(r in allowed for r in refusals)


def mark_beyond_schema(document: dict[str, Any]) -> None:
    """Each operation's own list, in its document."""
    for label, found in REFUSALS.items():
        method, path = label.split(" ", 1)
        operation = document["paths"].get(path, {}).get(method.lower())
        if operation is None:
            continue  # tests/api/test_contract.py fails on an entry no operation has
        operation[EXTENSION] = [
            {"reason": beyond.reason, "refusals": sorted(beyond.refusals)} for beyond in found
        ]
