"""Request and response shapes of the JSON API. Validation of values is the domain's
(same rules as the pages); these models only shape the data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from jmo.api.input_fields import choice_item, documented, field
from jmo.domain.biometric import Decision
from jmo.domain.identifiers.email import mask_email
from jmo.domain.identifiers.phone import mask_phone
from jmo.domain.pengkinian.blockers import WayForward
from jmo.domain.pengkinian.change_request import REPORT_NOTE, ChangeRequest
from jmo.domain.pengkinian.field_rules import FIELD_RULES
from jmo.domain.pengkinian.field_rules import OPTIONAL as OPTIONAL_FIELDS
from jmo.domain.pengkinian.policy import REPORTED_FIELDS
from jmo.domain.pengkinian.verification import MAX_ATTEMPTS
from jmo.domain.services import SERVICES, is_unlocked
from jmo.usecases.pengkinian.selfie import SelfieOutcome
from jmo.usecases.pengkinian.views import PengkinianView


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(StrictIn):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    # Staff: the authenticator's 6 digits or a recovery code (docs/back-office.md). Staff
    # without a second factor enrol at /petugas/masuk first.
    otp: str | None = Field(default=None, max_length=20)


class LoginOut(BaseModel):
    token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_at: datetime
    # Login only: send it as X-JMO-Device at the next login (known device).
    device_token: str | None = None


class ServiceOut(BaseModel):
    key: str
    label: str
    unlocked: bool


class IdentityOut(BaseModel):
    nik: str
    kpj: str
    full_name: str
    birth_place: str
    birth_date: date


class MeOut(BaseModel):
    email: str
    participant_id: UUID
    full_name: str
    kpj: str
    nik_masked: str
    data_is_current: bool
    pengkinian_completed_at: datetime | None
    services: list[ServiceOut]


def _rule(name: str) -> Any:
    """Steps 7-9: the field's rule (``field_rules``), checked by the use case."""
    return documented(FIELD_RULES[name])


def _required_fields(schema: dict[str, Any]) -> None:
    # What the use case refuses as ``field.required`` when left out (no default then).
    schema["required"] = [n for n in schema["properties"] if n not in OPTIONAL_FIELDS]
    for name in schema["required"]:
        schema["properties"][name].pop("default", None)


