"""One definition per input rule: the domain's rule (``jmo.domain.input_rules``) decides
exactly what the API's request schema allows, and the requests issue 13 found refused
although the schema allowed them are now refused by the schema itself."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from jmo import __version__
from jmo.adapters.regions import load_region_directory
from jmo.api import build_routes
from jmo.api.contract.document import api_document
from jmo.api.input_fields import constrained, pattern_of
from jmo.api.schemas_claims import ClaimQuoteIn
from jmo.domain.backoffice.appointments import PURPOSE as APPOINTMENT_PURPOSE
from jmo.domain.biometric import NONCE
from jmo.domain.claims.forms import RULES
from jmo.domain.complaints import (
    CATEGORY,
    DESCRIPTION,
    RATING,
    REQUIRED_MESSAGE,
    parse_description,
    parse_message,
    parse_rating,
)
from jmo.domain.errors import ValidationFailed
from jmo.domain.identifiers import syntax
from jmo.domain.input_rules import Text, Whole
from jmo.domain.jht.simulation import SIMULATION_INPUTS, Assumptions, parse_assumptions
from jmo.domain.participant import Identity
from jmo.domain.pengkinian.change_request import DOCUMENT_TYPE
from jmo.domain.pengkinian.field_rules import BEYOND_THE_SCHEMA, FIELD_RULES, STEP_OF
from jmo.domain.pengkinian.forms import FormContext, validate_step
from jmo.domain.requests.timeline import FILTER_RULES
from jmo.usecases.requests.tracking import parse_filter
from tests.cast import BUDI, valid_additional, valid_population

TEXT_RULES = {
    **FIELD_RULES,
    "nik": syntax.NIK,
    "kpj": syntax.KPJ,
    "date": syntax.DATE,
    **{f"simulation.{name}": rule for name, rule in SIMULATION_INPUTS.items()},
    "document_type": DOCUMENT_TYPE,
    "description": DESCRIPTION,
    "reopen": REQUIRED_MESSAGE,
    "category": CATEGORY,
    "nonce": NONCE,
    "appointment_purpose": APPOINTMENT_PURPOSE,
    **{name: rule for name, rule in RULES.items() if isinstance(rule, Text)},
}
# Spaces, controls and invisible characters next to letters: where the counts differ.
TRICKY = st.one_of(
    st.text(
        alphabet=st.sampled_from(
            list(
                " \t\n\r\x00\x1f\x7f\x85\xa0\u00ad\u200b\u200d\u202e\u2028\ufeffabcXYZé0-_"
                "\U0001f600\U0001fae8\U000e0067\U000f0000"
            )
        ),
        max_size=30,
    ),
    st.sampled_from(CATEGORY.choices),
    st.from_regex(r"[A-Za-z0-9_-]{24}", fullmatch=True),
)


def _document() -> dict[str, Any]:
    return api_document(build_routes(), title="JMO API", version=__version__, description="")


@pytest.mark.parametrize("name", sorted(TEXT_RULES))
@settings(max_examples=150, deadline=None)
@given(value=st.one_of(TRICKY, st.text(max_size=40)))
def test_the_schema_allows_what_the_rule_allows(name: str, value: str) -> None:
    rule = TEXT_RULES[name]
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, constrained(rule)])
    schema = adapter.json_schema()
    by_schema = jsonschema_rs.validator_for(schema).is_valid(value)
    try:
        adapter.validate_python(value)
        by_pydantic = True
    except ValidationError:
        by_pydantic = False
    assert by_schema == by_pydantic == rule.allows(value), (name, value, schema)


@settings(max_examples=100, deadline=None)
@given(value=st.one_of(TRICKY, st.text(max_size=40)))
def test_a_description_the_schema_allows_is_one_the_domain_takes(value: str) -> None:
    schema = TypeAdapter(Annotated[str, constrained(DESCRIPTION)]).json_schema()
    allowed = jsonschema_rs.validator_for(schema).is_valid(value)
    try:
        parse_description(value)
        taken = True
    except ValidationFailed:
        taken = False
    assert allowed == taken, value
    reopen = TypeAdapter(Annotated[str, constrained(REQUIRED_MESSAGE)]).json_schema()
    try:
        parse_message(value)
        taken = True
    except ValidationFailed:
        taken = False
    assert jsonschema_rs.validator_for(reopen).is_valid(value) == taken, value


def test_emoji_of_any_unicode_version_are_kept_and_counted() -> None:
    """The outside fuzz run's last schema-valid refusal: a reply of code points this Python's
    Unicode tables do not assign (U+1FAE8, the shaking face of Unicode 15) was counted by the
    schema and dropped by the text cleaning. A phone's newer emoji are such code points."""
    shaking_face = "\U0001fae8"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # joined by U+200D
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert parse_message(shaking_face) == shaking_face
    kept = parse_description(f"Saldo salah {shaking_face} {family} {england}\u202e\x00")
    assert kept == f"Saldo salah {shaking_face} {family} {england}"


