"""The per-field change policy through the use cases (issue 12): a field the app may not
change is refused in the wizard and routed to an officer, whose correction changes it (and
only as often as the policy allows); a new phone or email holds a payout as a new bank
account does, each for the policy's wait."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

import pytest

from jmo.domain.accounts import Role
from jmo.domain.backoffice.queue import WorkKind
from jmo.domain.claims.model import ClaimProgram, ClaimStatus
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.domain.pengkinian.change_request import DocumentType
from jmo.domain.pengkinian.policy import CONTACT_HOLD
from jmo.domain.pengkinian.steps import Step
from jmo.domain.time import FixedClock
from jmo.usecases.backoffice.corrections import approve_correction, prepare_correction
from jmo.usecases.backoffice.queue import work_queue
from jmo.usecases.claims.staff import approve_claim, pay_claim, verify_claim
from jmo.usecases.claims.views import get_claim_page
from jmo.usecases.pengkinian.flow import get_pengkinian, save_step
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.services import Services
from tests.backoffice.helpers import OWN, add_document
from tests.cast import Member, actor_of, enrol_member, valid_population, walk_to_confirm
from tests.jht_cast import complete_update, create_officer, enrol_worker, job
from tests.staff import staff_member
from tests.usecases.test_claims_usecases import ZERO, seen_at_branch, submit


def _correct(services: Services, member: Member, field: str, value: str) -> UUID:
    """The participant asks, uploads the KK; an officer prepares, a supervisor approves."""
    request = report_identity_error(
        services.uow(),
        actor_of(services, member),
        fields=[field],
        note="",
        notices=services.notices,
        now=services.clock.now(),
    )
    add_document(services, member, str(request.id))
    officer = staff_member(
        services, f"officer.{request.reference}@kantor.jmo.id", Role.OFFICER, OWN
    )
    prepare_correction(
        services.uow(),
        officer,
        request.id,
        values={field: value},
        regions=services.regions,
        now=services.clock.now(),
    )
    supervisor = staff_member(
        services, f"supervisor.{request.reference}@kantor.jmo.id", Role.SUPERVISOR, OWN
    )
    approve_correction(
        services.uow(), supervisor, request.id, notices=services.notices, now=services.clock.now()
    )
    return request.id


def test_a_citizenship_change_in_the_app_is_refused_beside_the_field_and_not_kept(
    services: Services,
) -> None:
    member = enrol_member(services)
    actor = walk_to_confirm(services, member)
    # the mother's name is the app's to change (after the selfie); citizenship is not
    save_step(
        services.uow(),
        actor,
        Step.POPULATION,
        valid_population() | {"mother_name": "Siti Aminah"},
        regions=services.regions,
        notices=services.notices,
        now=services.clock.now(),
    )
    with pytest.raises(ValidationFailed) as refused:
        save_step(
            services.uow(),
            actor,
            Step.POPULATION,
            valid_population() | {"citizenship": "WNA"},
            regions=services.regions,
            notices=services.notices,
            now=services.clock.now(),
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("citizenship", "policy.forbidden_channel")
    ]
    view = get_pengkinian(services.uow(), actor, now=services.clock.now())
    assert view.forms["population"]["citizenship"] == "WNI"  # the refused value is not kept
    assert view.locked_fields == ("gender", "citizenship")


def test_asking_an_officer_puts_the_field_in_the_queue_and_the_approval_changes_it(
    services: Services,
) -> None:
    member = enrol_member(services)
    request = report_identity_error(
        services.uow(),
        actor_of(services, member),
        fields=["citizenship"],
        note="Saya sudah menjadi WNA",
        notices=services.notices,
        now=services.clock.now(),
    )
    assert request.reported_fields == ("citizenship",)
    assert request.documents_required == (DocumentType.KARTU_KELUARGA, DocumentType.E_KTP)
    officer = staff_member(services, "officer.queue@kantor.jmo.id", Role.OFFICER, OWN)
    queue = work_queue(
        services.uow(), officer, kind=WorkKind.IDENTITY_CORRECTION, now=services.clock.now()
    )
    assert [i.reference for i in queue if i.participant_id == member.participant.id] == [
        request.reference
    ]
    # a second field asked later joins the same open request
    again = report_identity_error(
        services.uow(),
        actor_of(services, member),
        fields=["gender"],
        note="",
        notices=services.notices,
        now=services.clock.now(),
    )
    assert again.id == request.id and again.reported_fields == ("gender", "citizenship")
    add_document(services, member, str(request.id))
    prepare_correction(
        services.uow(),
        officer,
        request.id,
        values={"citizenship": "WNA"},
        regions=services.regions,
        now=services.clock.now(),
    )
    supervisor = staff_member(services, "supervisor.queue@kantor.jmo.id", Role.SUPERVISOR, OWN)
    approve_correction(
        services.uow(), supervisor, request.id, notices=services.notices, now=services.clock.now()
    )
    uow = services.uow()
    with uow:
        participant = uow.participants.get(member.participant.id)
    assert participant is not None and participant.profile.citizenship == "WNA"


def test_a_birth_date_is_corrected_once_then_only_at_the_branch(services: Services) -> None:
    member = enrol_member(services)
    _correct(services, member, "birth_date", "1985-03-14")
    second = report_identity_error(
        services.uow(),
        actor_of(services, member),
        fields=["birth_date"],
        note="",
        notices=services.notices,
        now=services.clock.now(),
    )
    add_document(services, member, str(second.id))
    officer = staff_member(services, "officer.limit@kantor.jmo.id", Role.OFFICER, OWN)
    with pytest.raises(ValidationFailed) as refused:
        prepare_correction(
            services.uow(),
            officer,
            second.id,
            values={"birth_date": "1985-03-15"},
            regions=services.regions,
            now=services.clock.now(),
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("birth_date", "policy.change_limit")
    ]


def test_a_new_phone_holds_the_payout_and_the_claim_page_says_so(
    services: Services, clock: FixedClock
) -> None:
    svc = replace(services, benefits=replace(services.benefits, yields=ZERO))
    member = enrol_worker(svc, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),))
    profile = member.participant.profile
    assert profile.bank_code and profile.bank_account and profile.bank_account_holder
    actor = complete_update(  # a new phone; the same bank account
        svc,
        member,
        bank_code=profile.bank_code,
        bank_account=profile.bank_account,
        bank_account_holder=profile.bank_account_holder,
    )
    page = get_claim_page(
        svc.uow(), actor, ClaimProgram.JHT, benefits=svc.benefits, now=clock.now()
    )
    assert page.payout_hold_reason == "contact"
    assert page.payout_hold_until == clock.now() + CONTACT_HOLD
    assert (page.bank_hold_days, page.contact_hold_days) == (7, CONTACT_HOLD.days)
    officer = create_officer(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    seen_at_branch(svc, officer, claim)
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=clock.now())
    # above the four-eyes amount: another officer approves (JMO_CLAIM_FOUR_EYES_ABOVE)
    second = create_officer(svc, email="petugas.kedua@test.jmo.id")
    approve_claim(
        svc.uow(), second, claim.id, benefits=svc.benefits, notices=svc.notices, now=clock.now()
    )
    with pytest.raises(Conflict) as held:
        pay_claim(
            svc.uow(),
            officer,
            claim.id,
            benefits=svc.benefits,
            notices=svc.notices,
            now=clock.now(),
        )
    assert held.value.code == "claim.contact_cooling_off"
    clock.advance(CONTACT_HOLD + timedelta(minutes=1))
    paid = pay_claim(
        svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=clock.now()
    )
    assert paid.status is ClaimStatus.PAID
