"""The per-field change policy, written once as data (issue 12, "Controls the participant
owns"): for every field of the participant's record, who may change it (the app, an
officer at a branch, the employer), the documents needed, how often, how long money waits
after a change, and which second factor the app asks for.

Everything that decides about a change reads this table: the wizard (a field the app may
not change is shown read-only with the reason and a way to ask an officer), the API
(``policy.forbidden_channel``), the officer's corrections (the documents and the change
limit), the payout hold after a new bank account, phone or email, and the claim lock's
release wait. ``docs/policy.md`` is generated from it (``jmo policy docs``).

The field names are the record's own (``STEP_FIELDS`` of the wizard and the identity
fields of step 5); this module only says how each may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum

from jmo.domain.errors import FieldError, ValidationFailed
from jmo.domain.input_rules import Choices
from jmo.domain.pengkinian.change_request import IDENTITY_FIELDS, Channel, DocumentType
from jmo.domain.pengkinian.forms import STEP_FIELDS
from jmo.domain.risk import BANK_FIELDS, CONTACT_FIELDS


class SecondFactor(StrEnum):
    SELFIE = "selfie"  # step 6: the face against the reference photo, with liveness
    CODE_TO_NEW_CONTACT = "code_to_new_contact"  # a one-time code sent to the new value


@dataclass(frozen=True)
class FieldRule:
    """How one field may change. ``max_changes`` counts changes applied over the life of
    the record (None: no limit); ``money_hold`` is how long a claim may not be paid after
    the field changed (None: no hold)."""

    changed_by: frozenset[Channel]
    documents: tuple[DocumentType, ...] = ()
    max_changes: int | None = None
    money_hold: timedelta | None = None
    second_factors: tuple[SecondFactor, ...] = ()
    # Why the app may not change it, as a message code (``policy.reason.*``).
    reason: str | None = None

    @property
    def app_may_change(self) -> bool:
        return Channel.APP in self.changed_by


# The hold a new payout bank account starts (issue 5; docs/domain-rules.md §5 "Changing the
# payout bank account": re-verification, notice to the old contacts, a hold on claims).
BANK_HOLD = timedelta(days=7)
# A new phone or email: the notices of a claim would reach the new contact only, so the old
# contacts (which got the "Bukan saya" notice) have this long to stop a payout.
CONTACT_HOLD = timedelta(days=2)
# The claim lock: switched off only after a face check and then this long (issue 12).
CLAIM_LOCK_RELEASE_WAIT = timedelta(hours=12)

# The participant's own data: changed in the app, or at the branch counter by an officer
# who sees the originals (walk-in Pengkinian Data, the app's field rules: docs/back-office.md).
_APP = frozenset({Channel.APP, Channel.BRANCH})
_OFFICER = frozenset({Channel.BRANCH, Channel.EMPLOYER})
_APP_FACTORS = (SecondFactor.SELFIE,)
_KK_KTP = (DocumentType.KARTU_KELUARGA, DocumentType.E_KTP)
# Identity data: the fund's guide, "Syarat Pengkinian Data" (KK, e-KTP and the company's
# correction letter; a resignation letter instead for those no longer employed).
_IDENTITY_DOCUMENTS = (*_KK_KTP, DocumentType.COMPANY_CORRECTION_LETTER)

_APP_RULE = FieldRule(changed_by=_APP, second_factors=_APP_FACTORS)
_RULES: dict[str, FieldRule] = {name: _APP_RULE for names in STEP_FIELDS.values() for name in names}
for _name in CONTACT_FIELDS:
    _RULES[_name] = replace(
        _APP_RULE,
        money_hold=CONTACT_HOLD,
        second_factors=(SecondFactor.SELFIE, SecondFactor.CODE_TO_NEW_CONTACT),
    )
for _name in BANK_FIELDS:
    _RULES[_name] = replace(_APP_RULE, money_hold=BANK_HOLD)
# The NIK encodes sex (docs/domain-rules.md §1) and citizenship decides which identity
# document applies: both are corrected from the KK and e-KTP by an officer. The app may
# still give them where the record has none (the first data update collects them).
_RULES["gender"] = FieldRule(_OFFICER, _KK_KTP, reason="policy.reason.gender")
_RULES["citizenship"] = FieldRule(_OFFICER, _KK_KTP, reason="policy.reason.citizenship")
for _name in IDENTITY_FIELDS:
    _RULES[_name] = FieldRule(
        _OFFICER, _IDENTITY_DOCUMENTS, max_changes=2, reason="policy.reason.identity"
    )
# Once born, a date of birth and a NIK are corrected once; a second time is a fraud signal
# that the branch handles outside the app.
_RULES["birth_date"] = replace(_RULES["birth_date"], max_changes=1)
_RULES["nik"] = replace(_RULES["nik"], max_changes=1)
# A wrong KPJ is not corrected: the records are merged (Cek Saldo JHT).
_RULES["kpj"] = FieldRule(frozenset(), reason="policy.reason.kpj")
# What a company keeps on file about its workers and may correct through the employer
# portal at once, without documents (docs/back-office.md, "Employer portal"): the address,
# the marital status and the education. Contact data (it recovers the account), the bank
# account (where benefits are paid) and the recovery answers stay the worker's own.
EMPLOYER_DIRECT: tuple[str, ...] = (
    "address_street",
    "address_rt",
    "address_rw",
    "postal_code",
    "marital_status",
    "education",
)
for _name in EMPLOYER_DIRECT:
    _RULES[_name] = replace(_RULES[_name], changed_by=_RULES[_name].changed_by | {Channel.EMPLOYER})

FIELD_POLICY: Mapping[str, FieldRule] = dict(_RULES)


def rule_for(name: str) -> FieldRule:
    return FIELD_POLICY[name]


def officer_fields() -> tuple[str, ...]:
    """The fields the app may not change but a participant may ask an officer to: step 5's
    identity report lists them, and the officer prepares their new values."""
    return tuple(
        name
        for name, rule in FIELD_POLICY.items()
        if not rule.app_may_change and Channel.BRANCH in rule.changed_by
    )


def employer_fields() -> dict[str, bool]:
    """The fields a company may correct through the employer portal, each with whether an
    officer must check it first (the rule asks for documents: the company's signed letter
    among them) or it applies at once."""
    return {
        name: bool(rule.documents)
        for name, rule in FIELD_POLICY.items()
        if Channel.EMPLOYER in rule.changed_by
    }


def app_locked(current: Mapping[str, str | None]) -> tuple[str, ...]:
    """The fields of this record the app shows read-only: kept for an officer, and given
    already (an empty one may still be filled in)."""
    return tuple(
        name
        for name in current
        if name in FIELD_POLICY and not FIELD_POLICY[name].app_may_change and current[name]
    )


def code_checked_fields() -> tuple[str, ...]:
    """The fields whose new value the app proves with a one-time code sent to it (step 7)."""
    return tuple(
        name
        for name, rule in FIELD_POLICY.items()
        if SecondFactor.CODE_TO_NEW_CONTACT in rule.second_factors
    )


def check_app_changes(current: Mapping[str, str | None], values: Mapping[str, str | None]) -> None:
    """The app may not change a field the policy keeps for an officer; giving a value where
    the record has none is allowed. Raises ``ValidationFailed`` with
    ``policy.forbidden_channel`` on each such field (the edge says why next to it)."""
    refused = [
        FieldError(name, "policy.forbidden_channel", {"reason": rule.reason or ""})
        for name, new in values.items()
        if name in FIELD_POLICY
        and not (rule := FIELD_POLICY[name]).app_may_change
        and current.get(name)
        and new != current.get(name)
    ]
    if refused:
        raise ValidationFailed(refused)


def check_channel_changes(
    channel: Channel, current: Mapping[str, str | None], values: Mapping[str, str | None]
) -> None:
    """A channel other than the app (the branch counter) changes only the fields the
    policy gives it; ``policy.forbidden_channel`` on each other changed field."""
    refused = [
        FieldError(name, "policy.forbidden_channel", {"reason": rule.reason or ""})
        for name, new in values.items()
        if name in FIELD_POLICY
        and channel not in (rule := FIELD_POLICY[name]).changed_by
        and new != current.get(name)
    ]
    if refused:
        raise ValidationFailed(refused)


def check_change_limit(name: str, changes_so_far: int) -> None:
    """How often: a field with ``max_changes`` is refused once that many were applied."""
    limit = FIELD_POLICY[name].max_changes
    if limit is not None and changes_so_far >= limit:
        raise ValidationFailed.single(name, "policy.change_limit", max=limit)


def documents_for(fields: tuple[str, ...], *, currently_employed: bool) -> tuple[DocumentType, ...]:
    """The documents an officer needs for these fields, in the policy's order; the
    company's letter becomes a resignation letter for those no longer employed."""
    out: list[DocumentType] = []
    for name in fields:
        for listed in FIELD_POLICY[name].documents:
            doc = listed
            if doc is DocumentType.COMPANY_CORRECTION_LETTER and not currently_employed:
                doc = DocumentType.RESIGNATION_LETTER
            if doc not in out:
                out.append(doc)
    return tuple(out)


