"""Pengkinian use cases on the real database: resuming, conflicts, concurrency, the
identity report, and what is stored."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import Engine, func, select, text

from jmo.domain.accounts import Actor
from jmo.domain.biometric import Decision
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.errors import Conflict, PermissionDenied, TooManyAttempts, ValidationFailed
from jmo.domain.pengkinian.steps import Step
from jmo.domain.pengkinian.verification import MAX_CODES_PER_DRAFT, MAX_CODES_PER_HOUR
from jmo.domain.time import FixedClock
from jmo.storage.repositories.biometric_attempts import SqlBiometricAttempts
from jmo.storage.rows import ChangeRequestRow, ParticipantRow
from jmo.usecases.pengkinian.flow import (
    confirm_identity,
    get_pengkinian,
    save_step,
    start_pengkinian,
)
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.pengkinian.selfie import SelfieOutcome, verify_selfie
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.services import Services
from tests.cast import (
    Member,
    actor_of,
    enrol_member,
    persona_member,
    selfie,
    valid_contact,
    valid_population,
    walk_to_confirm,
)


def to_confirm(services: Services, actor: Actor, member: Member) -> None:
    walk_to_confirm(services, member)


def submit(services: Services, actor: Actor, key: str | None = None):  # type: ignore[no-untyped-def]
    return submit_pengkinian(
        services.uow(),
        actor,
        terms_accepted=True,
        terms_version=services.policy.terms_version,
        regions=services.regions,
        notices=services.notices,
        policy=services.policy,
        now=services.clock.now(),
        idempotency_key=key,
    )


def test_leaving_and_coming_back_resumes_at_the_same_step_with_entries(services: Services) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    now = services.clock.now()
    start_pengkinian(services.uow(), actor, now=now)
    confirm_identity(services.uow(), actor, now=now)
    verify_selfie(
        services.uow(), actor, services.faces, selfie("budi"), policy=services.policy, now=now
    )
    typed = valid_contact(member) | {"npwp": "not-a-number"}
    with pytest.raises(ValidationFailed):
        save_step(
            services.uow(),
            actor,
            Step.CONTACT,
            typed,
            regions=services.regions,
            notices=services.notices,
            now=now,
        )

    # another session, an hour later: same step, the valid entries are still there, the
    # invalid one is not (issue 9 item 1: the draft stores only valid values; after the
    # selfie pass has expired, the person is back at step 6 first: the next test)
    view = start_pengkinian(services.uow(), actor, now=now + timedelta(hours=1))
    assert view.step is Step.CONTACT
    assert view.forms["contact"]["npwp"] == ""
    assert view.forms["contact"]["bank_account"] == typed["bank_account"]


def test_an_update_made_elsewhere_meanwhile_is_not_overwritten(
    services: Services, clock: FixedClock
) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)

    # a branch officer changes the record while the participant is on the confirmation page
    uow = services.uow()
    with uow:
        participant = uow.participants.get(member.participant.id)
        assert participant is not None
        participant.apply_profile(replace(participant.profile, religion="KRISTEN"), clock.now())
        uow.participants.save(participant)
        uow.commit()

    with pytest.raises(Conflict) as refused:
        submit(services, actor)
    assert refused.value.code == "pengkinian.data_changed"
    assert get_pengkinian(services.uow(), actor, now=clock.now()).data_is_current is False

    # having seen the current data, confirming again applies on top of it
    result = submit(services, actor)
    changed = {c.field: c for c in result.change_request.changes}
    assert changed["religion"].old == "KRISTEN" and changed["religion"].new == "ISLAM"


def test_two_devices_submitting_at_once_apply_exactly_once(services: Services) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    results: list[object] = []
    barrier = threading.Barrier(2)

    def device() -> None:
        barrier.wait()
        try:
            results.append(submit(services, actor).change_request.id)
        except Conflict as exc:  # allowed: the other device won and this one was told so
            results.append(exc.code)

    threads = [threading.Thread(target=device) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    uow = services.uow()
    with uow:
        requests = uow.change_requests.for_participant(member.participant.id)
        participant = uow.participants.get(member.participant.id)
    assert len(requests) == 1
    assert participant is not None and participant.version == 2
    assert requests[0].id in results
    assert all(r == requests[0].id or r == "pengkinian.concurrent_update" for r in results)


def test_submitting_with_the_same_key_replays_the_first_result(services: Services) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    first = submit(services, actor, key="abc")
    second = submit(services, actor, key="abc")
    assert second.replayed and second.change_request.id == first.change_request.id


def test_the_selfie_pass_expires_and_sends_the_person_back_to_step_6(
    services: Services, clock: FixedClock
) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    clock.advance(timedelta(hours=3))
    with pytest.raises(PermissionDenied) as expired:
        submit(services, actor)
    assert expired.value.code == "pengkinian.biometric_expired"
    view = get_pengkinian(services.uow(), actor, now=clock.now())
    assert view.step is Step.BIOMETRIC
    typed = valid_contact(member)["bank_account"]
    assert view.draft is not None and view.draft.entries["contact"]["bank_account"] == typed
    assert view.forms["contact"]["bank_account"] != typed  # masked until the next pass


def test_gender_that_contradicts_the_nik_is_refused(services: Services) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    with pytest.raises(ValidationFailed) as refused:
        save_step(
            services.uow(),
            actor,
            Step.POPULATION,
            valid_population(gender="P"),
            regions=services.regions,
            notices=services.notices,
            now=services.clock.now(),
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [("gender", "gender.nik_mismatch")]


def test_a_woman_whose_nik_day_is_plus_40_passes(services: Services) -> None:
    siti = persona_member(
        services,
        "siti",
        face="budi",
    )
    assert siti.nik[6:8] == "57"
    actor = walk_to_confirm(services, siti)  # step 8 with gender P, as the NIK says
    view = get_pengkinian(services.uow(), actor, now=services.clock.now())
    assert view.step is Step.CONFIRM


@pytest.mark.parametrize(
    ("employed", "third_document"),
    [
        (True, "company_correction_letter"),
        (False, "resignation_letter"),
    ],
)
def test_identity_correction_needs_documents_that_depend_on_employment(
    services: Services, employed: bool, third_document: str
) -> None:
    member = enrol_member(services, employed=employed)
    actor = actor_of(services, member)
    start_pengkinian(services.uow(), actor, now=services.clock.now())
    request = report_identity_error(
        services.uow(),
        actor,
        fields=["full_name", "nik", "bogus"],
        note="Nama saya Budi Santosa",
        notices=services.notices,
        now=services.clock.now(),
    )
    assert request.status.value == "needs_documents"
    assert request.reported_fields == ("nik", "full_name")
    assert [d.value for d in request.documents_required] == [
        "kartu_keluarga",
        "e_ktp",
        third_document,
    ]
    again = report_identity_error(
        services.uow(),
        actor,
        fields=["birth_date"],
        note="",
        notices=services.notices,
        now=services.clock.now(),
    )
    assert again.id == request.id  # one open request at a time


def test_sensitive_values_are_encrypted_at_rest_and_found_by_blind_index(
    services: Services, db: Engine
) -> None:
    member = enrol_member(services)
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    submit(services, actor)
    with db.connect() as conn:
        dump = " ".join(
            str(value)
            for table in (
                "participants",
                "change_requests",
                "participant_history",
                "pengkinian_drafts",
            )
            for row in conn.execute(text(f"SELECT * FROM {table}"))
            for value in row
        )
    for secret in (
        member.nik,
        "012301001234567",
        "Sri Wahyuni",
        "3578010101100001",
        "013121660091000",
    ):
        assert secret not in dump
    uow = services.uow()
    with uow:
        found = uow.participants.find_by_nik(member.nik)
    assert [p.id for p in found] == [member.participant.id]
    with db.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ParticipantRow)) == 1
        assert conn.scalar(select(ChangeRequestRow.changed_fields)) is not None


def test_codes_per_draft_are_limited_across_targets_and_hours(
    services: Services, clock: FixedClock
) -> None:
    """Issue 8 item 3: waiting out the hourly limit does not allow codes without end."""
    member = enrol_member(services)
    actor = actor_of(services, member)
    now = clock.now()
    start_pengkinian(services.uow(), actor, now=now)
    confirm_identity(services.uow(), actor, now=now)
    verify_selfie(
        services.uow(), actor, services.faces, selfie("budi"), policy=services.policy, now=now
    )
    sent = 0
    refused: list[str] = []
    for n in range(MAX_CODES_PER_DRAFT + 2):
        if n and n % MAX_CODES_PER_HOUR == 0:
            clock.advance(timedelta(hours=1, minutes=1))  # the pass (2 h) still holds
        try:
            save_step(
                services.uow(),
                actor,
                Step.CONTACT,
                valid_contact(member) | {"phone": f"0812-3456-{7000 + n}"},
                regions=services.regions,
                notices=services.notices,
                now=clock.now(),
            )
            sent += 1
        except TooManyAttempts as exc:
            refused.append(exc.code)
    assert sent == MAX_CODES_PER_DRAFT
    assert refused == ["otp.draft_limit"] * 2


def test_after_the_pass_expires_the_values_are_masked_again_and_not_saved_over(
    services: Services, clock: FixedClock
) -> None:
    member = enrol_member(services, profile={"mother_name": "Siti Rahmawati"})
    actor = actor_of(services, member)
    to_confirm(services, actor, member)
    clock.advance(timedelta(hours=3))
    view = get_pengkinian(services.uow(), actor, now=clock.now())
    assert view.step is Step.BIOMETRIC  # sent back to the selfie
    assert "Sri Wahyuni" not in view.forms["population"]["mother_name"]
    assert view.identity.nik != member.nik
    # a form posted with what was shown (masked) is refused, not stored
    with pytest.raises(PermissionDenied) as expired:
        save_step(
            services.uow(),
            actor,
            Step.POPULATION,
            view.forms["population"],
            regions=services.regions,
            notices=services.notices,
            now=clock.now(),
        )
    assert expired.value.code == "pengkinian.biometric_expired"
    verify_selfie(
        services.uow(),
        actor,
        services.faces,
        selfie("budi"),
        policy=services.policy,
        now=clock.now(),
    )
    view = get_pengkinian(services.uow(), actor, now=clock.now())
    assert view.forms["population"]["mother_name"] == "Sri Wahyuni"  # the typed entry, kept
    assert view.identity.nik == member.nik


def test_two_borderline_selfies_at_once_leave_one_review_in_the_queue(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unique index holds the rule when two attempts race past the check."""
    dewi = persona_member(services, "dewi")
    actor = actor_of(services, dewi)
    now = services.clock.now()
    start_pengkinian(services.uow(), actor, now=now)
    confirm_identity(services.uow(), actor, now=now)

    def attempt() -> SelfieOutcome:
        return verify_selfie(
            services.uow(), actor, services.faces, selfie("dewi"), policy=services.policy, now=now
        )

    first = attempt()
    assert first.decision is Decision.REVIEW and not first.review_pending
    # the second attempt checked for a waiting review before the first was committed
    real = SqlBiometricAttempts.open_review_for
    looked: list[object] = []

    def raced(self: SqlBiometricAttempts, participant_id: UUID) -> BiometricAttempt | None:
        looked.append(participant_id)
        return None if len(looked) == 1 else real(self, participant_id)

    monkeypatch.setattr(SqlBiometricAttempts, "open_review_for", raced)
    second = attempt()
    assert len(looked) == 2  # refused by the index once, then recorded beside the first
    assert second.decision is Decision.REVIEW and second.review_pending
    uow = services.uow()
    with uow:
        attempts = uow.biometric_attempts.for_participant(dewi.participant.id, now)
    assert [a.waits_for_officer for a in attempts] == [True, False]
