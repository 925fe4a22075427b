"""Request and response shapes of the claims (JHT, JKM, JKK, JP): the quote, the claim, the
staff's moves. Amounts are integer rupiah; every code comes with its label or message in the
request's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, model_validator

from jmo.api.input_fields import constrained, field
from jmo.api.schemas_jht import CodeLabel
from jmo.domain.claims.forms import OPTIONAL, PAIRED, RULES, fields_for
from jmo.domain.claims.model import Claim, ClaimReason, ClaimStatus
from jmo.domain.claims.tracking import timeline
from jmo.domain.identifiers.bank import mask_bank_account
from jmo.domain.input_rules import Whole
from jmo.i18n import benefits as texts
from jmo.i18n import error_message
from jmo.usecases.claims.submit import ClaimQuote


def _plain(schema: dict[str, Any]) -> None:
    """The schema of the claim fields: no null branch, the paired fields together."""
    for prop in schema.get("properties", {}).values():
        branches = [b for b in prop.pop("anyOf", []) if b.get("type") != "null"]
        if branches:
            prop.update(branches[0])
        prop.pop("default", None)
    schema["dependentRequired"] = {PAIRED[0]: [PAIRED[1]], PAIRED[1]: [PAIRED[0]]}


def _date_text(value: Any) -> Any:
    # The document says a date is a string (YYYY-MM-DD); pydantic alone would also take a
    # number as seconds since 1970, which the schema refuses.
    if not isinstance(value, str | date):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_date_text)]


class ClaimFieldsIn(BaseModel):
    """The fields of a claim besides program and reason, each with the domain's rule
    (``jmo.domain.claims.forms.RULES``); which ones a reason needs is in ``ClaimQuoteIn``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_plain)

    amount: Annotated[int, constrained(RULES["amount"])] | None = None
    event_date: IsoDate | None = None
    days_off: Annotated[int, constrained(RULES["days_off"])] | None = None
    disability_percent: Annotated[int, constrained(RULES["disability_percent"])] | None = None
    function_lost_percent: Annotated[int, constrained(RULES["function_lost_percent"])] | None = None
    transport_mode: Annotated[str, constrained(RULES["transport_mode"])] | None = None
    transport_cost: Annotated[int, constrained(RULES["transport_cost"])] | None = None
    heir_relationship: Annotated[str, constrained(RULES["heir_relationship"])] | None = None
    deceased_kpj: Annotated[str, constrained(RULES["deceased_kpj"])] | None = None
    deceased_nik: Annotated[str, constrained(RULES["deceased_nik"])] | None = None

    def raw(self) -> dict[str, str]:
        return {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in self.model_dump(exclude={"program"}).items()
            if value is not None
        }

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        # An unused field is left out, not null: the schema lists no null (``_plain``), so
        # "given" means present for the pairing rule as for the domain.
        if isinstance(data, dict) and any(v is None for v in data.values()):
            raise ValueError("leave out a field instead of sending null")
        return data

    @model_validator(mode="after")
    def _paired(self) -> ClaimFieldsIn:
        given = [getattr(self, name) is not None for name in PAIRED]
        if any(given) and not all(given):
            raise ValueError(f"{' and '.join(PAIRED)} go together")
        return self


def _quote_model(reason: ClaimReason) -> type[ClaimFieldsIn]:
    """One reason's body: its program and reason as constants, the fields it needs required."""
    required: dict[str, Any] = {
        "program": (Literal[reason.program.value], ...),
        "reason": (Literal[reason.value], ...),
    }
    for name in fields_for(reason):
        if name in OPTIONAL:
            continue
        rule = RULES.get(name)
        if rule is None:  # event_date
            required[name] = (IsoDate, ...)
        else:
            required[name] = (int if isinstance(rule, Whole) else str, field(rule))
    name = "".join(part.title() for part in reason.value.replace(".", "_").split("_"))
    model: type[ClaimFieldsIn] = create_model(
        f"ClaimQuote{name}In", __base__=ClaimFieldsIn, **required
    )
    return model


QUOTE_MODELS = tuple(_quote_model(reason) for reason in ClaimReason)
# The body of POST /claims/quote: one shape per reason, told apart by ``reason``.
ClaimQuoteIn = Annotated[Union[QUOTE_MODELS], Field(discriminator="reason")]  # type: ignore[valid-type]  # noqa: UP007


