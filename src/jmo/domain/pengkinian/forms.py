"""Validation of the three data steps (7, 8, 9). Shared by the web pages and the API.

Each validator takes what the person typed (strings by field name) and returns the profile
values to store, or raises ``ValidationFailed`` listing every invalid field at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from jmo.domain.errors import CollectErrors, DomainError, FieldError, ValidationFailed
from jmo.domain.identifiers.address import parse_postal_code, parse_rt, parse_rw
from jmo.domain.identifiers.bank import get_bank, parse_bank_account
from jmo.domain.identifiers.email import parse_email
from jmo.domain.identifiers.kk import parse_kk
from jmo.domain.identifiers.names import name_key, parse_person_name
from jmo.domain.identifiers.nik import check_nik_consistent, parse_nik
from jmo.domain.identifiers.npwp import parse_npwp
from jmo.domain.identifiers.passport import parse_passport
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.input_rules import Text
from jmo.domain.participant import Identity, Profile
from jmo.domain.pengkinian.steps import FORM_STEPS, Step
from jmo.domain.reference import (
    BLOOD_TYPES,
    CITIZENSHIPS,
    EDUCATION_LEVELS,
    EMERGENCY_CONTACT_RELATIONSHIPS,
    FAMILY_RELATIONSHIPS,
    GENDERS,
    MARITAL_STATUSES,
    RELIGIONS,
    Gender,
    parse_choice,
)

STEP_FIELDS: dict[Step, tuple[str, ...]] = {
    Step.CONTACT: (
        "phone",
        "email",
        "npwp",
        "passport",
        "bank_code",
        "bank_account",
        "bank_account_holder",
    ),
    Step.POPULATION: (
        "gender",
        "mother_name",
        "kk_number",
        "family_relationship",
        "citizenship",
        "marital_status",
        "address_street",
        "address_rt",
        "address_rw",
        "province_code",
        "regency_code",
        "district_code",
        "village_code",
        "postal_code",
    ),
    Step.ADDITIONAL: (
        "education",
        "blood_type",
        "religion",
        "emergency_name",
        "emergency_phone",
        "emergency_relationship",
    ),
}

MAX_STREET = 200


@dataclass(frozen=True)
class FormContext:
    """What validation needs besides the input: reference data and the person's record."""

    regions: RegionDirectory
    identity: Identity
    today: date
    phone: str | None = None  # the participant's phone as entered in step 7 (E.164)


def _raw(raw: Mapping[str, str], name: str) -> str:
    return (raw.get(name) or "").strip()


def _required(errors: CollectErrors, raw: Mapping[str, str], name: str) -> str | None:
    value = _raw(raw, name)
    if not value:
        errors.add(name, "field.required")
        return None
    return value


def validate_contact(raw: Mapping[str, str], ctx: FormContext) -> dict[str, str | None]:
    errors = CollectErrors()
    out = _check_contact(raw, ctx, errors)
    errors.raise_if_any()
    return out


def _check_contact(
    raw: Mapping[str, str], ctx: FormContext, errors: CollectErrors
) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    if (value := _required(errors, raw, "phone")) is not None:
        out["phone"] = errors.run("phone", parse_mobile, value)
    if (value := _required(errors, raw, "email")) is not None:
        out["email"] = errors.run("email", parse_email, value)
    # NPWP and passport are optional (the fund's guide: "bersifat opsional").
    npwp = errors.run("npwp", parse_npwp, _raw(raw, "npwp"), regions=ctx.regions, today=ctx.today)
    out["npwp"] = npwp.value if npwp is not None else None
    out["passport"] = errors.run("passport", parse_passport, _raw(raw, "passport"))
    bank = None
    if (value := _required(errors, raw, "bank_code")) is not None:
        bank = errors.run("bank_code", get_bank, value)
        out["bank_code"] = bank.code if bank is not None else None
    if (value := _required(errors, raw, "bank_account")) is not None and bank is not None:
        out["bank_account"] = errors.run("bank_account", parse_bank_account, bank, value)
    if (value := _required(errors, raw, "bank_account_holder")) is not None:
        holder = errors.run(
            "bank_account_holder", parse_person_name, value, field="bank_account_holder"
        )
        # Benefits are paid only to an account in the participant's own name
        # (docs/domain-rules.md §3 JHT channels, §5 "Changing the payout bank account").
        if holder is not None and not same_person_name(holder, ctx.identity.full_name):
            errors.add(
                "bank_account_holder", "bank_account_holder.not_owner", name=ctx.identity.full_name
            )
        out["bank_account_holder"] = holder
    return out