def test_whole_numbers_carry_their_range() -> None:
    for rule in [RATING, *(r for r in RULES.values() if isinstance(r, Whole))]:
        schema = TypeAdapter(Annotated[int, constrained(rule)]).json_schema()
        assert (schema["minimum"], schema["maximum"]) == (rule.minimum, rule.maximum)
    for rating in range(-1, 8):
        try:
            parse_rating(rating)
            taken = True
        except ValidationFailed:
            taken = False
        assert taken == (rating in RATING)


def _valid(
    document: dict[str, Any], path: str, body: object, media: str = "application/json"
) -> bool:
    """The request body against the operation's schema, its $refs resolved in the document."""
    schema = document["paths"][path]["post"]["requestBody"]["content"][media]["schema"]
    root = {**schema, "components": document["components"]}
    return bool(jsonschema_rs.validator_for(root).is_valid(body))


def test_the_refusals_issue_13_found_are_in_the_schema() -> None:
    doc = _document()
    quote = "/api/v1/claims/quote"
    assert not _valid(doc, quote, {"program": "", "reason": ""})
    assert not _valid(doc, quote, {"program": "jht", "reason": "jkm.death"})
    accident = {"program": "jkk", "reason": "jkk.temporary_disability", "event_date": "2026-01-02"}
    assert not _valid(doc, quote, accident)  # days_off is needed for this reason
    assert _valid(doc, quote, {**accident, "days_off": 3})
    assert not _valid(doc, quote, {**accident, "days_off": 3, "transport_mode": "land"})
    assert _valid(doc, quote, {"program": "jht", "reason": "jht.resignation"})
    report = "/api/v1/pengkinian/identity/report"
    assert not _valid(doc, report, {})
    assert not _valid(doc, report, {"fields": []})
    assert _valid(doc, report, {"fields": ["nik"]})
    close = "/api/v1/complaints/{complaint_id}/close"
    assert not _valid(doc, close, {"rating": 0})
    assert _valid(doc, close, {"rating": 5})
    multipart = "multipart/form-data"
    create = "/api/v1/complaints"
    assert not _valid(doc, create, {"category": "klaim", "description": ""}, multipart)
    assert not _valid(doc, create, {"category": "klaim", "description": " " * 40}, multipart)
    assert _valid(
        doc, create, {"category": "klaim", "description": "Saldo saya belum masuk"}, multipart
    )
    burst = doc["components"]["schemas"]["Body_pengkinian_liveness_burst"]
    assert burst["properties"]["nonce"]["minLength"] == NONCE.min_length > 0
    selfie = doc["components"]["schemas"]["Body_pengkinian_selfie"]
    assert selfie["properties"]["file"]["minLength"] == 1


REGIONS = load_region_directory()
CONTEXT = FormContext(
    regions=REGIONS,
    identity=Identity(
        nik="3578011203850001",
        kpj="20000000001",
        full_name=BUDI.full_name,
        birth_place="Surabaya",
        birth_date=BUDI.birth_date,
    ),
    today=date(2026, 11, 30),
    phone="+6281234567890",
)
BASE = {
    "phone": "0812-3456-7890",
    "email": "budi@demo.jmo.id",
    "npwp": "",
    "passport": "",
    "bank_code": "014",
    "bank_account": "0123456789",
    "bank_account_holder": BUDI.full_name,
    **valid_population("L"),
    **valid_additional(),
}


