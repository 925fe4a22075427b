"""The inbox and "Bukan saya" (issue 12): every notice about the person lands in the
inbox once; its "Bukan saya" link (single use, stored only as a hash) freezes data
changes and claim payouts at once; an officer lifts the freeze only after the person passed
a face check with liveness since the freeze, and that pass alone lifts nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.errors import PermissionDenied
from jmo.settings import Settings
from jmo.storage.rows_security import AccountTokenRow
from jmo.usecases.notifications.views import outbox_overview
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.services import Services
from tests.api.test_jht_claims_api import DOCS, officer_headers, resigned
from tests.cast import PASSWORD, Member, enrol_member, selfie, walk_to_confirm


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def bearer(client: TestClient, member: Member) -> dict[str, str]:
    answer = client.post("/api/v1/auth/login", json={"email": member.email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def pass_face(client: TestClient, auth: dict[str, str], member: Member) -> None:
    face = client.post(
        "/api/v1/me/freeze/face/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie(member.face or "budi"), "image/jpeg")},
    )
    assert face.status_code == 200 and face.json()["passed"] is True, face.text


def not_me_tokens(services: Services) -> list[str]:
    """The "Bukan saya" links as the person reads them (the stored text holds a placeholder)."""
    notices = outbox_overview(services.uow(), limit=200, reveal_secrets=True).notices
    return [t for n in notices for t in re.findall(r"/bukan-saya\?token=([\w-]+)", n.body)]


def test_the_inbox_holds_each_event_once_and_marks_read(
    client: TestClient, services: Services
) -> None:
    member = resigned(services)  # the data update applied: email and SMS notices
    auth = bearer(client, member)
    inbox = client.get("/api/v1/me/inbox", headers=auth).json()
    kinds = [m["kind"] for m in inbox["messages"]]
    assert "pengkinian.applied" in kinds
    assert len(kinds) == len(set(kinds))  # email + SMS of one event: one message
    assert not any(k.startswith("otp.") for k in kinds)  # no codes in the inbox
    assert inbox["unread"] == len(kinds)
    first = inbox["messages"][0]["id"]
    assert client.post(f"/api/v1/me/inbox/{first}/read", headers=auth).json() == {"marked": 1}
    assert client.post(f"/api/v1/me/inbox/{first}/read", headers=auth).status_code == 404
    assert client.get("/api/v1/me/inbox", headers=auth).json()["unread"] == len(kinds) - 1
    client.post("/api/v1/me/inbox/read", headers=auth)
    assert client.get("/api/v1/me/inbox", headers=auth).json()["unread"] == 0


def test_not_me_link_freezes_a_claim_in_flight_until_an_officer_lifts_it(
    client: TestClient, services: Services, runtime: Runtime
) -> None:
    member = resigned(services)
    auth = bearer(client, member)
    claim = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    ).json()
    staff = officer_headers(client, services)
    second = officer_headers(client, services, "kedua@test.jmo.id")  # four eyes
    for move, by in (("verify", staff), ("approve", second)):
        assert (
            client.post(f"/api/v1/staff/claims/{claim['id']}/{move}", headers=by).status_code == 200
        )
    token = not_me_tokens(services)[0]
    with runtime.engine.connect() as conn:
        stored = (
            conn.execute(
                select(AccountTokenRow.token_hash).where(AccountTokenRow.purpose == "not_me")
            )
            .scalars()
            .all()
        )
    assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
    frozen = client.post("/api/v1/not-me", json={"token": token})
    assert frozen.status_code == 200, frozen.text
    assert client.post("/api/v1/not-me", json={"token": token}).status_code == 404  # once
    assert client.get("/api/v1/me", headers=auth).status_code == 401  # sessions ended
    queue = client.get("/api/v1/staff/freezes", headers=staff).json()
    assert [q["participant_id"] for q in queue] == [str(member.participant.id)]
    assert client.get("/api/v1/staff/freezes", headers=bearer(client, member)).status_code == 403
    pay = client.post(
        f"/api/v1/staff/claims/{claim['id']}/pay", headers=staff, json={"payment_reference": "T1"}
    )
    assert pay.status_code == 403 and pay.json()["error"]["code"] == "account.frozen"
    by_member = client.post(
        f"/api/v1/staff/participants/{member.participant.id}/freeze/lift",
        headers=bearer(client, member),
        json={"note": "saya sendiri"},
    )
    assert by_member.status_code == 403
    lifted = client.post(
        f"/api/v1/staff/participants/{member.participant.id}/freeze/lift",
        headers=staff,
        json={"note": "Laporan dicek, kontak benar"},
    )
    # the officer alone cannot lift it: the person's face check with liveness comes first
    assert lifted.status_code == 409, lifted.text
    assert lifted.json()["error"]["code"] == "freeze.face_required"
    pass_face(client, bearer(client, member), member)
    lifted = client.post(
        f"/api/v1/staff/participants/{member.participant.id}/freeze/lift",
        headers=staff,
        json={"note": "KTP dan wajah dicek di loket"},
    )
    assert lifted.status_code == 200, lifted.text
    after = client.post(
        f"/api/v1/staff/claims/{claim['id']}/pay", headers=staff, json={"payment_reference": "T1"}
    )
    assert (
        after.status_code in (200, 409)
        and after.json().get("error", {}).get("code") != "account.frozen"
    )
    with services.uow() as uow:
        actions = [
            e.action for e in uow.audit.for_subjects([("participant", str(member.participant.id))])
        ]
    assert "security.not_me" in actions and "security.freeze_lifted" in actions


def test_a_frozen_account_cannot_submit_a_data_update(
    client: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    actor = walk_to_confirm(services, member)
    answer = client.post("/api/v1/me/inbox/not-me", headers=bearer(client, member))
    assert answer.status_code == 200
    with pytest.raises(PermissionDenied) as refused:
        submit_pengkinian(
            services.uow(),
            actor,
            terms_accepted=True,
            terms_version=services.policy.terms_version,
            regions=services.regions,
            notices=services.notices,
            policy=services.policy,
            now=services.clock.now(),
        )
    assert refused.value.code == "account.frozen"