def validate_population(raw: Mapping[str, str], ctx: FormContext) -> dict[str, str | None]:
    errors = CollectErrors()
    out = _check_population(raw, ctx, errors)
    errors.raise_if_any()
    return out


def _check_population(
    raw: Mapping[str, str], ctx: FormContext, errors: CollectErrors
) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    gender = None
    if (value := _required(errors, raw, "gender")) is not None:
        gender = errors.run("gender", parse_choice, GENDERS, value, field="gender")
        out["gender"] = gender
    if gender is not None:
        # The NIK encodes sex (day + 40 for women, docs/domain-rules.md §1). A gender that
        # disagrees with the NIK means one of them is wrong: that is corrected at a branch
        # office with the KK and e-KTP, not here.
        try:
            nik = parse_nik(
                ctx.identity.nik, ctx.regions, today=ctx.today, birth_date=ctx.identity.birth_date
            )
            check_nik_consistent(nik, birth_date=ctx.identity.birth_date, gender=Gender(gender))
        except DomainError as exc:
            # Only the sex matters here; other NIK problems (a legacy region code, a birth
            # date corrected since) are for the branch office, not a reason to block.
            if exc.code == "nik.gender_mismatch":
                errors.add("gender", "gender.nik_mismatch")
    if (value := _required(errors, raw, "mother_name")) is not None:
        out["mother_name"] = errors.run(
            "mother_name", parse_person_name, value, field="mother_name"
        )
    if (value := _required(errors, raw, "kk_number")) is not None:
        out["kk_number"] = errors.run("kk_number", parse_kk, value, ctx.regions)
    for name, options in (
        ("family_relationship", FAMILY_RELATIONSHIPS),
        ("citizenship", CITIZENSHIPS),
        ("marital_status", MARITAL_STATUSES),
    ):
        if (value := _required(errors, raw, name)) is not None:
            out[name] = errors.run(name, parse_choice, options, value, field=name)

    street = _required(errors, raw, "address_street")
    if street is not None:
        street = " ".join(street.split())
        if len(street) > MAX_STREET:
            errors.add("address_street", "field.too_long", max=MAX_STREET)
        elif not _printable(street):
            errors.add("address_street", "address.characters")
        else:
            out["address_street"] = street
    # RT/RW are optional: not every area uses them.
    for name, parse in (("address_rt", parse_rt), ("address_rw", parse_rw)):
        value = _raw(raw, name)
        out[name] = errors.run(name, parse, value, field=name) if value else None

    _validate_region_chain(errors, raw, ctx.regions, out)
    if (value := _required(errors, raw, "postal_code")) is not None:
        out["postal_code"] = errors.run("postal_code", parse_postal_code, value)
    return out


def _validate_region_chain(
    errors: CollectErrors,
    raw: Mapping[str, str],
    regions: RegionDirectory,
    out: dict[str, str | None],
) -> None:
    """Province -> regency -> district -> village, each a current code under the one
    before it (today's address uses today's codes; only the NIK prefix may be historic)."""
    parent: str | None = None
    for name, length in (
        ("province_code", 2),
        ("regency_code", 4),
        ("district_code", 6),
        ("village_code", 10),
    ):
        value = re.sub(r"\D", "", _raw(raw, name))
        if not value:
            errors.add(name, "field.required")
            parent = None
            continue
        if parent is None and name != "province_code":
            continue  # the level above is already wrong: one message is enough
        valid = (
            len(value) == length
            and regions.is_current(value)
            and (parent is None or value.startswith(parent))
        )
        if not valid:
            errors.add(name, "region.unknown")
            parent = None
            continue
        out[name] = value
        parent = value


def validate_additional(raw: Mapping[str, str], ctx: FormContext) -> dict[str, str | None]:
    errors = CollectErrors()
    out = _check_additional(raw, ctx, errors)
    errors.raise_if_any()
    return out