@pytest.mark.parametrize("name", sorted(FIELD_RULES))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_step_value_its_rule_allows_gets_only_the_codes_beyond_the_schema(
    name: str, data: st.DataObject
) -> None:
    """Steps 7-9: every value a field's pattern allows passes the step's own syntax; what it
    may still meet is only what a schema cannot say (BEYOND_THE_SCHEMA)."""
    rule = FIELD_RULES[name]
    value = data.draw(st.from_regex(pattern_of(rule) or ".*", fullmatch=True))
    if not rule.allows(value):  # longer than the rule's maximum
        return
    try:
        validate_step(STEP_OF[name], {**BASE, name: value}, CONTEXT, FIELD_RULES)
    except ValidationFailed as exc:
        # a field may meet another's (a bank code and its account length): by the field's list
        for error in exc.errors:
            assert error.code in BEYOND_THE_SCHEMA.get(error.field, frozenset()), (
                name,
                value,
                error,
            )


@pytest.mark.parametrize("name", sorted(SIMULATION_INPUTS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_simulation_input_its_rule_allows_is_in_range(name: str, data: st.DataObject) -> None:
    value = data.draw(st.from_regex(pattern_of(SIMULATION_INPUTS[name]) or "", fullmatch=True))
    defaults = Assumptions(
        monthly_wage=5_000_000, wage_growth_bp=400, yield_bp=560, retirement_age=56
    )
    _, errors = parse_assumptions({name: value}, defaults=defaults)
    assert errors == (), (name, value, errors)


def test_a_claim_date_is_a_string_as_the_schema_says() -> None:
    """The long fuzz run's one schema-invalid request accepted: ``"event_date": 0`` (pydantic
    alone reads a number as seconds since 1970; the schema says a YYYY-MM-DD string)."""
    adapter: TypeAdapter[Any] = TypeAdapter(ClaimQuoteIn)
    body = {"program": "jkk", "reason": "jkk.temporary_disability", "days_off": 3}
    assert adapter.validate_python({**body, "event_date": "2026-01-02"})
    with pytest.raises(ValidationError):
        adapter.validate_python({**body, "event_date": 0})


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_riwayat_filters_the_schema_allows_meet_only_what_no_schema_says(
    data: st.DataObject,
) -> None:
    """``GET /me/requests``: a filter its pattern allows is refused only for a day that does
    not exist or a period that ends before it starts; one it does not allow is refused with
    its field's code, every bad filter in the same answer."""
    allowed = {
        name: data.draw(st.from_regex(pattern_of(rule) or "", fullmatch=True))
        for name, rule in FILTER_RULES.items()
    }
    try:
        parse_filter(**allowed)
    except ValidationFailed as exc:
        codes = {(e.field, e.code) for e in exc.errors}
        assert codes <= {
            ("since", "date.invalid"),
            ("until", "date.invalid"),
            ("until", "requests.period_reversed"),
        }, (allowed, codes)
    typed = data.draw(st.text(max_size=10))
    refused = {name: typed for name, rule in FILTER_RULES.items() if not rule.allows(typed)}
    if refused:
        with pytest.raises(ValidationFailed) as caught:
            parse_filter(**refused)
        assert {e.field for e in caught.value.errors} == set(refused), (typed, caught.value)


def test_riwayat_filters_are_stated_in_the_document() -> None:
    parameters = {
        p["name"]: p["schema"]
        for p in _document()["paths"]["/api/v1/me/requests"]["get"]["parameters"]
    }
    for name, rule in FILTER_RULES.items():
        assert parameters[name]["pattern"] == pattern_of(rule), name
        assert parameters[name]["maxLength"] == rule.max_length, name


def test_the_recovery_face_steps_state_that_their_token_is_not_empty() -> None:
    """The fuzz run sent ``token: ""`` in the multipart face steps, which the schema allowed
    and the form refused (an empty part is a missing one): the schema now says it."""
    document = _document()
    for kind in ("burst", "photo"):
        schema = document["components"]["schemas"][f"Body_registration_recover_{kind}"]
        assert schema["properties"]["token"]["minLength"] == 1, kind


def test_an_appointments_purpose_is_stated_in_the_document() -> None:
    """The second outside run's 40 "documented" refusals were ``purpose: field.choice``: a
    fixed list the schema did not state, so not beyond a schema at all."""
    document = _document()
    options = document["paths"]["/api/v1/appointments/options"]["get"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in options}
    booking = document["components"]["schemas"]["BookIn"]["properties"]
    for schema in (by_name["purpose"], booking["purpose"]):
        assert schema["pattern"] == pattern_of(APPOINTMENT_PURPOSE)
        assert schema["enum"] == list(APPOINTMENT_PURPOSE.choices)
