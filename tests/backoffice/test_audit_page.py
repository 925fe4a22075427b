"""/petugas/audit and its download: the same use case as ``jmo audit export``, in words,
with the errors next to their fields and a link to the next (older) page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.usecases.auditing import audit
from jmo.usecases.participants.history import participant_history
from jmo.usecases.services import Services
from tests.backoffice.helpers import OWN, new_staff
from tests.cast import enrol_member


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_an_auditor_filters_pages_and_downloads(client: TestClient, services: Services) -> None:
    budi = enrol_member(services)
    officer = new_staff(client, services, Role.OFFICER, OWN)
    auditor = new_staff(client, services, Role.AUDITOR, OWN)
    participant_history(services.uow(), officer.actor, kpj=budi.kpj, now=services.clock.now())
    uow = services.uow()
    with uow:
        for i in range(60):
            at = services.clock.now() + timedelta(seconds=i)
            audit(uow, officer.actor, "notice.sent", subject_type="notice", subject_id=i, at=at)
        uow.commit()

    page = client.get("/petugas/audit", params={"peserta": budi.kpj}, headers=auditor.cookie)
    assert page.status_code == 200
    assert "Petugas membuka riwayat data Anda" in page.text  # the read, in words
    assert officer.email in page.text and f"KPJ {budi.kpj}" in page.text
    assert 'href="/petugas/audit"' in page.text  # the menu shows the page to an auditor

    first = client.get("/petugas/audit", params={"tindakan": "notice.sent"}, headers=auditor.cookie)
    assert first.text.count('data-action="notice.sent"') == 50
    next_link = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert next_link is not None
    older = client.get(next_link.group(1).replace("&amp;", "&"), headers=auditor.cookie)
    assert older.text.count('data-action="notice.sent"') == 10
    assert 'rel="next"' not in older.text

    download = client.get(
        "/petugas/audit/ekspor",
        params={"tindakan": "notice.sent", "format": "csv"},
        headers=auditor.cookie,
    )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    assert len(list(csv.DictReader(io.StringIO(download.text)))) == 60


def test_a_wrong_filter_is_named_next_to_its_field(client: TestClient, services: Services) -> None:
    supervisor = new_staff(client, services, Role.SUPERVISOR, OWN)
    page = client.get(
        "/petugas/audit",
        params={"peserta": "Budi", "dari": "2026-11-05", "sampai": "2026-11-01"},
        headers=supervisor.cookie,
    )
    assert page.status_code == 400
    assert 'id="e-peserta"' in page.text and "KPJ (11 angka) atau NIK (16 angka)" in page.text
    assert 'id="e-sampai"' in page.text
    assert 'value="Budi"' in page.text  # what was typed stays


def test_an_officer_has_no_audit_page_nor_menu(client: TestClient, services: Services) -> None:
    officer = new_staff(client, services, Role.OFFICER, OWN)
    assert client.get("/petugas/audit", headers=officer.cookie).status_code == 403
    assert 'href="/petugas/audit"' not in client.get("/petugas", headers=officer.cookie).text
