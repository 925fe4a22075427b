"""The rules behind issue 8 items 2, 3 and 12, as pure functions: which face attempts count,
the one-time-code budget across targets, what is masked before the selfie has passed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from jmo.domain.biometric_attempt import (
    NOT_QUEUED,
    BiometricAttempt,
    FaceAttemptLimits,
    FaceAttemptTally,
)
from jmo.domain.errors import TooManyAttempts
from jmo.domain.pengkinian.disclosure import HIDDEN, MASKED_BEFORE_FACE_PASS, mask_value
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.pengkinian.steps import ORDER, Step
from jmo.domain.pengkinian.verification import (
    CODES_WINDOW,
    MAX_CODES_PER_DRAFT,
    MAX_CODES_PER_HOUR,
    check_code_budget,
)

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
LIMITS = FaceAttemptLimits(max_compared=3, max_unusable=10, window=timedelta(hours=24))


def attempt(decision: str, review_decision: str | None = None) -> BiometricAttempt:
    return BiometricAttempt(
        id=uuid.uuid4(),
        participant_id=uuid.uuid4(),
        purpose="pengkinian",
        decision=decision,
        created_at=NOW,
        review_decision=review_decision,
    )


@pytest.mark.parametrize("decision", ["pass", "review", "fail"])
def test_every_compared_attempt_counts_whatever_its_result(decision: str) -> None:
    tally = FaceAttemptTally.of([attempt(decision)] * 2)
    assert tally.tries_left(LIMITS) == 1
    assert tally.refusal(LIMITS) is None
    used = tally.plus(decision)
    refused = used.refusal(LIMITS)
    assert isinstance(refused, TooManyAttempts)
    # with a borderline photo waiting for an officer, the person is told that too
    waiting = decision == "review"
    assert refused.code == ("biometric.locked_review_open" if waiting else "biometric.locked")
    assert refused.params == {"hours": 24}


def test_unusable_captures_have_their_own_looser_limit() -> None:
    tally = FaceAttemptTally.of([attempt("retry")] * 9 + [attempt("fail")])
    assert tally.tries_left(LIMITS) == 2
    assert tally.refusal(LIMITS) is None
    refused = tally.plus("error").refusal(LIMITS)
    assert refused is not None and refused.code == "biometric.too_many_retries"


def test_a_waiting_review_changes_what_the_locked_person_is_told() -> None:
    tally = FaceAttemptTally.of(
        [attempt("review"), attempt("review", NOT_QUEUED), attempt("review", NOT_QUEUED)]
    )
    assert tally.review_waiting
    refused = tally.refusal(LIMITS)
    assert refused is not None and refused.code == "biometric.locked_review_open"


def test_the_code_budget_counts_every_target_per_hour_and_per_draft() -> None:
    recent = [NOW - timedelta(minutes=50 - i) for i in range(MAX_CODES_PER_HOUR - 1)]
    check_code_budget(wanted=1, sent_in_draft=0, sent_recently=recent, now=NOW, field="phone")
    with pytest.raises(TooManyAttempts) as hourly:
        check_code_budget(wanted=2, sent_in_draft=0, sent_recently=recent, now=NOW, field="email")
    assert hourly.value.code == "otp.hourly_limit" and hourly.value.field == "email"
    # the oldest send leaves the window in 10 minutes
    assert hourly.value.params["minutes"] == 10
    assert timedelta(hours=1) == CODES_WINDOW
    with pytest.raises(TooManyAttempts) as per_draft:
        check_code_budget(
            wanted=1, sent_in_draft=MAX_CODES_PER_DRAFT, sent_recently=[], now=NOW, field="phone"
        )
    assert per_draft.value.code == "otp.draft_limit"


SAMPLES = {
    "nik": "3578011203850005",
    "kk_number": "3578010101100001",
    "npwp": "013121660091000",
    "passport": "C1234567",
    "bank_account": "012301001234567",
    "mother_name": "Siti Rahmawati",
    "emergency_name": "Rahmat Hidayat",
    "emergency_phone": "0857-1111-2222",
    "phone": "+6281234567890",
    "email": "budi.santoso@test.jmo.id",
}


def test_every_masked_field_hides_most_of_its_value() -> None:
    assert set(SAMPLES) == set(MASKED_BEFORE_FACE_PASS)
    for field, value in SAMPLES.items():
        shown = mask_value(field, value)
        assert shown and shown != value, field
        # of an email, the address's own part (the mail domain stays readable)
        own, seen = (value, shown) if field != "email" else (value[:4], shown[:4])
        hidden = sum(1 for a, b in zip(seen, own, strict=False) if a != b)
        assert hidden >= len(own) // 2 or shown == HIDDEN, (field, shown)
    # a bank's security question: nothing of it, not even its length
    assert mask_value("mother_name", "Sri") == mask_value("mother_name", "Siti Rahmawati")
    assert mask_value("mother_name", "") == ""
    assert mask_value("full_name", "Budi Santoso") == "Budi Santoso"  # not on the list


def test_the_values_show_only_while_the_selfie_pass_of_the_open_draft_holds() -> None:
    draft = PengkinianDraft(uuid.uuid4(), uuid.uuid4(), base_version=1)
    assert not draft.shows_sensitive_values(NOW)
    draft.confirm_identity(NOW)
    assert not draft.shows_sensitive_values(NOW)
    draft.record_biometric_pass(uuid.uuid4(), NOW)
    draft.mark_done(Step.CONTACT, NOW)
    assert draft.shows_sensitive_values(NOW + timedelta(hours=1))
    assert draft.resume_step(NOW + timedelta(hours=1)) is Step.POPULATION
    later = NOW + timedelta(hours=3)
    assert not draft.shows_sensitive_values(later)
    assert draft.resume_step(later) is Step.BIOMETRIC


def test_steps_compare_by_their_order_not_by_their_names() -> None:
    for i, a in enumerate(ORDER):
        for j, b in enumerate(ORDER):
            assert (a < b, a <= b, a > b, a >= b) == (i < j, i <= j, i > j, i >= j), (a, b)