class CodedTextOut(BaseModel):
    code: str
    message: str


class AmountLineOut(BaseModel):
    code: str
    label: str
    amount: int
    params: dict[str, Any]


class BenefitOut(BaseModel):
    payment_mode: str
    lines: list[AmountLineOut]
    gross: int
    tax: int
    net: int
    tax_with_npwp: int
    tax_without_npwp: int
    npwp_status: CodeLabel
    notes: list[CodedTextOut]


def benefit_out(claim_benefit: Any, locale: str) -> BenefitOut:
    b = claim_benefit
    return BenefitOut(
        payment_mode=b.payment_mode.value,
        lines=[
            AmountLineOut(
                code=line.code,
                label=texts.line_label(line.code, line.params, locale),
                amount=line.amount,
                params={k: str(v) if isinstance(v, date) else v for k, v in line.params.items()},
            )
            for line in b.lines
        ],
        gross=b.gross,
        tax=b.tax,
        net=b.net,
        tax_with_npwp=b.tax_with_npwp,
        tax_without_npwp=b.tax_without_npwp,
        npwp_status=CodeLabel(
            code=b.npwp_status, label=texts.label(texts.NPWP_STATUSES, b.npwp_status, locale)
        ),
        notes=[CodedTextOut(code=n, message=error_message(locale, n)) for n in b.notes],
    )


class RouteOut(BaseModel):
    code: str
    label: str
    reason: CodedTextOut | None


def route_out(route: str, reason: str | None, params: dict[str, Any], locale: str) -> RouteOut:
    return RouteOut(
        code=route,
        label=texts.label(texts.ROUTES, route, locale),
        reason=CodedTextOut(
            code=reason, message=error_message(locale, reason, texts.money_params(params))
        )
        if reason
        else None,
    )


class BankOut(BaseModel):
    bank_code: str
    account_masked: str
    holder: str
    # the full number: for staff only, while the claim waits for payment (the transfer
    # needs it); null otherwise
    account: str | None = None


class QuoteOut(BaseModel):
    program: str
    reason: CodeLabel
    eligible: bool
    problems: list[CodedTextOut]
    member_kpj: str
    filed_by_heir: bool
    amounts_visible: bool
    benefit: BenefitOut | None = Field(description="null for an heir until an officer verified")
    route: RouteOut
    bank: BankOut | None
    documents_required: list[CodeLabel]
    payout_hold_until: datetime | None = Field(
        default=None,
        description="a recent change holds the payment until then (docs/policy.md); "
        "the claim may still be filed",
    )
    payout_hold_reason: str | None = Field(
        default=None, description='"bank" (a new bank account) or "contact" (phone or email)'
    )

    @classmethod
    def of(cls, q: ClaimQuote, locale: str) -> QuoteOut:
        a = q.assessment
        return cls(
            program=q.program.value,
            reason=CodeLabel(
                code=q.input.reason.value,
                label=texts.label(texts.REASONS, q.input.reason.value, locale),
            ),
            eligible=q.eligible,
            problems=[
                CodedTextOut(code=p.code, message=error_message(locale, p.code, p.params))
                for p in q.problems
            ],
            member_kpj=q.member_kpj,
            filed_by_heir=q.filed_by_heir,
            amounts_visible=q.amounts_visible,
            benefit=benefit_out(a.benefit, locale) if q.amounts_visible else None,
            route=route_out(a.route.value, a.route_reason, a.route_params, locale),
            bank=BankOut(
                bank_code=q.bank.bank_code,
                account_masked=mask_bank_account(q.bank.account),
                holder=q.bank.holder,
            )
            if q.bank
            else None,
            documents_required=[
                CodeLabel(code=d.value, label=texts.label(texts.DOCUMENTS, d.value, locale))
                for d in a.documents
            ],
            payout_hold_until=q.payout_hold_until,
            payout_hold_reason=q.payout_hold_reason,
        )


class TimelineStepOut(BaseModel):
    status: CodeLabel
    done: bool
    at: datetime | None
    reason: CodeLabel | None
    note: str
    payment_reference: str


class BranchStepOut(BaseModel):
    step: CodeLabel
    at: datetime
    branch_code: str


