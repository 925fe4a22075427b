"""The reads every request makes run as prebuilt Core statements with plain rows
(issue 10): they must give exactly what the ORM reads give, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from jmo.domain.card import Card, Program
from jmo.storage.repositories.accounts import _account, _session
from jmo.storage.repositories.participants import SqlParticipants
from jmo.storage.rows import AccountRow, ParticipantRow, SessionRow
from jmo.storage.rows_services import CardRow
from jmo.usecases.accounts.sessions import Client, hash_token, login
from jmo.usecases.services import Services
from tests.cast import PASSWORD, enrol_member


def test_the_session_lookup_reads_what_the_orm_rows_hold(services: Services) -> None:
    budi = enrol_member(services)
    started = login(
        services.uow(),
        services.passwords,
        services.limiter,
        email=budi.email,
        password=PASSWORD,
        client=Client(ip="127.0.0.1", user_agent="test", channel="app"),
        now=services.clock.now(),
        policy=services.policy,
        notices=services.notices,
        devices=services.device_tokens,
    )
    uow = services.uow()
    with uow:
        found = uow.sessions.get_with_account(hash_token(started.token))
        assert found is not None
        rows = uow.session.execute(  # type: ignore[attr-defined]
            select(SessionRow, AccountRow)
            .join(AccountRow, AccountRow.id == SessionRow.account_id)
            .where(SessionRow.token_hash == hash_token(started.token))
        ).one()
        assert found == (_session(rows[0]), _account(rows[1]))
        assert found[1].email == budi.email
        assert uow.sessions.get_with_account(hash_token("not-a-token")) is None


def test_the_participant_reads_give_the_orm_rows_decrypted(services: Services) -> None:
    budi = enrol_member(services)
    other_kpj = enrol_member(services, nik=budi.nik, account=False)
    uow = services.uow()
    with uow:
        orm = uow.session.get(ParticipantRow, budi.participant.id)  # type: ignore[attr-defined]
        assert orm is not None
        participants = uow.participants
        assert isinstance(participants, SqlParticipants)
        expected = participants._to_domain(orm)
        assert participants.get(budi.participant.id) == expected
        assert expected.identity.nik == budi.nik
        same = participants.same_person(budi.participant.id)
        assert {p.id for p in same} == {budi.participant.id, other_kpj.participant.id}
        assert expected in same


def test_whether_a_reference_photo_is_on_file(services: Services) -> None:
    with_photo = enrol_member(services)
    without = enrol_member(services, face=None)
    uow = services.uow()
    with uow:
        assert uow.participants.has_reference_face(with_photo.participant.id)
        assert uow.participants.reference_face(with_photo.participant.id) is not None
        assert not uow.participants.has_reference_face(without.participant.id)
        assert uow.participants.reference_face(without.participant.id) is None


def test_a_core_read_sees_what_the_same_unit_of_work_changed_and_did_not_flush(
    services: Services,
) -> None:
    budi = enrol_member(services)
    now = services.clock.now()
    card = Card(
        id=uuid.uuid4(),
        participant_id=budi.participant.id,
        kpj=budi.kpj,
        full_name=budi.participant.identity.full_name,
        programs=(Program.JHT,),
        employer_name=None,
        issued_at=now,
        valid_through=now + timedelta(days=365),
        key_id="c1",
    )
    uow = services.uow()
    with uow:
        uow.cards.add(card)
        uow.commit()
    with uow:
        row = uow.session.get(CardRow, card.id)  # type: ignore[attr-defined]
        row.revoked_at = now  # changed in the session, not flushed
        latest = uow.cards.latest_for(budi.participant.id)
        assert latest is not None
        assert latest.revoked_at == now
