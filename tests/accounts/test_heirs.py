"""Heirs (ahli waris, issue 12): recorded in the rule's order (docs/domain-rules.md §6),
name and NIK encrypted with the NIK's blind index, the NIK masked on screen; a person a
participant named as heir starts the death claim pre-filled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.claims.model import ClaimProgram, HeirRelationship
from jmo.domain.heirs import ORDER, in_order
from jmo.settings import Settings
from jmo.storage.rows_accounts import HeirRow
from jmo.usecases.accounts.not_me import freeze_from_app
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.services import Services
from tests.accounts.test_not_me import bearer
from tests.api.test_jht_claims_api import DOCS, officer_headers, resigned
from tests.cast import actor_of, complete_pengkinian, enrol_member
from tests.jht_cast import complete_update, enrol_worker, job
from tests.usecases.test_claims_usecases import submit
from tests.web.test_pages import browser, csrf_of, log_in  # noqa: F401 - the fixture

HEIRS = "/api/v1/me/heirs"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_the_order_is_the_rules() -> None:
    # (a) spouse or children, (b) parents, grandchildren, grandparents, (c) siblings,
    # (d) parents-in-law, (e) named in a will: every relationship has its place
    assert set(ORDER) == set(HeirRelationship)
    assert ORDER[HeirRelationship.SPOUSE] == ORDER[HeirRelationship.CHILD] == 1
    assert (
        ORDER[HeirRelationship.CHILD]
        < ORDER[HeirRelationship.PARENT]
        < ORDER[HeirRelationship.SIBLING]
        < ORDER[HeirRelationship.PARENT_IN_LAW]
        < ORDER[HeirRelationship.NAMED_IN_WILL]
    )
    assert ORDER[HeirRelationship.GRANDCHILD] == ORDER[HeirRelationship.GRANDPARENT] == 2
    assert in_order([]) == []


def test_heirs_are_listed_in_the_rules_order_encrypted_and_masked(
    client: TestClient, services: Services, runtime: Runtime
) -> None:
    member = enrol_member(services)
    sister = enrol_member(services, key="sari", account=False)
    wife = enrol_member(services, key="dewi", account=False)
    auth = bearer(client, member)
    first = client.post(
        HEIRS,
        headers=auth,
        json={"relationship": "sibling", "full_name": "Sari Wulandari", "nik": sister.nik},
    )
    assert first.status_code == 201, first.text
    second = client.post(
        HEIRS,
        headers=auth,
        json={"relationship": "spouse", "full_name": "Dewi Lestari", "nik": wife.nik},
    )
    assert second.status_code == 201, second.text
    listed = client.get(HEIRS, headers=auth).json()
    assert [(h["group"], h["relationship"]) for h in listed] == [("a", "spouse"), ("c", "sibling")]
    assert listed[0]["nik_masked"] != wife.nik and listed[0]["nik_masked"].endswith(wife.nik[-2:])
    assert "nik" not in listed[0]
    # at rest: neither the name nor the NIK in clear
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(HeirRow)).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert wife.nik not in stored and "Dewi Lestari" not in stored
    # refused, field by field
    same = client.post(
        HEIRS,
        headers=auth,
        json={"relationship": "child", "full_name": "Dewi Lestari", "nik": wife.nik},
    )
    assert same.status_code == 422 and same.json()["error"]["fields"][0]["field"] == "nik"
    assert same.json()["error"]["fields"][0]["code"] == "heir.duplicate"
    me = client.post(
        HEIRS,
        headers=auth,
        json={"relationship": "child", "full_name": "Budi", "nik": member.nik},
    )
    assert me.json()["error"]["fields"][0]["code"] == "heir.is_self"
    bad = client.post(
        HEIRS, headers=auth, json={"relationship": "child", "full_name": "1", "nik": "123"}
    )
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {"full_name", "nik"}
    # another participant's heir is as missing as none
    other = enrol_member(services, key="joko")
    gone = client.delete(f"{HEIRS}/{listed[0]['id']}", headers=bearer(client, other))
    assert gone.status_code == 404
    assert client.delete(f"{HEIRS}/{listed[0]['id']}", headers=auth).status_code == 204
    assert [h["relationship"] for h in client.get(HEIRS, headers=auth).json()] == ["sibling"]
    # the masked export carries them too, the NIK masked
    export = client.get("/api/v1/me/data", headers=auth).json()
    assert [h["relationship"] for h in export["heirs"]] == ["sibling"]
    assert export["heirs"][0]["nik"] != sister.nik and sister.nik not in str(export)
    # each change is told to the owner, with "Bukan saya" (heirs are worth a takeover)
    with services.uow() as uow:
        told = [n for n in uow.outbox.latest(50) if n.kind == "heirs.changed"]
    assert len(told) == 3 and {n.recipient for n in told} == {member.email}
    assert all("⟦not_me⟧" in n.body for n in told)


def test_a_frozen_account_cannot_change_its_heirs(client: TestClient, services: Services) -> None:
    member = enrol_member(services)
    heir = enrol_member(services, key="sari", account=False)
    freeze_from_app(
        services.uow(),
        services.notices,
        actor_of(services, member),
        client=Client("203.0.113.7", "pytest"),
        now=services.clock.now(),
    )
    refused = client.post(
        HEIRS,
        headers=bearer(client, member),
        json={"relationship": "child", "full_name": "Sari", "nik": heir.nik},
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account.frozen"


def test_a_named_heir_starts_the_death_claim_pre_filled(
    client: TestClient,
    browser: TestClient,  # noqa: F811
    services: Services,
) -> None:
    deceased = enrol_member(services)
    heir = enrol_member(services, key="dewi")
    complete_pengkinian(services, heir)
    named = client.post(
        HEIRS,
        headers=bearer(client, deceased),
        json={"relationship": "spouse", "full_name": "Dewi", "nik": heir.nik},
    )
    assert named.status_code == 201, named.text
    heir_auth = bearer(client, heir)
    prefill = client.get("/api/v1/me/heir-claims", headers=heir_auth).json()
    assert prefill == [
        {
            "deceased_kpj": deceased.kpj,
            "deceased_name": deceased.participant.identity.full_name,
            "heir_relationship": "spouse",
        }
    ]
    assert "deceased_nik" not in prefill[0]  # typed from the KTP or KK
    assert client.get("/api/v1/me/heir-claims", headers=bearer(client, deceased)).json() == []
    log_in(browser, heir)
    page = browser.get("/klaim/jkm?alasan=jkm.death")
    assert page.status_code == 200
    assert 'id="heir-prefill"' in page.text
    assert f'value="{deceased.kpj}"' in page.text
    assert 'value="spouse" selected' in page.text


def test_the_heirs_page_adds_and_shows_field_messages(
    browser: TestClient,  # noqa: F811
    services: Services,
) -> None:
    member = enrol_member(services)
    heir = enrol_member(services, key="sari", account=False)
    log_in(browser, member)
    page = browser.get("/akun/ahli-waris")
    assert page.status_code == 200 and 'id="no-heirs"' in page.text
    wrong = browser.post(
        "/akun/ahli-waris",
        data={"csrf_token": csrf_of(page.text), "relationship": "", "full_name": "", "nik": "1"},
    )
    assert wrong.status_code == 422
    assert 'id="e-relationship"' in wrong.text and 'id="e-nik"' in wrong.text
    added = browser.post(
        "/akun/ahli-waris",
        data={
            "csrf_token": csrf_of(page.text),
            "relationship": "child",
            "full_name": "Sari",
            "nik": heir.nik,
        },
    )
    assert added.status_code == 303
    shown = browser.get("/akun/ahli-waris")
    assert "Sari" in shown.text and heir.nik not in shown.text


def test_the_officer_sees_whom_the_deceased_named_on_a_death_claim(
    client: TestClient, services: Services
) -> None:
    deceased = enrol_worker(services, employments=(job(date(2018, 1, 1)),), full_name="Joko")
    heir = enrol_worker(services, employments=(job(date(2019, 1, 1), npp="30000003"),))
    other = enrol_member(services, key="sari", account=False)
    auth = bearer(client, deceased)
    for relationship, name, nik in (("sibling", "Sari", other.nik), ("spouse", "Dewi", heir.nik)):
        added = client.post(
            HEIRS, headers=auth, json={"relationship": relationship, "full_name": name, "nik": nik}
        )
        assert added.status_code == 201, added.text
    actor = complete_update(services, heir)
    claim = submit(
        services,
        actor,
        ClaimProgram.JKM,
        reason="jkm.death",
        deceased_kpj=deceased.kpj,
        deceased_nik=deceased.nik,
        event_date="2026-10-01",
        heir_relationship="spouse",
    )
    staff = officer_headers(client, services)
    seen = client.get(f"/api/v1/staff/claims/{claim.id}/heirs", headers=staff)
    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert body["claimant_recorded_as"] == "spouse"
    assert [(h["group"], h["full_name"]) for h in body["recorded"]] == [
        ("a", "Dewi"),
        ("c", "Sari"),
    ]
    assert heir.nik not in seen.text and other.nik not in seen.text  # masked for staff too
    # the read is in the access log of both the deceased and the claimant
    with services.uow() as uow:
        for person in (deceased, heir):
            entries = uow.audit.for_subjects([("participant", str(person.participant.id))])
            assert any(e.details.get("what") == "heirs" for e in entries), person.kpj
    # not a death claim: nothing to show
    member = resigned(services)
    own = client.post(
        "/api/v1/claims",
        headers=bearer(client, member),
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    ).json()
    refused = client.get(f"/api/v1/staff/claims/{own['id']}/heirs", headers=staff)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "claim.not_by_heir"
