"""The per-field change policy (issue 12): one rule per field of the record, and the
decisions made from it: what the app may change, the documents, how often, the waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jmo.domain.errors import ValidationFailed
from jmo.domain.participant import Profile
from jmo.domain.pengkinian.blockers import Blocker, ways_forward
from jmo.domain.pengkinian.change_request import IDENTITY_FIELDS, Channel, DocumentType
from jmo.domain.pengkinian.forms import STEP_FIELDS
from jmo.domain.pengkinian.policy import (
    BANK_HOLD,
    CONTACT_HOLD,
    FIELD_POLICY,
    app_locked,
    check_app_changes,
    check_change_limit,
    documents_for,
    hold_of,
    money_holds,
    officer_fields,
)
from jmo.domain.risk import BANK_FIELDS, payout_hold

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_every_field_of_the_record_has_exactly_one_rule() -> None:
    wizard = {name for names in STEP_FIELDS.values() for name in names}
    assert set(FIELD_POLICY) == wizard | set(IDENTITY_FIELDS)
    assert wizard == set(Profile.field_names())


def test_the_app_changes_its_fields_and_an_officer_the_rest() -> None:
    assert FIELD_POLICY["phone"].app_may_change and FIELD_POLICY["bank_account"].app_may_change
    assert not FIELD_POLICY["gender"].app_may_change
    assert Channel.BRANCH in FIELD_POLICY["gender"].changed_by
    assert set(officer_fields()) == {
        "nik",
        "full_name",
        "birth_place",
        "birth_date",
        "gender",
        "citizenship",
    }
    assert FIELD_POLICY["kpj"].changed_by == frozenset()  # merged, never corrected


def test_a_field_kept_for_an_officer_is_refused_beside_it_but_may_be_given_once() -> None:
    current = {"gender": "L", "citizenship": "WNI", "mother_name": "Sri"}
    with pytest.raises(ValidationFailed) as refused:
        check_app_changes(current, {"gender": "P", "citizenship": "WNI", "mother_name": "Ani"})
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("gender", "policy.forbidden_channel")
    ]
    check_app_changes({"gender": None}, {"gender": "P"})  # the first update collects it
    assert app_locked(current) == ("gender", "citizenship")
    assert app_locked({"gender": None, "citizenship": "WNI"}) == ("citizenship",)


def test_documents_follow_the_fields_and_the_employment() -> None:
    assert documents_for(("gender",), currently_employed=True) == (
        DocumentType.KARTU_KELUARGA,
        DocumentType.E_KTP,
    )
    assert documents_for(("birth_date", "gender"), currently_employed=False) == (
        DocumentType.KARTU_KELUARGA,
        DocumentType.E_KTP,
        DocumentType.RESIGNATION_LETTER,
    )


def test_identity_fields_change_a_limited_number_of_times() -> None:
    check_change_limit("birth_date", 0)
    with pytest.raises(ValidationFailed) as refused:
        check_change_limit("birth_date", 1)
    assert refused.value.errors[0].code == "policy.change_limit"
    check_change_limit("full_name", 1)
    with pytest.raises(ValidationFailed):
        check_change_limit("full_name", 2)
    check_change_limit("phone", 100)  # no limit


def test_money_waits_after_a_new_bank_account_phone_or_email() -> None:
    holds = money_holds()
    assert {name: holds[name] for name in BANK_FIELDS} == dict.fromkeys(BANK_FIELDS, BANK_HOLD)
    assert holds["phone"] == holds["email"] == CONTACT_HOLD
    assert "npwp" not in holds
    assert hold_of(["phone", "bank_account"]) == BANK_HOLD
    assert hold_of(["npwp"]) == timedelta(0)
    assert money_holds(bank_days=3)["bank_code"] == timedelta(days=3)  # the setting


def test_the_payout_hold_names_what_changed() -> None:
    before = Profile(phone="+6281234567890", bank_account="111")
    versions = [
        (NOW - timedelta(days=30), before),
        (NOW - timedelta(days=1), Profile(phone="+6281299998888", bank_account="111")),
    ]
    hold = payout_hold(versions, money_holds(), NOW)
    assert hold is not None and hold.reason == "contact"
    assert hold.until == NOW - timedelta(days=1) + CONTACT_HOLD
    assert payout_hold(versions, money_holds(), NOW + timedelta(days=1)) is None
    versions.append((NOW, Profile(phone="+6281299998888", bank_account="222")))
    hold = payout_hold(versions, money_holds(), NOW)
    assert hold is not None and hold.reason == "bank" and hold.until == NOW + BANK_HOLD


def test_every_blocker_has_a_way_forward_with_its_case() -> None:
    ways = ways_forward(
        has_reference_photo=False,
        tries_used_up=False,
        review_pending=False,
        open_correction="AB12CD34",
        attempt_reference=None,
        draft_reference="DRAFT001",
    )
    assert [(w.blocker, w.reference, w.appointment_purpose) for w in ways] == [
        (Blocker.NO_REFERENCE_PHOTO, "DRAFT001", "foto_referensi"),
        (Blocker.IDENTITY_CORRECTION_OPEN, "AB12CD34", "koreksi_identitas"),
    ]
    refused = ways_forward(
        has_reference_photo=True,
        tries_used_up=True,
        review_pending=False,
        open_correction=None,
        attempt_reference="FACE0001",
        draft_reference="DRAFT001",
    )
    assert [(w.blocker, w.reference, w.appointment_purpose) for w in refused] == [
        (Blocker.SELFIES_REFUSED, "FACE0001", "selfie_gagal")
    ]
    assert all(w.help_category == "data-peserta" for w in (*ways, *refused))
    clear = ways_forward(
        has_reference_photo=True,
        tries_used_up=False,
        review_pending=False,
        open_correction=None,
        attempt_reference=None,
        draft_reference="DRAFT001",
    )
    assert clear == []
