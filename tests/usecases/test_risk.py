"""A new bank account holds payouts for the cooling-off period; staff see the flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from jmo.domain.accounts import Actor, Role
from jmo.domain.errors import PermissionDenied
from jmo.domain.time import FixedClock
from jmo.storage.rows import OutboxRow
from jmo.usecases.participants.risk import participant_risk, payout_hold_until
from jmo.usecases.ports import Services
from tests.cast import actor_of, complete_pengkinian, enrol_member
from tests.staff import staff_member


def test_a_bank_change_flags_the_participant_and_holds_payouts(
    services: Services, clock: FixedClock, db: Engine
) -> None:
    budi = enrol_member(services)
    complete_pengkinian(services, budi)  # BCA -> BRI
    uow = services.uow()
    with uow:
        hold = payout_hold_until(uow, budi.participant.id, policy=services.policy)
    assert hold == clock.now() + timedelta(days=7)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    flags = participant_risk(
        services.uow(),
        officer,
        budi.participant.id,
        policy=services.policy,
        now=clock.now(),
    )
    assert {f.code for f in flags} == {"bank.recently_changed", "contact.recently_changed"}
    with db.connect() as conn:
        warned = sorted(
            conn.scalars(
                select(OutboxRow.recipient).where(OutboxRow.kind == "pengkinian.bank_changed")
            )
        )
    # the contacts as they were before the update: the old phone and the (unchanged) email
    assert warned == sorted([budi.participant.profile.phone, budi.email])

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
