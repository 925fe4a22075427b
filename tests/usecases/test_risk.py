"""A new bank account holds payouts for the cooling-off period; staff see the flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from jmo.domain.accounts import Actor, Role
from jmo.domain.errors import PermissionDenied
from jmo.domain.pengkinian.policy import BANK_HOLD, CONTACT_HOLD
from jmo.domain.time import FixedClock
from jmo.storage.rows import OutboxRow
from jmo.usecases.participants.risk import participant_risk, payout_hold_until
from jmo.usecases.services import Services
from tests.cast import actor_of, complete_pengkinian, enrol_member
from tests.staff import staff_member


def test_a_bank_change_flags_the_participant_and_holds_payouts(
    services: Services, clock: FixedClock, db: Engine
) -> None:
    budi = enrol_member(services)
    complete_pengkinian(services, budi)  # BCA -> BRI
    uow = services.uow()
    with uow:
        hold = payout_hold_until(
            uow,
            budi.participant.id,
            cooling_off_days=services.policy.bank_cooling_off_days,
            now=clock.now(),
        )
        over = payout_hold_until(
            uow, budi.participant.id, cooling_off_days=7, now=clock.now() + timedelta(days=7)
        )
    assert hold == clock.now() + timedelta(days=7)
    assert over is None  # the hold has ended
    officer = staff_member(services, "petugas@kantor.jmo.id")
    flags = participant_risk(
        services.uow(),
        officer,
        budi.participant.id,
        policy=services.policy,
        now=clock.now(),
    )
    assert {f.code for f in flags} == {"bank.recently_changed", "contact.recently_changed"}
    # each flag says until when it holds a payout (the field policy's waits)
    until = {f.code: f.until for f in flags}
    assert until["bank.recently_changed"] == clock.now() + BANK_HOLD
    assert until["contact.recently_changed"] == clock.now() + CONTACT_HOLD
    with db.connect() as conn:
        warned = sorted(
            conn.scalars(
                select(OutboxRow.recipient).where(OutboxRow.kind == "pengkinian.bank_changed")
            )
        )
    # the contacts as they were before the update: the old phone and the (unchanged) email
    phone = budi.participant.profile.phone
    assert phone is not None and budi.email is not None
    assert warned == sorted([phone, budi.email])

    clock.advance(timedelta(days=31))
    assert (
        participant_risk(
            services.uow(),
            officer,
            budi.participant.id,
            policy=services.policy,
            now=clock.now(),
        )
        == []
    )


def test_participants_cannot_read_risk_flags(services: Services) -> None:
    budi = enrol_member(services)
    with pytest.raises(PermissionDenied):
        participant_risk(
            services.uow(),
            actor_of(services, budi),
            budi.participant.id,
            policy=services.policy,
            now=services.clock.now(),
        )
    officer = Actor(budi.participant.id, Role.OFFICER, None, "branch", branch_code="SBY01")
    assert (
        participant_risk(
            services.uow(),
            officer,
            budi.participant.id,
            policy=services.policy,
            now=services.clock.now(),
        )
        == []
    )


def test_a_change_of_the_holder_name_alone_is_a_bank_change_everywhere(
    services: Services, clock: FixedClock, db: Engine
) -> None:
    """Issue 9, rules written twice: the payout hold and the notice to the old contacts
    follow the same bank fields (the holder name alone used to hold without a notice)."""
    budi = enrol_member(services)
    profile = budi.participant.profile
    assert profile.bank_account is not None
    complete_pengkinian(
        services,
        budi,
        bank_code=profile.bank_code or "",
        bank_account=profile.bank_account,
        bank_account_holder="BUDI SANTOSO",
    )
    uow = services.uow()
    with uow:
        history = uow.participants.history(budi.participant.id)
        hold = payout_hold_until(uow, budi.participant.id, cooling_off_days=7, now=clock.now())
    before, after = history[-2].profile, history[-1].profile
    assert (before.bank_code, before.bank_account) == (after.bank_code, after.bank_account)
    assert before.bank_account_holder != after.bank_account_holder
    assert hold is not None
    with db.connect() as conn:
        warned = list(
            conn.scalars(
                select(OutboxRow.recipient).where(OutboxRow.kind == "pengkinian.bank_changed")
            )
        )
    assert warned, "the old contacts were not told of the new payout account holder"