class DocumentOut(BaseModel):
    id: UUID
    document_type: CodeLabel
    filename: str
    content_type: str
    size: int
    sha256: str


class ClaimOut(BaseModel):
    id: UUID
    number: str
    program: CodeLabel
    reason: CodeLabel
    status: CodeLabel
    route: RouteOut
    member_kpj: str
    filed_by_heir: bool
    event_date: date | None
    heir_relationship: str | None
    details: dict[str, Any]
    submitted_at: datetime
    updated_at: datetime
    amounts_visible: bool
    benefit: BenefitOut | None
    bank: BankOut
    documents: list[DocumentOut]
    timeline: list[TimelineStepOut]
    # a claim routed to a branch is paid after one of these (documents seen, appointment)
    branch_steps: list[BranchStepOut]

    @classmethod
    def of(cls, c: Claim, locale: str, *, staff: bool = False) -> ClaimOut:
        visible = staff or c.amounts_visible_to_claimant
        route_params = c.details.get("route") or {}
        return cls(
            id=c.id,
            number=c.number,
            program=program_out(c, locale),
            reason=reason_out(c, locale),
            status=_status(c.status, locale),
            route=route_out(c.route.value, c.route_reason, route_params, locale),
            member_kpj=c.member_kpj,
            filed_by_heir=c.filed_by_heir,
            event_date=c.event_date,
            heir_relationship=c.heir_relationship.value if c.heir_relationship else None,
            details={k: v for k, v in c.details.items() if k != "route"},
            submitted_at=c.submitted_at,
            updated_at=c.updated_at,
            amounts_visible=visible,
            benefit=benefit_out(c.benefit, locale) if visible else None,
            bank=BankOut(
                bank_code=c.bank_code,
                account_masked=mask_bank_account(c.bank_account),
                holder=c.bank_account_holder,
                account=c.bank_account if staff and c.payout_account_needed else None,
            ),
            documents=[
                DocumentOut(
                    id=d.id,
                    document_type=CodeLabel(
                        code=d.document_type,
                        label=texts.label(texts.DOCUMENTS, d.document_type, locale),
                    ),
                    filename=d.filename,
                    content_type=d.content_type,
                    size=d.size,
                    sha256=d.sha256,
                )
                for d in c.documents
            ],
            timeline=[
                TimelineStepOut(
                    status=_status(status, locale),
                    done=event is not None,
                    at=event.at if event else None,
                    reason=CodeLabel(
                        code=event.reason,
                        label=texts.label(texts.REJECTIONS, event.reason, locale),
                    )
                    if event and event.reason
                    else None,
                    note=event.note if event else "",
                    payment_reference=event.payment_reference if event else "",
                )
                for status, event in timeline(c)
            ],
            branch_steps=[
                BranchStepOut(
                    step=CodeLabel(
                        code=v.step.value,
                        label=texts.label(texts.BRANCH_STEPS, v.step.value, locale),
                    ),
                    at=v.at,
                    branch_code=v.branch_code,
                )
                for v in c.branch_visits
            ],
        )


def program_out(c: Claim, locale: str) -> CodeLabel:
    return CodeLabel(
        code=c.program.value, label=texts.label(texts.PROGRAMS, c.program.value, locale)
    )


def reason_out(c: Claim, locale: str) -> CodeLabel:
    return CodeLabel(code=c.reason.value, label=texts.label(texts.REASONS, c.reason.value, locale))


def status_out(c: Claim, locale: str) -> CodeLabel:
    return _status(c.status, locale)


def _status(status: ClaimStatus, locale: str) -> CodeLabel:
    return CodeLabel(code=status.value, label=texts.label(texts.STATUSES, status.value, locale))


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field("", max_length=500)


class RejectIn(NoteIn):
    reason: str = Field(
        max_length=40,
        description="documents_incomplete, documents_invalid, not_eligible, data_mismatch, other",
    )


class BranchStepIn(NoteIn):
    step: str = Field(max_length=30, description="documents_seen or appointment_done")


class PayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    payment_reference: str = Field("", max_length=60)


class NpwpValidationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kpj: str = Field(max_length=20)
    nik_valid: bool
    source: str = Field("DJP", max_length=100)
