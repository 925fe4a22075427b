"""Lifting a "Bukan saya" freeze needs an officer AND the person's face check with
liveness since the freeze (issue 12; docs/decisions/freeze-lift-needs-face.md): the
officer's lift without a pass is refused, and a pass without the officer lifts nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.errors import Conflict
from jmo.settings import Settings
from jmo.usecases.accounts.freeze_face import freeze_face_photo
from jmo.usecases.accounts.not_me import freeze_from_app, freeze_status, lift_freeze
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.services import Services
from tests.accounts.test_not_me import bearer, pass_face
from tests.api.test_jht_claims_api import officer_headers
from tests.cast import actor_of, enrol_member, selfie
from tests.jht_cast import create_officer
from tests.web.test_pages import browser, log_in  # noqa: F401 - the fixture

FREEZE = "/api/v1/me/freeze"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def _freeze(services: Services, member: object) -> None:
    freeze_from_app(
        services.uow(),
        services.notices,
        actor_of(services, member),  # type: ignore[arg-type]
        client=Client("203.0.113.7", "pytest"),
        now=services.clock.now(),
    )


def test_the_officer_cannot_lift_without_the_persons_face_pass(
    client: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    _freeze(services, member)
    staff = officer_headers(client, services)
    lift = f"/api/v1/staff/participants/{member.participant.id}/freeze/lift"
    refused = client.post(lift, headers=staff, json={"note": "Laporan dicek"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "freeze.face_required"
    # a wrong face is no pass either, and says the tries left
    auth = bearer(client, member)
    wrong = client.post(
        f"{FREEZE}/face/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie("dewi"), "image/jpeg")},
    )
    assert wrong.status_code == 200 and wrong.json()["passed"] is False
    assert f"Sisa {wrong.json()['tries_left']} kali" in wrong.json()["message"]
    queue = client.get("/api/v1/staff/freezes", headers=staff).json()
    assert queue[0]["face_passed_at"] is None
    assert client.post(lift, headers=staff, json={"note": "Laporan dicek"}).status_code == 409
    assert freeze_status(services.uow(), member.participant.id) is not None
    pass_face(client, auth, member)
    queue = client.get("/api/v1/staff/freezes", headers=staff).json()
    assert queue[0]["face_passed_at"] is not None
    assert client.post(lift, headers=staff, json={"note": "Laporan dicek"}).status_code == 200
    assert freeze_status(services.uow(), member.participant.id) is None


def test_a_face_pass_alone_lifts_nothing_and_an_old_pass_does_not_count(
    client: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    auth = bearer(client, member)
    nothing = client.post(
        f"{FREEZE}/face/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie(member.face or "budi"), "image/jpeg")},
    )
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "freeze.none"
    _freeze(services, member)
    auth = bearer(client, member)  # "Bukan saya" ended every session
    pass_face(client, auth, member)
    state = client.get(FREEZE, headers=auth).json()
    assert state["frozen"] is True and state["face_passed_at"] is not None
    assert freeze_status(services.uow(), member.participant.id) is not None
    again = client.post(
        f"{FREEZE}/face/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie(member.face or "budi"), "image/jpeg")},
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "freeze.face_done"
    # lifted, then frozen again: the earlier pass belongs to the earlier freeze
    officer = create_officer(services, "petugas2@test.jmo.id")
    lift_freeze(
        services.uow(),
        officer,
        member.participant.id,
        note="Laporan dicek",
        now=services.clock.now(),
    )
    _freeze(services, member)
    with pytest.raises(Conflict) as refused:
        lift_freeze(
            services.uow(),
            officer,
            member.participant.id,
            note="Laporan dicek",
            now=services.clock.now(),
        )
    assert refused.value.code == "freeze.face_required"
    result = freeze_face_photo(
        services.uow(),
        actor_of(services, member),
        services.faces,
        selfie(member.face or "budi"),
        policy=services.policy,
        now=services.clock.now(),
    )
    assert result.passed


def test_the_freeze_page_offers_the_face_check(
    browser: TestClient,  # noqa: F811
    services: Services,
) -> None:
    member = enrol_member(services)
    _freeze(services, member)
    log_in(browser, member)
    page = browser.get("/akun/pembekuan")
    assert page.status_code == 200
    assert 'id="camera"' in page.text and 'data-burst-url="/akun/pembekuan/burst"' in page.text