class StepIn(StrictIn):
    """A step's fields as typed; ``save_step`` checks them with ``FIELD_RULES``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_required_fields)


class ContactIn(StepIn):
    phone: str = _rule("phone")
    email: str = _rule("email")
    npwp: str = _rule("npwp")
    passport: str = _rule("passport")
    bank_code: str = _rule("bank_code")
    bank_account: str = _rule("bank_account")
    bank_account_holder: str = _rule("bank_account_holder")


class PopulationIn(StepIn):
    gender: str = _rule("gender")
    mother_name: str = _rule("mother_name")
    kk_number: str = _rule("kk_number")
    family_relationship: str = _rule("family_relationship")
    citizenship: str = _rule("citizenship")
    marital_status: str = _rule("marital_status")
    address_street: str = _rule("address_street")
    address_rt: str = _rule("address_rt")
    address_rw: str = _rule("address_rw")
    province_code: str = _rule("province_code")
    regency_code: str = _rule("regency_code")
    district_code: str = _rule("district_code")
    village_code: str = _rule("village_code")
    postal_code: str = _rule("postal_code")


class AdditionalIn(StepIn):
    education: str = _rule("education")
    blood_type: str = _rule("blood_type")
    religion: str = _rule("religion")
    emergency_name: str = _rule("emergency_name")
    emergency_phone: str = _rule("emergency_phone")
    emergency_relationship: str = _rule("emergency_relationship")


class IdentityReportIn(StrictIn):
    fields: list[Annotated[str, choice_item(REPORTED_FIELDS)]] = field(REPORTED_FIELDS)
    note: str = field(REPORT_NOTE, "")


class ContactCodesIn(StrictIn):
    phone_code: str = Field("", max_length=10)
    email_code: str = Field("", max_length=10)


class ResendIn(StrictIn):
    channel: Literal["phone", "email"]


class PendingCheckOut(BaseModel):
    sent_to: str  # masked
    expires_at: datetime
    attempts_left: int


class SubmitIn(StrictIn):
    terms_accepted: Literal[True] = Field(description="The terms must be accepted to submit")
    terms_version: str = Field(max_length=40)


class DraftOut(BaseModel):
    id: UUID
    version: int
    reached: str
    completed: list[str]
    entries: dict[str, dict[str, str]]


class WayForwardOut(BaseModel):
    blocker: str  # no_reference_photo, selfies_refused, review_pending, identity_correction_open
    reference: str
    appointment_purpose: str  # foto_referensi, selfie_gagal, koreksi_identitas
    help_category: str


class PengkinianOut(BaseModel):
    step: str
    step_number: int
    data_is_current: bool
    identity: IdentityOut
    has_reference_photo: bool
    biometric_passed: bool
    draft: DraftOut | None
    forms: dict[str, dict[str, str]]
    open_identity_request_id: UUID | None
    terms_version: str
    pending_checks: dict[str, PendingCheckOut]
    # Fields the app may not change (the field policy, docs/policy.md): show them read-only
    # and offer POST /pengkinian/identity/report with the field; a changed value answers
    # 422 with the field code policy.forbidden_channel.
    locked_fields: list[str] = []
    # What blocks the update now and the way forward (GET /pengkinian only): open
    # /janji-temu/baru?keperluan=<appointment_purpose>&rujukan=<reference>, or a complaint
    # in <help_category> quoting the reference.
    ways_forward: list[WayForwardOut] = []

    @classmethod
    def from_view(
        cls, view: PengkinianView, terms_version: str, ways: Sequence[WayForward] = ()
    ) -> PengkinianOut:
        draft = view.draft
        return cls(
            step=view.step.value,
            step_number=view.step.number,
            data_is_current=view.data_is_current,
            identity=IdentityOut(
                nik=view.identity.nik,
                kpj=view.identity.kpj,
                full_name=view.identity.full_name,
                birth_place=view.identity.birth_place,
                birth_date=view.identity.birth_date,
            ),
            has_reference_photo=view.has_reference_photo,
            locked_fields=list(view.locked_fields),
            ways_forward=[
                WayForwardOut(
                    blocker=w.blocker.value,
                    reference=w.reference,
                    appointment_purpose=w.appointment_purpose,
                    help_category=w.help_category,
                )
                for w in ways
            ],
            biometric_passed=draft is not None and "biometric" in draft.completed,
            draft=DraftOut(
                id=draft.id,
                version=draft.version,
                reached=draft.reached.value,
                completed=sorted(draft.completed),
                entries=view.entries,  # masked before the selfie has passed
            )
            if draft
            else None,
            forms=view.forms,
            open_identity_request_id=view.open_identity_request.id
            if view.open_identity_request
            else None,
            terms_version=terms_version,
            pending_checks={
                channel: PendingCheckOut(
                    sent_to=mask_phone(check.target)
                    if channel == "phone"
                    else mask_email(check.target),
                    expires_at=check.expires_at,
                    attempts_left=max(0, MAX_ATTEMPTS - check.attempts),
                )
                for channel, check in view.pending_checks.items()
            },
        )


class FieldChangeOut(BaseModel):
    field: str
    old: str | None
    new: str | None


class ChangeRequestOut(BaseModel):
    id: UUID
    reference: str
    kind: str
    channel: str
    status: str
    submitted_at: datetime
    applied_at: datetime | None
    changes: list[FieldChangeOut]
    reported_fields: list[str]
    documents_required: list[str]
    consent_terms_version: str | None
    biometric_decision: str | None

    @classmethod
    def from_domain(cls, request: ChangeRequest) -> ChangeRequestOut:
        return cls(
            id=request.id,
            reference=request.reference,
            kind=request.kind.value,
            channel=request.channel.value,
            status=request.status.value,
            submitted_at=request.submitted_at,
            applied_at=request.applied_at,
            changes=[FieldChangeOut(field=c.field, old=c.old, new=c.new) for c in request.changes],
            reported_fields=list(request.reported_fields),
            documents_required=[d.value for d in request.documents_required],
            consent_terms_version=request.consent.terms_version if request.consent else None,
            biometric_decision=request.biometric.decision if request.biometric else None,
        )


class CheckOut(BaseModel):
    """One capture rule: passed or not, and what to do. No measured value or threshold."""

    rule: str
    passed: bool
    code: str | None
    message: str | None


class SelfieOut(BaseModel):
    """The decision and the advice. No distance and no rule value: scores go to officers
    only (issue 8 item 2; docs/biometrics.md)."""

    attempt_id: UUID
    decision: Decision
    passed: bool
    code: str | None
    message: str
    checks: list[CheckOut]
    failures_left: int  # face checks left before the branch office
    liveness: bool

    @classmethod
    def from_outcome(
        cls, outcome: SelfieOutcome, message: str, check_messages: dict[str, str]
    ) -> SelfieOut:
        return cls(
            attempt_id=outcome.attempt_id,
            decision=outcome.decision,
            passed=outcome.passed,
            code=None if outcome.passed else outcome.code,
            message=message,
            checks=[
                CheckOut(
                    rule=c.rule,
                    passed=c.passed,
                    code=c.code,
                    message=check_messages.get(c.code) if c.code else None,
                )
                for c in outcome.match.checks
            ],
            failures_left=outcome.tries_left,
            liveness=outcome.liveness,
        )


class ChallengeOut(BaseModel):
    nonce: str
    steps: list[str]  # "blink", "turn_left" (the person's own left), "turn_right"
    issued_at: datetime
    expires_at: datetime


class OptionOut(BaseModel):
    value: str
    label: str


def services_out(data_is_current: bool) -> list[ServiceOut]:
    return [
        ServiceOut(
            key=s.key, label=s.label, unlocked=is_unlocked(s, data_is_current=data_is_current)
        )
        for s in SERVICES
    ]