def money_holds(
    *, bank_days: int | None = None, contact_days: int | None = None
) -> dict[str, timedelta]:
    """field -> how long a claim waits after that field changed. ``bank_days`` is the
    deployment's setting for the bank account (``JMO_BANK_COOLING_OFF_DAYS``, whose
    default is ``BANK_HOLD``); ``contact_days`` replaces ``CONTACT_HOLD`` (tests)."""
    holds = {n: r.money_hold for n, r in FIELD_POLICY.items() if r.money_hold is not None}
    if bank_days is not None:
        holds.update({name: timedelta(days=bank_days) for name in BANK_FIELDS})
    if contact_days is not None:
        holds.update({name: timedelta(days=contact_days) for name in CONTACT_FIELDS})
    return holds


def hold_of(
    fields: tuple[str, ...] | list[str],
    *,
    bank_days: int | None = None,
    contact_days: int | None = None,
) -> timedelta:
    """The longest hold that changing these fields starts (zero: none)."""
    holds = money_holds(bank_days=bank_days, contact_days=contact_days)
    return max((holds[f] for f in fields if f in holds), default=timedelta(0))


# Step 5, "the data is wrong": the identity fields, then the other fields only an officer
# changes; at least one, and a note.
REPORTABLE: tuple[str, ...] = IDENTITY_FIELDS + tuple(
    name for name in officer_fields() if name not in IDENTITY_FIELDS
)
REPORTED_FIELDS = Choices(REPORTABLE, min_items=1, max_items=10)
