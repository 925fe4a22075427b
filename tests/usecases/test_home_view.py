"""The home page's view (``get_home``) says what the full Pengkinian view says about the
same person, in every state, from fewer reads."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from jmo.domain.accounts import Actor
from jmo.usecases.pengkinian.flow import get_home, get_pengkinian, start_pengkinian
from jmo.usecases.services import Services
from tests.cast import actor_of
from tests.jht_cast import complete_update, enrol_worker, job, statements


def _same_state(services: Services, actor: Actor) -> None:
    now = services.clock.now()
    home = get_home(services.uow(), actor)
    full = get_pengkinian(services.uow(), actor, now=now)
    assert home.full_name == full.identity.full_name
    assert home.kpj == full.identity.kpj
    assert home.data_is_current == full.data_is_current
    assert home.completed_at == full.completed_at
    assert home.has_open_draft == (full.draft is not None)
    assert home.requests.open_identity == full.open_identity_request
    assert home.requests.last_pengkinian == full.last_change_request
    assert home.requests.held_bank_change == full.held_bank_change


def test_home_says_what_the_full_view_says_before_during_and_after_an_update(
    services: Services,
) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    actor = actor_of(services, member)
    _same_state(services, actor)  # never updated
    start_pengkinian(services.uow(), actor, now=services.clock.now())
    _same_state(services, actor)  # a draft open
    complete_update(services, member)
    _same_state(services, actor)  # current, with its change request
    assert get_home(services.uow(), actor).requests.last_pengkinian is not None


def test_home_reads_neither_employments_nor_reference_faces(services: Services, db: Engine) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    actor = actor_of(services, member)
    with statements(db) as sent:
        get_home(services.uow(), actor)
    tables = " ".join(sent)
    assert "employments" not in tables and "reference_faces" not in tables
    assert (
        len([s for s in sent if s.lstrip().upper().startswith("SELECT")]) == 3
    )  # person, draft, requests
