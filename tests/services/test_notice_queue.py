"""Every notice goes through one queue: texts with a record's identifier are refused before
they reach the outbox; the system's own long-looking numbers are not."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from jmo.domain.notices import NoticeChannel
from jmo.storage.rows import OutboxRow
from jmo.usecases.notifications.queue import SensitiveNotice, notify_participant
from jmo.usecases.services import Services
from tests.cast import complete_pengkinian, enrol_member

pytestmark = pytest.mark.db


def _outbox_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OutboxRow)).scalar_one())


def test_a_notice_carrying_a_nik_is_refused_and_nothing_is_queued(
    db: Engine, services: Services
) -> None:
    member = enrol_member(services)
    before = _outbox_count(db)
    with services.uow() as uow, pytest.raises(SensitiveNotice):
        notify_participant(
            uow,
            services.notices,
            member.participant,
            kind="claim.approved",
            event_key="test",
            now=services.clock.now(),
            params={
                "name": member.nik,
                "number": "JHT-20261125-123456",
                "program": "JHT",
                "amount": "Rp1.000",
            },
            sms=True,
        )
    assert _outbox_count(db) == before


def test_claim_numbers_and_large_amounts_are_queued(db: Engine, services: Services) -> None:
    member = enrol_member(services)
    with services.uow() as uow:
        queued = notify_participant(
            uow,
            services.notices,
            member.participant,
            kind="claim.approved",
            event_key="test",
            now=services.clock.now(),
            # the date and the id's hex digits line up into 14 digits; the amount has 10
            params={
                "name": member.participant.identity.full_name,
                "number": "JHT-20261125-123456",
                "program": "JHT",
                "amount": "Rp1.312.500.000",
            },
            sms=True,
        )
        uow.commit()
    assert [n.channel for n in queued] == [NoticeChannel.EMAIL, NoticeChannel.SMS]
    assert "JHT-20261125-123456" in queued[0].body
    assert "Rp1.312.500.000" in queued[0].body
    assert _outbox_count(db) == 2


def test_the_update_notice_carries_the_reference_shown_on_screen(
    db: Engine, services: Services
) -> None:
    member = enrol_member(services)
    request = complete_pengkinian(services, member)
    uow = services.uow()
    with uow:
        numbered = uow.request_ids.of_item(request.id)
    assert numbered is not None
    reference = str(numbered.request_id)  # PD-2026-000001, what Riwayat & Lacak opens
    with db.connect() as conn:
        bodies = (
            conn.execute(select(OutboxRow.body).where(OutboxRow.kind == "pengkinian.applied"))
            .scalars()
            .all()
        )
    assert bodies and all(reference in body for body in bodies)
