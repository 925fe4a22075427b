"""Issue 9, "rules written twice": each rule has one definition, and every user of it is
tied to that definition here."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from pathlib import Path

import pytest

import jmo.api.v1.claims as api_claims
import jmo.api.v1.pengkinian as api_pengkinian
import jmo.settings
import jmo.usecases.accounts.account_recovery as recovery_usecase
import jmo.usecases.accounts.claim_lock as claim_lock_usecase
import jmo.usecases.accounts.freeze_face as freeze_face_usecase
import jmo.usecases.claims.staff as claims_staff
import jmo.usecases.claims.submit as claims_submit
import jmo.usecases.claims.views as claims_views
import jmo.usecases.pengkinian.selfie as selfie_usecase
import jmo.web.routes.claims as web_claims
import jmo.web.routes.pengkinian as web_pengkinian
import jmo.web.routes.pengkinian.biometric as web_pengkinian_selfie
import jmo.web.routes.pengkinian.confirm as web_pengkinian_confirm
import jmo.web.routes.pengkinian.wizard as web_pengkinian_wizard
from jmo import edge_face
from jmo.adapters.regions import load_region_directory
from jmo.api import face_upload
from jmo.api.schemas_claims import QUOTE_MODELS
from jmo.api.v1 import claim_lock as api_claim_lock
from jmo.api.v1 import freeze as api_freeze
from jmo.api.v1 import registration as api_registration
from jmo.domain.backoffice.corrections import CORRECTABLE
from jmo.domain.claims import forms
from jmo.domain.errors import ValidationFailed
from jmo.domain.identifiers.npwp import NpwpKind, npwp_kind, parse_npwp
from jmo.domain.pengkinian import policy as field_policy
from jmo.domain.pengkinian.policy import (
    BANK_HOLD,
    CLAIM_LOCK_RELEASE_WAIT,
    CONTACT_HOLD,
    officer_fields,
)
from jmo.domain.risk import BANK_FIELDS, changes_bank_account
from jmo.domain.tax.benefit_tax import NpwpStatus, npwp_status
from jmo.usecases import face_check
from jmo.usecases.participants import risk
from jmo.usecases.pengkinian import contact_check
from jmo.usecases.services import BenefitServices, Policy
from jmo.web import face_forms
from jmo.web.labels import display_value
from jmo.web.routes import claim_lock as web_claim_lock
from jmo.web.routes import freeze as web_freeze
from jmo.web.routes import registration as web_registration

FACE_USE_CASES = (selfie_usecase, recovery_usecase, claim_lock_usecase, freeze_face_usecase)
FACE_PAGES = (web_pengkinian_selfie, web_registration, web_claim_lock, web_freeze)
FACE_APIS = (api_pengkinian, api_registration, api_claim_lock, api_freeze)
FACE_EDGES = FACE_PAGES + FACE_APIS
FACE_TEMPLATES = (
    "pengkinian/biometric.html",
    "account/onboarding_step.html",
    "account/claim_lock.html",
    "account/freeze.html",
)


def test_every_claim_form_reads_the_one_field_list() -> None:
    assert set(forms.ALL_FIELDS) == {"reason"} | {
        name for names in (*forms.FIELDS.values(), forms.HEIR_FIELDS) for name in names
    }
    # the quote body is one shape per reason (issue 13); together they take the one list
    quoted = {name for model in QUOTE_MODELS for name in model.model_fields}
    assert quoted - {"program"} == set(forms.ALL_FIELDS)
    # the identity of each edge's own import is what is checked, not a public name
    assert web_claims.ALL_FIELDS is forms.ALL_FIELDS  # type: ignore[attr-defined]
    assert api_claims.ALL_FIELDS is forms.ALL_FIELDS  # type: ignore[attr-defined]


def test_every_edge_reads_the_liveness_burst_the_same_way() -> None:
    assert face_check.burst_frame_times("0, 66,133") == [0, 66, 133]
    assert face_check.burst_frame_times("0,-66,133") is None  # not a shorter, misaligned list
    assert face_check.burst_frame_times("") is None
    policy = Policy()
    face_check.check_burst_frames(policy.burst_max_frames, policy)
    with pytest.raises(ValidationFailed):
        face_check.check_burst_frames(policy.burst_max_frames + 1, policy)
    # one form handler for the pages, one dependency for the API, both through edge_face
    # (identity of each module's own import; these are not public names)
    assert edge_face.burst_frame_times is face_check.burst_frame_times  # type: ignore[attr-defined]
    assert edge_face.check_burst_frames is face_check.check_burst_frames  # type: ignore[attr-defined]
    assert face_forms.burst_upload is edge_face.burst_upload  # type: ignore[attr-defined]
    assert face_upload.burst_upload is edge_face.burst_upload  # type: ignore[attr-defined]
    for edge in FACE_EDGES:
        source = inspect.getsource(edge)
        assert '.split(",")' not in source  # no parsing of its own
        assert 'getlist("frames")' not in source and "File(" not in source


def test_every_face_check_is_the_one_use_case() -> None:
    """Issue 12: Pengkinian's step 6, Lupa akun, the claim lock and lifting a freeze are
    places (subjects) of the one face check; none keeps an attempt log or limits of its
    own, every page draws the one macro and reads the one form, every API operation the
    one multipart dependency."""
    one = (face_check.issue_challenge, face_check.check_burst, face_check.check_still)
    for module in FACE_USE_CASES:
        source = inspect.getsource(module)
        assert "BiometricAttempt(" not in source and "FaceAttemptTally" not in source
        assert "verify_burst(" not in source and "faces.verify(" not in source
        assert any(getattr(module, f.__name__, None) is f for f in one), module.__name__
        # every place's audit of a result says the same (decision, liveness, attempt)
        assert "**recorded.audited()" in source and "attempt_id=" not in source
    # the reference photo, or a branch office: one lookup (Lupa akun sends to a branch)
    for module in (selfie_usecase, claim_lock_usecase, freeze_face_usecase):
        assert module.reference_target is face_check.reference_target
        assert "reference_face(" not in inspect.getsource(module)
    for edge in FACE_PAGES:
        # the one form reader and challenge, directly or through face_forms' face-page
        # routes (the claim lock and the freeze pages)
        assert (
            getattr(edge, "read_burst_form", None) is face_forms.read_burst_form
            or getattr(edge, "burst_to_face_page", None) is face_forms.burst_to_face_page
        ), edge.__name__
        assert (
            getattr(edge, "answer_challenge", None) is face_forms.answer_challenge
            or getattr(edge, "face_challenge", None) is face_forms.face_challenge
        ), edge.__name__
        assert "STEP_TEXTS" not in inspect.getsource(edge)
    assert face_upload.face_message is edge_face.face_message  # type: ignore[attr-defined]
    for edge in FACE_APIS:
        # the forms, one call into the place's use case and one message, not a copy each
        assert edge.face is face_upload
        source = inspect.getsource(edge)
        assert "frame_registry=" not in source and "face_message(" not in source
    templates = Path(web_claim_lock.__file__).parents[1] / "templates"
    for page in FACE_TEMPLATES:
        text = (templates / page).read_text()
        assert "face_check(" in text and 'id="camera"' not in text, page


def test_the_wrong_face_message_says_the_tries_left_everywhere() -> None:
    text = edge_face.face_message("id", "face.mismatch", "fail", 2, 24)
    assert "Sisa 2 kali percobaan" in text
    assert "Sisa" not in edge_face.face_message("id", "selfie.no_face", "retry", 2, 24)
    assert "Sisa" not in edge_face.face_message("id", "face.mismatch", "fail", 0, 24)


def test_the_bank_fields_are_one_list() -> None:
    assert set(BANK_FIELDS) == {"bank_code", "bank_account", "bank_account_holder"}
    assert all(changes_bank_account([name]) for name in BANK_FIELDS)
    assert not changes_bank_account(["phone", "email", "npwp"])


@pytest.mark.parametrize(
    ("value", "kind", "status", "shown"),
    [
        ("013121660091000", NpwpKind.LEGACY15, NpwpStatus.LEGACY15, "01.312.166.0-091.000"),
        ("0013121660091000", NpwpKind.NPWP16, NpwpStatus.LEGACY15, "0013 1216 6009 1000"),
        ("3578011203850001", NpwpKind.NIK, NpwpStatus.NIK_UNVALIDATED, "3578 0112 0385 0001"),
        ("12345", None, NpwpStatus.NIK_UNVALIDATED, "12345"),
    ],
)
def test_the_npwp_kind_is_told_in_one_place(
    value: str, kind: NpwpKind | None, status: NpwpStatus, shown: str
) -> None:
    assert npwp_kind(value) is kind
    assert npwp_status(value, nik="3578010101010001", nik_marked_valid=False) is status
    regions = load_region_directory()
    assert display_value("npwp", value, regions, "id") == shown
    if kind is not None:  # parsing tells the same kind
        parsed = parse_npwp(value, regions=regions, today=date(2026, 11, 25))
        assert parsed is not None and parsed.kind is kind


def test_every_hold_on_money_reads_the_field_policy() -> None:
    """Issue 12: the waits after a new bank account, phone or email and the claim lock's
    release wait are the field policy's; every default and every user reads them."""
    assert Policy().bank_cooling_off_days == BANK_HOLD.days
    assert jmo.settings.Settings.model_fields["bank_cooling_off_days"].default == BANK_HOLD.days
    benefit_defaults = BenefitServices.__dataclass_fields__
    assert benefit_defaults["bank_cooling_off_days"].default == BANK_HOLD.days
    assert benefit_defaults["contact_cooling_off_days"].default == CONTACT_HOLD.days
    assert timedelta(hours=Policy().claim_lock_wait_hours) == CLAIM_LOCK_RELEASE_WAIT
    # the payout, the claim page and the quote ask the one rule; none counts days itself
    for user in (claims_staff, claims_views, claims_submit):
        assert user.payout_hold is risk.payout_hold
        assert "timedelta(days=" not in inspect.getsource(user)
    assert "money_holds(" in inspect.getsource(risk.payout_hold)
    # the step 10 notice reads the policy's waits too
    assert web_pengkinian_confirm.hold_of is field_policy.hold_of  # type: ignore[attr-defined]  # own import
    for page in (*web_pengkinian.PARTS, web_pengkinian_wizard):  # every part of the pages
        assert "timedelta(days=" not in inspect.getsource(page)
    # the officers correct exactly what the policy gives them; the report lists those
    assert officer_fields() == CORRECTABLE
    assert set(field_policy.REPORTED_FIELDS.choices) == set(field_policy.REPORTABLE)
    # the one-time code of step 7 goes to the fields whose second factor the policy says
    assert field_policy.code_checked_fields() == ("phone", "email")
    # own import, not a public name
    assert contact_check.code_checked_fields is field_policy.code_checked_fields  # type: ignore[attr-defined]
    assert '("phone", "email")' not in inspect.getsource(contact_check.contact_targets)
    # what blocks a data update is told by one use case, to the pages and the API
    # own imports, not public names
    assert web_pengkinian_wizard.ways_forward_of is api_pengkinian.ways_forward_of  # type: ignore[attr-defined]
