"""Claims on the real database: the quote, submitting once, heirs, each staff move and the
illegal ones, payment out of the ledger, notices, audit, and who may see what."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from jmo.domain.accounts import Actor
from jmo.domain.claims.model import (
    Claim,
    ClaimProgram,
    ClaimReason,
    ClaimStatus,
    PaymentMode,
    RejectionReason,
    Route,
)
from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.jht.tables import Program
from jmo.domain.jht.yields import YieldRate, YieldStatus, YieldTable
from jmo.domain.reference import Gender
from jmo.domain.time import FixedClock
from jmo.storage.rows import AuditRow, OutboxRow
from jmo.storage.rows_jht import ClaimDocumentRow, LedgerEntryRow
from jmo.usecases.claims.branch import record_branch_step
from jmo.usecases.claims.staff import (
    approve_claim,
    list_claims,
    pay_claim,
    read_claim_document,
    record_npwp_validation,
    reject_claim,
    verify_claim,
)
from jmo.usecases.claims.submit import Upload, quote_claim, submit_claim
from jmo.usecases.claims.views import get_my_claim, my_claims
from jmo.usecases.jht.balance import get_jht_balance
from jmo.usecases.services import Services
from tests.cast import actor_of, enrol_member
from tests.jht_cast import (
    complete_update,
    create_officer,
    enrol_worker,
    job,
    uploads_for,
    with_limit,
)
from tests.services.helpers import jpeg, pdf
from tests.services.test_attachments import exif_with_gps

ZERO = YieldTable(
    YieldRate(program, year, 0, YieldStatus.ASSUMED, "test")
    for program in Program
    for year in range(1990, 2031)
)


@pytest.fixture
def svc(services: Services) -> Services:
    """No yield: balances are exactly the contributions, so the worked numbers are short."""
    # The payout hold after a bank change has its own test below; here the member's update
    # changes the bank account, and the claim rules are what is tested.
    # Four eyes on claims likewise (tests/backoffice/test_appointments.py): one officer
    # moves each claim here.
    return replace(
        services,
        benefits=replace(
            services.benefits,
            yields=ZERO,
            bank_cooling_off_days=0,
            contact_cooling_off_days=0,
            claim_four_eyes_above=10**12,
        ),
    )


def quote(svc: Services, actor: Actor, program: ClaimProgram, **raw: str):  # type: ignore[no-untyped-def]
    return quote_claim(svc.uow(), actor, program, raw, benefits=svc.benefits, now=svc.clock.now())


def submit(
    svc: Services,
    actor: Actor,
    program: ClaimProgram,
    uploads: dict[str, Upload] | None = None,
    /,  # so that the form fields in **raw cannot be taken for the uploads
    key: str | None = None,
    **raw: str,
) -> Claim:
    reason = ClaimReason(raw["reason"])
    return submit_claim(
        svc.uow(),
        actor,
        program,
        raw,
        uploads if uploads is not None else uploads_for(reason),
        benefits=svc.benefits,
        notices=svc.notices,
        inspector=svc.attachments,
        policy=svc.policy,
        now=svc.clock.now(),
        idempotency_key=key,
    )


def seen_at_branch(svc: Services, officer: Actor, claim: Claim) -> None:
    """The branch step a claim above the self-service limit needs before payment."""
    record_branch_step(svc.uow(), officer, claim.id, step="documents_seen", now=svc.clock.now())


def rows(db: Engine, model: Any, *where: Any) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def resigned(svc: Services, **contact: str) -> tuple[Any, Actor]:
    """Rp10,000,000 a month from January 2010 to December 2019: 120 months of 570,000."""
    member = enrol_worker(svc, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),))
    return member, complete_update(svc, member, **contact)


# --- JHT: quote, tax, route --------------------------------------------------------------


def test_jht_quote_shows_gross_tax_with_and_without_npwp_and_net(svc: Services) -> None:
    _, actor = resigned(svc)
    q = quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    b = q.assessment.benefit
    # 68,400,000: 18,400,000 above Rp50M; 5% = 920,000; without NPWP 120% = 1,104,000
    assert (b.gross, b.tax_with_npwp, b.tax_without_npwp) == (68_400_000, 920_000, 1_104_000)
    assert (b.tax, b.net, q.npwp_status.value) == (920_000, 67_480_000, "legacy15")
    assert q.eligible and q.bank is not None and q.bank.bank_code == "002"
    assert (q.assessment.route, q.assessment.route_reason) == (
        Route.BRANCH,
        "claim.route.above_limit",
    )
    assert (
        quote(
            with_limit(svc, 100_000_000), actor, ClaimProgram.JHT, reason="jht.resignation"
        ).assessment.route
        is Route.APP
    )


def test_without_npwp_the_tax_is_120_percent(svc: Services) -> None:
    _, actor = resigned(svc, npwp="")
    b = quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation").assessment.benefit
    assert (b.tax, b.net) == (1_104_000, 67_296_000)


def test_a_nik_npwp_counts_once_an_officer_marks_it_valid(svc: Services) -> None:
    member = enrol_worker(svc, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),))
    actor = complete_update(svc, member, npwp=member.nik)
    assert (
        quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation").assessment.benefit.tax
        == 1_104_000
    )
    officer = create_officer(svc)
    record_npwp_validation(
        svc.uow(), officer, kpj=member.kpj, nik_valid=True, source="DJP", now=svc.clock.now()
    )
    q = quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert (q.npwp_status.value, q.assessment.benefit.tax) == ("nik_valid", 920_000)
    with pytest.raises(PermissionDenied):
        record_npwp_validation(
            svc.uow(), actor, kpj=member.kpj, nik_valid=True, source="me", now=svc.clock.now()
        )


def test_ineligible_reasons_are_explained(svc: Services) -> None:
    _, actor = resigned(svc)
    q = quote(svc, actor, ClaimProgram.JHT, reason="jht.retirement")
    assert [p.code for p in q.problems] == ["claim.jht.below_retirement_age"]
    with pytest.raises(ValidationFailed) as refused:
        submit(svc, actor, ClaimProgram.JHT, reason="jht.retirement")
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("reason", "claim.jht.below_retirement_age")
    ]


def test_claims_need_current_data_and_a_verified_bank_account(
    svc: Services, clock: FixedClock
) -> None:
    member = enrol_member(svc)
    with pytest.raises(PermissionDenied) as locked:
        quote(svc, actor_of(svc, member), ClaimProgram.JHT, reason="jht.resignation")
    assert locked.value.code == "service.locked"

    member, actor = resigned(svc)
    # the bank account is changed afterwards by another channel (a branch officer)
    uow = svc.uow()
    with uow:
        participant = uow.participants.get(member.participant.id)
        assert participant is not None
        participant.apply_profile(
            replace(participant.profile, bank_account="9876543210"), clock.now()
        )
        uow.participants.save(participant)
        uow.commit()
    q = quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert q.bank is None and "claim.bank_not_verified" in [p.code for p in q.problems]
    with pytest.raises(PermissionDenied) as refused:
        submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert refused.value.code == "claim.bank_not_verified"


# --- submitting --------------------------------------------------------------------------


def test_submit_once_with_documents_audit_and_notices(svc: Services, db: Engine) -> None:
    _, actor = resigned(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, key="k1", reason="jht.resignation")
    assert claim.number.startswith("JHT-20261125-")
    assert (claim.status, claim.route, claim.benefit.net) == (
        ClaimStatus.SUBMITTED,
        Route.BRANCH,
        67_480_000,
    )
    assert [e.status for e in claim.events] == [ClaimStatus.SUBMITTED]
    assert sorted(d.document_type for d in claim.documents) == [
        "e_ktp",
        "kartu_keluarga",
        "resignation_letter",
    ]
    assert claim.details["route"] == {"limit": 15_000_000}
    # the same key again: the same claim, nothing new
    assert submit(svc, actor, ClaimProgram.JHT, key="k1", reason="jht.resignation").id == claim.id
    # another submit while it is open: refused with the open claim's number
    with pytest.raises(Conflict) as open_claim:
        submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert (open_claim.value.code, open_claim.value.params) == (
        "claim.already_open",
        {"number": claim.number},
    )
    assert rows(db, ClaimDocumentRow) == 3
    assert rows(db, AuditRow, AuditRow.action == "claim.submitted") == 1
    assert rows(db, OutboxRow, OutboxRow.kind == "claim.submitted") == 2  # email and SMS
    with db.connect() as conn:
        stored = conn.scalar(select(ClaimDocumentRow.content_enc).limit(1))
    assert stored is not None and b"%PDF" not in stored  # documents are encrypted at rest


def test_missing_or_wrong_documents_are_named(svc: Services) -> None:
    _, actor = resigned(svc)
    uploads = uploads_for(ClaimReason.JHT_RESIGNATION)
    uploads["e_ktp"] = Upload("ktp.exe", b"MZ\x90\x00")
    del uploads["resignation_letter"]
    with pytest.raises(ValidationFailed) as refused:
        submit(svc, actor, ClaimProgram.JHT, uploads, reason="jht.resignation")
    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("e_ktp", "attachment.type"),
        ("resignation_letter", "claim.document_missing"),
    }


# --- staff moves -------------------------------------------------------------------------


def test_each_step_of_the_timeline_is_audited_and_notified(svc: Services, db: Engine) -> None:
    member, actor = resigned(svc)
    officer = create_officer(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    now = svc.clock.now()
    assert [c.id for c in list_claims(svc.uow(), officer, status=ClaimStatus.SUBMITTED)] == [
        claim.id
    ]
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=now)
    approve_claim(
        svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now, note="ok"
    )
    seen_at_branch(svc, officer, claim)
    paid = pay_claim(
        svc.uow(),
        officer,
        claim.id,
        benefits=svc.benefits,
        notices=svc.notices,
        now=now,
        payment_reference="TRF-001",
    )
    assert [e.status for e in paid.events] == [
        ClaimStatus.SUBMITTED,
        ClaimStatus.VERIFIED,
        ClaimStatus.APPROVED,
        ClaimStatus.PAID,
    ]
    assert paid.events[-1].payment_reference == "TRF-001"
    assert (paid.events[-1].gross, paid.events[-1].tax) == (68_400_000, 920_000)
    for action in ("claim.verified", "claim.approved", "claim.paid"):
        assert rows(db, AuditRow, AuditRow.action == action) == 1
        assert rows(db, OutboxRow, OutboxRow.kind == action) == 2
    # paid out of the ledger: nothing left
    assert get_jht_balance(svc.uow(), actor, benefits=svc.benefits, now=now).total == 0
    assert get_my_claim(svc.uow(), actor, claim.id).status is ClaimStatus.PAID
    # a paid claim is closed: the participant may file a new one (there is nothing to pay)
    assert [
        p.code for p in quote(svc, actor, ClaimProgram.JHT, reason="jht.resignation").problems
    ] == ["claim.no_balance"]
    del member


@pytest.mark.parametrize(
    ("moves", "illegal"),
    [
        ([], "approve"),  # not verified yet
        ([], "pay"),
        (["verify"], "verify"),  # twice
        (["verify"], "pay"),  # not approved
        (["verify", "approve"], "reject"),  # approved claims are paid, not rejected
        (["verify", "approve"], "approve"),
        (["reject"], "verify"),  # rejected is final
        (["verify", "approve", "pay"], "reject"),  # paid is final
        (["verify", "approve", "pay"], "pay"),
    ],
)
def test_illegal_transitions_are_refused(svc: Services, moves: list[str], illegal: str) -> None:
    _, actor = resigned(svc)
    officer = create_officer(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    seen_at_branch(svc, officer, claim)  # routed to a branch: payable once the rest allows
    now = svc.clock.now()

    def do(step: str) -> Claim:
        if step == "verify":
            return verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=now)
        if step == "approve":
            return approve_claim(
                svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now
            )
        if step == "reject":
            return reject_claim(
                svc.uow(),
                officer,
                claim.id,
                reason=RejectionReason.OTHER,
                notices=svc.notices,
                now=now,
            )
        return pay_claim(
            svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now
        )

    for step in moves:
        do(step)
    before = get_my_claim(svc.uow(), actor, claim.id)
    with pytest.raises(Conflict) as refused:
        do(illegal)
    assert refused.value.code == "claim.transition_not_allowed"
    assert get_my_claim(svc.uow(), actor, claim.id).events == before.events


def test_rejection_needs_a_reason_and_allows_filing_again(svc: Services, db: Engine) -> None:
    _, actor = resigned(svc)
    officer = create_officer(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    rejected = reject_claim(
        svc.uow(),
        officer,
        claim.id,
        reason=RejectionReason.DOCUMENTS_INVALID,
        note="Foto KK buram",
        notices=svc.notices,
        now=svc.clock.now(),
    )
    assert (rejected.status, rejected.events[-1].reason, rejected.events[-1].note) == (
        ClaimStatus.REJECTED,
        "documents_invalid",
        "Foto KK buram",
    )
    assert rows(db, OutboxRow, OutboxRow.kind == "claim.rejected.documents_invalid") == 2
    again = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert again.id != claim.id and again.status is ClaimStatus.SUBMITTED


def test_only_staff_move_claims_and_read_documents(svc: Services) -> None:
    _, actor = resigned(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    with pytest.raises(PermissionDenied) as denied:
        verify_claim(svc.uow(), actor, claim.id, notices=svc.notices, now=svc.clock.now())
    assert denied.value.code == "auth.staff_only"
    with pytest.raises(PermissionDenied):
        list_claims(svc.uow(), actor)
    officer = create_officer(svc)
    document = claim.documents[0]
    file = read_claim_document(svc.uow(), officer, claim.id, document.id, now=svc.clock.now())
    assert file.data.startswith(b"%PDF") and file.content_type == "application/pdf"
    with pytest.raises(PermissionDenied):
        read_claim_document(svc.uow(), actor, claim.id, document.id, now=svc.clock.now())


def test_one_participant_never_sees_anothers_claims(svc: Services) -> None:
    _, actor = resigned(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    other = enrol_worker(svc, employments=(job(date(2015, 1, 1)),))
    other_actor = complete_update(svc, other)
    with pytest.raises(NotFound) as not_yours:
        get_my_claim(svc.uow(), other_actor, claim.id)
    with pytest.raises(NotFound) as missing:
        get_my_claim(svc.uow(), other_actor, claim.id.__class__(int=1))
    assert not_yours.value.code == missing.value.code == "claim.not_found"
    assert my_claims(svc.uow(), other_actor) == []


# --- partial withdrawal ------------------------------------------------------------------


def test_partial_withdrawal_of_10_percent_is_paid_once(svc: Services) -> None:
    member = enrol_member(svc)  # Rp6,000,000 since January 2015, still working
    actor = complete_update(svc, member)
    officer = create_officer(svc)
    q = quote(svc, actor, ClaimProgram.JHT, reason="jht.partial_other")
    # 142 months of 342,000 = 48,564,000; 10% = 4,856,400; below Rp50M: no tax
    assert (q.assessment.benefit.gross, q.assessment.benefit.tax) == (4_856_400, 0)
    assert q.assessment.route is Route.APP
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.partial_other")
    now = svc.clock.now()
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=now)
    approve_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    pay_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    view = get_jht_balance(svc.uow(), actor, benefits=svc.benefits, now=now)
    assert view.total == 48_564_000 - 4_856_400 == 43_707_600
    assert view.withdrawals == -4_856_400
    again = quote(svc, actor, ClaimProgram.JHT, reason="jht.partial_housing")
    assert [p.code for p in again.problems] == ["claim.jht.partial_taken"]


# --- heirs: JKM, JHT death ---------------------------------------------------------------


def test_jkm_is_claimed_by_an_heir_for_42_million(svc: Services, db: Engine) -> None:
    deceased = enrol_worker(
        svc,
        employments=(job(date(2018, 1, 1)),),
        account=False,
        full_name="Joko Susanto",
        gender=Gender.MALE,
    )
    heir = enrol_worker(svc, employments=(job(date(2019, 1, 1), npp="30000003"),))
    actor = complete_update(svc, heir)
    raw = {
        "reason": "jkm.death",
        "deceased_kpj": deceased.kpj,
        "deceased_nik": deceased.nik,
        "event_date": "2026-10-01",
        "heir_relationship": "spouse",
    }
    q = quote(svc, actor, ClaimProgram.JKM, **raw)
    assert q.eligible and q.member_name == "Joko Susanto" and q.amounts_visible
    assert (q.assessment.benefit.gross, q.assessment.benefit.tax, q.assessment.route) == (
        42_000_000,
        0,
        Route.APP,
    )
    claim = submit(svc, actor, ClaimProgram.JKM, **raw)
    assert claim.member_participant_id == deceased.participant.id
    assert claim.claimant_participant_id == heir.participant.id and claim.filed_by_heir
    assert sorted(d.document_type for d in claim.documents) == [
        "death_certificate",
        "e_ktp",
        "heir_certificate",
        "kartu_keluarga",
    ]
    # a second heir cannot file the same JKM while it is open
    other_heir = enrol_worker(svc, employments=(job(date(2019, 1, 1)),))
    other_actor = complete_update(svc, other_heir)
    with pytest.raises(Conflict):
        submit(svc, other_actor, ClaimProgram.JKM, **raw)
    # a NIK that does not match the KPJ gives the same answer as an unknown KPJ
    with pytest.raises(ValidationFailed) as wrong:
        quote(svc, actor, ClaimProgram.JKM, **(raw | {"deceased_nik": "3578010101900001"}))
    with pytest.raises(ValidationFailed) as unknown:
        quote(svc, actor, ClaimProgram.JKM, **(raw | {"deceased_kpj": "49999999999"}))
    assert (
        [e.code for e in wrong.value.errors]
        == [e.code for e in unknown.value.errors]
        == [
            "claim.member_not_found",
            "claim.member_not_found",
        ]
    )


def test_an_heirs_jht_claim_hides_the_amount_until_verified(svc: Services) -> None:
    deceased = enrol_worker(
        svc, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),), account=False
    )
    heir = enrol_worker(svc, employments=(job(date(2019, 1, 1)),))
    actor = complete_update(svc, heir)
    officer = create_officer(svc)
    raw = {
        "reason": "jht.death",
        "deceased_kpj": deceased.kpj,
        "deceased_nik": deceased.nik,
        "event_date": "2026-10-01",
        "heir_relationship": "child",
    }
    q = quote(svc, actor, ClaimProgram.JHT, **raw)
    assert not q.amounts_visible and q.assessment.benefit.gross == 68_400_000
    claim = submit(svc, actor, ClaimProgram.JHT, **raw)
    assert not get_my_claim(svc.uow(), actor, claim.id).amounts_visible_to_claimant
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=svc.clock.now())
    assert get_my_claim(svc.uow(), actor, claim.id).amounts_visible_to_claimant
    with pytest.raises(ValidationFailed) as self_claim:
        quote(
            svc,
            actor,
            ClaimProgram.JHT,
            **(raw | {"deceased_kpj": heir.kpj, "deceased_nik": heir.nik}),
        )
    assert self_claim.value.errors[0].code == "claim.heir_is_member"


# --- JKK and JP --------------------------------------------------------------------------


def test_jkk_wage_replacement_from_the_wage_of_that_employment(svc: Services) -> None:
    member = enrol_worker(svc, employments=(job(date(2020, 1, 1), wage=7_500_000),))
    actor = complete_update(svc, member)
    raw = {"reason": "jkk.temporary_disability", "event_date": "2026-08-03", "days_off": "45"}
    q = quote(svc, actor, ClaimProgram.JKK, **raw)
    # 7,500,000 / 30 = 250,000 a day x 45
    assert [(line.code, line.amount) for line in q.assessment.benefit.lines] == [
        ("jkk.wage_replacement", 11_250_000)
    ]
    claim = submit(svc, actor, ClaimProgram.JKK, **raw)
    assert claim.details == {"days_off": 45} and claim.event_date == date(2026, 8, 3)


def test_jp_lump_sum_under_15_years(svc: Services) -> None:
    # born 5 May 1966: JP age (58) reached on 5 May 2024; JP contributions July 2015 - May 2024
    member = enrol_worker(svc, employments=(job(date(2010, 1, 1)),), birth_date=date(1966, 5, 5))
    actor = complete_update(svc, member)
    q = quote(svc, actor, ClaimProgram.JP, reason="jp.old_age")
    b = q.assessment.benefit
    assert b.payment_mode is PaymentMode.LUMP_SUM
    assert (b.gross, b.tax) == (107 * 180_000, 0) == (19_260_000, 0)
    assert b.lines[0].params == {"months": 107, "required": 180}
    claim = submit(svc, actor, ClaimProgram.JP, reason="jp.old_age")
    officer = create_officer(svc)
    now = svc.clock.now()
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=now)
    approve_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    pay_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    with pytest.raises(ValidationFailed) as again:
        submit(svc, actor, ClaimProgram.JP, reason="jp.old_age")
    assert "claim.already_paid" in [e.code for e in again.value.errors]


def test_a_full_claim_pays_the_balance_of_the_day_of_payment(
    services: Services, clock: FixedClock
) -> None:
    """With the real yield table: paid 40 days after the quote, the balance (with this
    year's yield pro rata) has grown, and the tax follows it; the ledger is left at zero."""
    member, actor = resigned(services)
    officer = create_officer(services)
    claim = submit(services, actor, ClaimProgram.JHT, reason="jht.resignation")
    seen_at_branch(services, officer, claim)
    verify_claim(services.uow(), officer, claim.id, notices=services.notices, now=clock.now())
    approve_claim(
        services.uow(),
        create_officer(services, "kedua@test.jmo.id"),  # four eyes: not who verified
        claim.id,
        benefits=services.benefits,
        notices=services.notices,
        now=clock.now(),
    )
    clock.advance(timedelta(days=40))
    paid = pay_claim(
        services.uow(),
        officer,
        claim.id,
        benefits=services.benefits,
        notices=services.notices,
        now=clock.now(),
    )
    assert paid.benefit.gross > claim.benefit.gross
    assert paid.benefit.tax == (paid.benefit.gross - 50_000_000) * 5 // 100
    assert (
        get_jht_balance(services.uow(), actor, benefits=services.benefits, now=clock.now()).total
        == 0
    )
    del member


def test_a_new_bank_account_holds_the_payout_for_the_cooling_off_period(
    services: Services, clock: FixedClock
) -> None:
    """Issue 5: someone who took over an account and changed the bank account cannot be
    paid at once; the owner was told at the old contacts meanwhile."""
    svc = replace(services, benefits=replace(services.benefits, yields=ZERO))  # hold: 7 days
    _, actor = resigned(svc)  # the update changes the bank account (BCA -> BRI)
    officer = create_officer(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    seen_at_branch(svc, officer, claim)
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=clock.now())
    second = create_officer(svc, "kedua@test.jmo.id")  # four eyes: not who verified
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
    assert held.value.code == "claim.bank_cooling_off"
    assert held.value.params["until"] == (clock.now() + timedelta(days=7)).date().isoformat()
    clock.advance(timedelta(days=7, minutes=1))
    paid = pay_claim(
        svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=clock.now()
    )
    assert paid.status is ClaimStatus.PAID


# --- documents: one checking path with complaint attachments (issue 8, item 4) ----------

JAVASCRIPT_PDF = pdf(extra_catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")


def test_a_pdf_with_a_javascript_open_action_is_refused_as_a_claim_document(
    svc: Services, db: Engine
) -> None:
    _, actor = resigned(svc)
    uploads = uploads_for(ClaimReason.JHT_RESIGNATION)
    uploads["e_ktp"] = Upload("ktp.pdf", JAVASCRIPT_PDF)
    with pytest.raises(ValidationFailed) as refused:
        submit(svc, actor, ClaimProgram.JHT, uploads, reason="jht.resignation")
    assert {(e.field, e.code) for e in refused.value.errors} == {("e_ktp", "attachment.pdf_active")}
    assert rows(db, ClaimDocumentRow) == 0


def test_a_photo_of_a_document_is_re_encoded_without_its_metadata(svc: Services) -> None:
    _, actor = resigned(svc)
    photo = jpeg(exif=exif_with_gps())
    assert b"PhoneMaker" in photo
    uploads = uploads_for(ClaimReason.JHT_RESIGNATION)
    uploads["e_ktp"] = Upload("C:\\foto\\ktp saya.JPG", photo)
    claim = submit(svc, actor, ClaimProgram.JHT, uploads, reason="jht.resignation")
    (document,) = [d for d in claim.documents if d.document_type == "e_ktp"]
    officer = create_officer(svc)
    file = read_claim_document(svc.uow(), officer, claim.id, document.id, now=svc.clock.now())
    assert file.content_type == "image/jpeg" and file.filename == "ktp saya.JPG"
    assert file.data != photo and b"PhoneMaker" not in file.data and b"Exif" not in file.data
    assert document.size == len(file.data)


# --- the branch step (issue 8: a branch-routed claim was paid with no branch step) -------


def test_a_branch_routed_claim_is_paid_only_after_the_branch_step(
    svc: Services, db: Engine
) -> None:
    _, actor = resigned(svc)  # Rp68.4 million: above the self-service limit
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    assert claim.route is Route.BRANCH
    officer = create_officer(svc)
    now = svc.clock.now()
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=now)
    approve_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    with pytest.raises(Conflict) as held:
        pay_claim(svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now)
    assert held.value.code == "claim.branch_step_required"
    assert rows(db, LedgerEntryRow, LedgerEntryRow.kind == "withdrawal") == 0

    recorded = record_branch_step(
        svc.uow(), officer, claim.id, step="documents_seen", note="KTP dan KK asli", now=now
    )
    (visit,) = recorded.branch_visits
    assert (visit.step.value, visit.branch_code, visit.note) == (
        "documents_seen",
        "SBY01",
        "KTP dan KK asli",
    )
    paid = pay_claim(
        svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=now
    )
    assert paid.status is ClaimStatus.PAID and paid.branch_visits == [visit]
    assert rows(db, AuditRow, AuditRow.action == "claim.branch_step_recorded") == 1


def test_only_an_officer_of_a_branch_records_the_branch_step(svc: Services) -> None:
    _, actor = resigned(svc)
    claim = submit(svc, actor, ClaimProgram.JHT, reason="jht.resignation")
    now = svc.clock.now()
    with pytest.raises(PermissionDenied) as participant:
        record_branch_step(svc.uow(), actor, claim.id, step="documents_seen", now=now)
    assert participant.value.code == "auth.staff_only"
    headquarters = create_officer(svc, "pusat@test.jmo.id", branch_code=None)
    with pytest.raises(PermissionDenied) as no_branch:
        record_branch_step(svc.uow(), headquarters, claim.id, step="documents_seen", now=now)
    assert no_branch.value.code == "claim.branch_step_needs_branch"
    officer = create_officer(svc)
    with pytest.raises(ValidationFailed):
        record_branch_step(svc.uow(), officer, claim.id, step="looked_at_it", now=now)
    reject_claim(
        svc.uow(),
        officer,
        claim.id,
        reason=RejectionReason.DOCUMENTS_INVALID,
        notices=svc.notices,
        now=now,
    )
    with pytest.raises(Conflict) as closed:
        record_branch_step(svc.uow(), officer, claim.id, step="appointment_done", now=now)
    assert closed.value.code == "claim.branch_step_closed"
