"""Every staff read of a participant's data is recorded and shown to the participant
(issue 8, item 5): a matrix over every staff GET route of the API, which fails when a new
one is missing from it. Work queues list no personal data and are not recorded; everything
an officer opens is. Staff views show the last four digits of a bank account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.domain.participant import FieldChange
from jmo.domain.pengkinian.change_request import Channel
from jmo.settings import Settings
from jmo.usecases.backoffice.approvals import hold_bank_change
from jmo.usecases.services import Services
from jmo.usecases.staff_reads import StaffRead
from jmo.web.labels import STAFF_READS as STAFF_READ_SENTENCES
from tests.api.test_access_matrix import api_paths, owner_with_records
from tests.api.test_jht_claims_api import officer_headers
from tests.backoffice.helpers import add_document
from tests.cast import Member
from tests.staff import staff_member
from tests.web.test_pages import log_in

SRC = Path(__file__).resolve().parents[2] / "src" / "jmo"

# route -> what the participant's access log says was read (None: a work queue, which
# shows no personal data and records nothing)
STAFF_READS: dict[str, str | None] = {
    "/api/v1/staff/claims": None,
    "/api/v1/staff/claims/{claim_id}": "claim",
    "/api/v1/staff/claims/{claim_id}/documents/{document_id}": "claim_document",
    "/api/v1/staff/claims/{claim_id}/heirs": "heirs",
    "/api/v1/staff/complaints": None,
    "/api/v1/staff/freezes": None,
    "/api/v1/staff/complaints/{complaint_id}": "complaint",
    "/api/v1/staff/complaints/{complaint_id}/attachments/{attachment_id}": "complaint_attachment",
    "/api/v1/staff/change-requests/{request_id}": "change_request",
    "/api/v1/staff/participants/{participant_id}/risk": "risk",
    "/api/v1/staff/participants/{participant_id}/biometric-attempts": "biometric_attempts",
    "/api/v1/staff/queue": None,
    "/api/v1/staff/appointments": None,  # booking codes and references, no one's data
    "/api/v1/staff/identity-corrections/{request_id}": "change_request",
    "/api/v1/staff/identity-corrections/{request_id}/documents/{document_id}": (
        "change_request_document"
    ),
    "/api/v1/staff/counter-requests/{request_id}": "change_request",
    # Unfiltered, the audit trail records ``audit.viewed``, not a participant's read; named,
    # a participant's trail is the read "audit_trail" (tests/backoffice/test_audit_trail.py).
    "/api/v1/staff/audit": None,
}
# Only for a claim filed by an heir (the owner's claim is not one: 409); the read is
# recorded for the deceased and the claimant in tests/accounts/test_heirs.py.
DEATH_CLAIM_ONLY = {"/api/v1/staff/claims/{claim_id}/heirs"}
# Auditors and supervisors only (``audit.read``); its reads are checked in
# tests/backoffice/test_audit_trail.py.
AUDIT_ONLY = {"/api/v1/staff/audit"}


def _counter_request(services: Services, owner: Member) -> str:
    """A bank change of the owner held at the branch counter (what the counter-requests
    route opens)."""
    officer = staff_member(services, "loket@kantor.jmo.id", Role.OFFICER, "SBY01")
    uow = services.uow()
    with uow:
        participant = uow.participants.get(owner.participant.id)
        assert participant is not None
        change = FieldChange("bank_code", participant.profile.bank_code, "008")
        held = hold_bank_change(
            uow, officer, participant, (change,), channel=Channel.BRANCH, now=services.clock.now()
        )
        uow.commit()
    assert held is not None
    return str(held.id)


def staff_get_routes() -> set[str]:
    return {
        path
        for path, operations in api_paths().items()
        if path.startswith("/api/v1/staff/") and "get" in operations
    }


def test_every_staff_read_route_is_in_the_matrix() -> None:
    assert staff_get_routes() == set(STAFF_READS)


def test_a_staff_read_is_defined_once() -> None:
    """The audit action of a staff read is written in one place, the helper every staff
    read goes through (it was written in three use cases)."""
    writers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if '"participant.viewed"' in path.read_text()
    )
    assert writers == ["usecases/staff_reads.py"]


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def _reads(client: TestClient, auth: dict[str, str]) -> list[dict[str, Any]]:
    log = client.get("/api/v1/me/access-log", headers=auth)
    assert log.status_code == 200, log.text
    return [e for e in log.json() if e["action"] == "participant.viewed"]


def test_every_staff_read_is_recorded_and_shown_to_the_participant(
    client: TestClient, services: Services, settings: Settings, runtime: Runtime
) -> None:
    owner, owner_auth, ids = owner_with_records(client, services)
    correction_document = add_document(services, owner, ids["request_id"])
    counter_request = _counter_request(services, owner)
    staff = officer_headers(client, services)
    assert _reads(client, owner_auth) == []
    name = owner.participant.identity.full_name
    personal = (owner.kpj, name, name.upper(), owner.email)
    for template, what in STAFF_READS.items():
        if template in DEATH_CLAIM_ONLY | AUDIT_ONLY:
            continue
        before = len(_reads(client, owner_auth))
        values = ids | (
            {"document_id": correction_document} if "identity-corrections" in template else {}
        )
        if "counter-requests" in template:
            values["request_id"] = counter_request
        response = client.get(template.format(**values), headers=staff)
        assert response.status_code == 200, (template, response.text)
        new = _reads(client, owner_auth)[: -before or None]  # newest first
        if what is None:
            assert new == [], template
            assert not any(value in response.text for value in personal), template
        else:
            assert [(e["what"], e["by"]) for e in new] == [(what, "officer")], template

    # the participant's page "Riwayat akses" says it too
    with TestClient(create_app(settings, runtime), follow_redirects=False) as web:
        log_in(web, owner)
        page = web.get("/akun/riwayat-akses", headers={"Accept-Language": "id"})
    assert page.status_code == 200
    shown = [w for t, w in STAFF_READS.items() if w and t not in DEATH_CLAIM_ONLY]
    assert page.text.count("Petugas membuka") == len(shown)
    assert "dokumen klaim" in page.text


def test_staff_see_the_last_four_digits_of_a_bank_account(
    client: TestClient, services: Services
) -> None:
    """The change request that changed the bank account: the officer sees the last four
    digits of the old and the new account; the participant's own view is masked too
    (issue 8 item 12: a password alone must not give the account numbers)."""
    owner, owner_auth, ids = owner_with_records(client, services)
    uow = services.uow()
    with uow:
        (update,) = [
            r
            for r in uow.change_requests.for_participant(owner.participant.id)
            if any(c.field == "bank_account" for c in r.changes)
        ]
    old, new = next((c.old, c.new) for c in update.changes if c.field == "bank_account")
    assert old and new
    staff = officer_headers(client, services)
    seen = client.get(f"/api/v1/staff/change-requests/{update.id}", headers=staff)
    assert seen.status_code == 200, seen.text
    change = next(c for c in seen.json()["changes"] if c["field"] == "bank_account")
    assert change["old"] == "*" * (len(old) - 4) + old[-4:]
    assert change["new"] == "*" * (len(new) - 4) + new[-4:]
    assert old not in seen.text and new not in seen.text
    own = client.get(f"/api/v1/pengkinian/change-requests/{update.id}", headers=owner_auth)
    assert own.status_code == 200 and new not in own.text and new[-3:] in own.text

    # a claim: the last four digits, the full account only once it is approved for payment
    claim = client.get(f"/api/v1/staff/claims/{ids['claim_id']}", headers=staff).json()
    assert claim["bank"]["account"] is None
    assert re.fullmatch(r"\*+\d{4}", claim["bank"]["account_masked"])
    second = officer_headers(client, services, "kedua@test.jmo.id")  # four eyes
    for move, by in (("verify", staff), ("approve", second)):
        client.post(f"/api/v1/staff/claims/{ids['claim_id']}/{move}", headers=by)
    approved = client.get(f"/api/v1/staff/claims/{ids['claim_id']}", headers=staff).json()
    assert approved["bank"]["account"] == new
    mine = client.get(f"/api/v1/claims/{ids['claim_id']}", headers=owner_auth).json()
    assert mine["bank"]["account"] is None


def test_every_kind_of_staff_read_has_a_sentence_for_the_participant() -> None:
    assert set(STAFF_READ_SENTENCES) == set(StaffRead)
    assert {w for w in STAFF_READS.values() if w} <= {r.value for r in StaffRead}


def test_a_participant_is_refused_before_a_staff_path_is_read(
    client: TestClient, services: Services
) -> None:
    """The staff routes added for issue 8 check the role before the path (403, not 422)."""
    _, owner_auth, _ = owner_with_records(client, services)
    for path in ("/change-requests/not-an-id", "/complaints/not-an-id/attachments/x"):
        response = client.get("/api/v1/staff" + path, headers=owner_auth)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"]["code"] == "auth.staff_only"