def _check_additional(
    raw: Mapping[str, str], ctx: FormContext, errors: CollectErrors
) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name, options in (
        ("education", EDUCATION_LEVELS),
        ("blood_type", BLOOD_TYPES),
        ("religion", RELIGIONS),
        ("emergency_relationship", EMERGENCY_CONTACT_RELATIONSHIPS),
    ):
        if (value := _required(errors, raw, name)) is not None:
            out[name] = errors.run(name, parse_choice, options, value, field=name)
    if (value := _required(errors, raw, "emergency_name")) is not None:
        out["emergency_name"] = errors.run(
            "emergency_name", parse_person_name, value, field="emergency_name"
        )
    if (value := _required(errors, raw, "emergency_phone")) is not None:
        phone = errors.run("emergency_phone", parse_mobile, value, field="emergency_phone")
        # An emergency contact is someone else: the participant's own number would not
        # reach anyone when the participant cannot answer.
        if phone is not None and ctx.phone is not None and phone == ctx.phone:
            errors.add("emergency_phone", "emergency_phone.same_as_participant")
        out["emergency_phone"] = phone
    return out


VALIDATORS = {
    Step.CONTACT: validate_contact,
    Step.POPULATION: validate_population,
    Step.ADDITIONAL: validate_additional,
}


CHECKS = {
    Step.CONTACT: _check_contact,
    Step.POPULATION: _check_population,
    Step.ADDITIONAL: _check_additional,
}


def validate_some(
    raw: Mapping[str, str], ctx: FormContext, current: Profile
) -> dict[str, str | None]:
    """Some fields of the data steps (a company's correction): each checked by its step's
    rule with the rest of the step as it stands in ``current``; only the given fields'
    errors count (the others are the participant's to complete) and only their values
    are returned."""
    errors = CollectErrors()
    out: dict[str, str | None] = {}
    for step, names in STEP_FIELDS.items():
        given = {name: raw[name] for name in names if name in raw}
        if not given:
            continue
        step_errors = CollectErrors()
        values = CHECKS[step](profile_to_form(step, current) | given, ctx, step_errors)
        errors.errors.extend(e for e in step_errors.errors if e.field in given)
        out.update({name: values.get(name) for name in given})
    errors.raise_if_any()
    return out


def validate_step(
    step: Step,
    raw: Mapping[str, str],
    ctx: FormContext,
    rules: Mapping[str, Text] | None = None,
) -> dict[str, str | None]:
    """``rules``: the narrower syntax the API's schema states (``field_rules.FIELD_RULES``);
    a value the step takes but its rule refuses fails too (``field.choice`` or
    ``field.format``), so the API refuses exactly what its schema refuses."""
    allowed = {name: raw[name] for name in STEP_FIELDS[step] if name in raw}
    try:
        values = VALIDATORS[step](allowed, ctx)
        failed: list[FieldError] = []
    except ValidationFailed as exc:
        values, failed = {}, list(exc.errors)
    named = {error.field for error in failed}
    for name in STEP_FIELDS[step]:
        rule = (rules or {}).get(name)
        if rule is not None and name not in named and not rule.allows(allowed.get(name, "")):
            failed.append(FieldError(name, "field.choice" if rule.choices else "field.format"))
    if failed:
        raise ValidationFailed(failed)
    return values


def validate_steps(
    entries: Mapping[Step, Mapping[str, str]], ctx: FormContext
) -> dict[str, str | None]:
    """Every data step at once, every invalid field of every step in one error: the app's
    submit (each step again) and the branch counter's one form (walk-in Pengkinian Data)."""
    values: dict[str, str | None] = {}
    errors: list[FieldError] = []
    for step in FORM_STEPS:
        try:
            values.update(validate_step(step, entries.get(step, {}), ctx))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return values


def profile_to_form(step: Step, profile: Profile) -> dict[str, str]:
    """Prefill a step's form from the current record, in the form people type."""
    values = profile.as_dict()
    form: dict[str, str] = {}
    for name in STEP_FIELDS[step]:
        value = values.get(name) or ""
        if name in ("phone", "emergency_phone") and value.startswith("+62"):
            value = "0" + value[3:]
        form[name] = value
    return form


def same_person_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def _printable(text: str) -> bool:
    return all(ch.isprintable() for ch in text)
