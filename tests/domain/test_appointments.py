"""The appointment rules (pure): slots at the office's clock, bookable days, the booking
code, cancelling and moving before the start, marks not before the day, and one word for
every code the domain defines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from jmo.domain.backoffice import appointments as rules
from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose
from jmo.domain.backoffice.branches import get_branch
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.i18n.appointments import BRING, PURPOSES, STATUSES

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Wednesday, 10.00 WIB


def _branch(code: str):  # type: ignore[no-untyped-def]
    branch = get_branch(code)
    assert branch is not None
    return branch


def test_a_slot_is_the_wall_clock_of_the_office() -> None:
    day = date(2026, 11, 26)
    # 08.00 in Surabaya (WIB, UTC+7), Denpasar (WITA, +8), Makassar (WITA), head office (WIB)
    assert rules.slot_start(_branch("SBY01"), day, rules.SLOT_TIMES[0]) == datetime(
        2026, 11, 26, 1, 0, tzinfo=UTC
    )
    assert rules.slot_start(_branch("DPS01"), day, rules.SLOT_TIMES[0]) == datetime(
        2026, 11, 26, 0, 0, tzinfo=UTC
    )
    # Balikpapan serves West Kalimantan (WIB) too, but the office is in East Kalimantan (WITA)
    assert rules.slot_start(_branch("BPN01"), day, rules.SLOT_TIMES[0]).hour == 0


def test_bookable_days_are_working_days_from_tomorrow() -> None:
    days = rules.bookable_days(_branch("SBY01"), NOW)
    assert days[0] == date(2026, 11, 26)  # tomorrow, not today
    assert all(d.weekday() < 5 for d in days)
    assert date(2026, 11, 28) not in days  # a Saturday
    assert days[-1] <= date(2026, 11, 25) + timedelta(days=rules.BOOK_AHEAD_DAYS)


def test_only_a_slot_of_a_bookable_day_parses() -> None:
    sby = _branch("SBY01")
    assert rules.parse_slot(sby, "2026-11-26T01:00:00+00:00", NOW) == datetime(
        2026, 11, 26, 1, tzinfo=UTC
    )
    for wrong in (
        "2026-11-26T01:30:00+00:00",  # not a slot start
        "2026-11-25T07:00:00+00:00",  # today
        "2026-11-28T01:00:00+00:00",  # Saturday
        "2026-11-26T01:00:00",  # no zone
        "tomorrow",
        "",
    ):
        with pytest.raises(ValidationFailed):
            rules.parse_slot(sby, wrong, NOW)


def test_capacity_and_booking_code() -> None:
    rules.require_free(3, 4)
    with pytest.raises(Conflict) as full:
        rules.require_free(4, 4)
    assert full.value.code == "appointment.slot_full"
    code = rules.booking_code([0, 1, 2, 3, 4, 31])
    assert code == "JT-ABCDE9" and len(code) == len(rules.CODE_PREFIX) + rules.CODE_LENGTH
    assert not set("01IO") & set(rules.CODE_ALPHABET)


def test_a_claim_booking_needs_its_number() -> None:
    with pytest.raises(ValidationFailed) as missing:
        rules.clean_reference("", Purpose.CLAIM)
    assert missing.value.errors[0].code == "appointment.reference_required"
    assert rules.clean_reference(" jht-20261125-abc123 ", Purpose.CLAIM) == "JHT-20261125-ABC123"
    assert rules.clean_reference("", Purpose.REFERENCE_PHOTO) == ""
    with pytest.raises(ValidationFailed):
        rules.clean_reference("<script>", Purpose.IDENTITY_CORRECTION)


def _booked(starts_at: datetime) -> Appointment:
    return Appointment(
        id=uuid4(),
        code="JT-ABCDEF",
        participant_id=uuid4(),
        purpose=Purpose.CLAIM,
        reference="JHT-20261125-ABC123",
        subject_id=uuid4(),
        branch_code="SBY01",
        starts_at=starts_at,
        status=AppointmentStatus.BOOKED,
        created_at=NOW,
        updated_at=NOW,
    )


def test_cancel_and_reschedule_only_before_the_start() -> None:
    tomorrow = datetime(2026, 11, 26, 1, tzinfo=UTC)
    booked = _booked(tomorrow)
    who = uuid4()
    assert rules.cancel(booked, by=who, now=NOW).status is AppointmentStatus.CANCELLED
    moved = rules.reschedule(
        booked, branch_code="SBY01", starts_at=tomorrow + timedelta(hours=1), by=who, now=NOW
    )
    assert (moved.reschedules, moved.code) == (1, booked.code)
    with pytest.raises(ValidationFailed):
        rules.reschedule(booked, branch_code="SBY01", starts_at=tomorrow, by=who, now=NOW)
    with pytest.raises(Conflict) as late:
        rules.cancel(booked, by=who, now=tomorrow + timedelta(minutes=5))
    assert late.value.code == "appointment.already_started"
    done = replace(booked, status=AppointmentStatus.DONE)
    with pytest.raises(Conflict):
        rules.cancel(done, by=who, now=NOW)


def test_marks_follow_the_states_and_wait_for_the_day() -> None:
    tomorrow = datetime(2026, 11, 26, 1, tzinfo=UTC)
    booked = _booked(tomorrow)
    officer = uuid4()
    with pytest.raises(Conflict) as early:
        rules.mark(booked, AppointmentStatus.DONE, by=officer, now=NOW)
    assert early.value.code == "appointment.not_today"
    on_the_day = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # 06.30 WIB on the 26th
    arrived = rules.mark(booked, AppointmentStatus.ARRIVED, by=officer, now=on_the_day)
    done = rules.mark(arrived, AppointmentStatus.DONE, by=officer, now=on_the_day)
    assert done.status is AppointmentStatus.DONE and done.status_by == officer
    with pytest.raises(Conflict):
        rules.mark(done, AppointmentStatus.NO_SHOW, by=officer, now=on_the_day)
    with pytest.raises(ValidationFailed):
        rules.parse_mark("cancelled")  # the participant's, not a mark


def test_every_code_has_its_words_and_every_purpose_what_to_bring() -> None:
    assert set(PURPOSES) == {p.value for p in Purpose}
    assert set(rules.WHAT_TO_BRING) == set(Purpose)
    assert {item for items in rules.WHAT_TO_BRING.values() for item in items} == set(BRING)
    assert set(STATUSES) == {s.value for s in AppointmentStatus}
    assert all("booking_code" in items for items in rules.WHAT_TO_BRING.values())
