"""Every route that answers with a file (uploaded documents and attachments for staff and
participants, the card, the statement, the data export) sends it sandboxed: a script
inside it cannot run in our origin, the browser does not guess another type, and it is
saved rather than opened (issue 8, item 4). The lists fail when a new download route is
not in them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.usecases.services import Services
from jmo.web import routes as web_routes
from tests.api.test_access_matrix import api_paths, owner_with_records
from tests.api.test_jht_claims_api import officer_headers
from tests.backoffice.employer_helpers import hr_user
from tests.backoffice.helpers import OWN, add_document, new_staff, sign_in
from tests.web.test_pages import log_in

SRC = Path(__file__).resolve().parents[2] / "src" / "jmo"

# path template -> who downloads it
API_DOWNLOADS = {
    "/api/v1/staff/claims/{claim_id}/documents/{document_id}": "staff",
    "/api/v1/staff/complaints/{complaint_id}/attachments/{attachment_id}": "staff",
    "/api/v1/complaints/{complaint_id}/attachments/{attachment_id}": "owner",
    "/api/v1/card/card.png": "owner",
    "/api/v1/card/card.pdf": "owner",
    "/api/v1/jht/statement.pdf": "owner",
    "/api/v1/me/requests/{request_no}/receipt.pdf": "owner",
    "/api/v1/staff/identity-corrections/{request_id}/documents/{document_id}": "staff",
}
# Staff pages (the back office): fetched with the officer's session.
# Shown in the page as pictures (``inline_image``), with the same sandbox headers.
STAFF_WEB_DOWNLOADS = {
    "/petugas/permintaan/{request_id}/dokumen/{document_id}",
    "/petugas/pengaduan/{complaint_id}/lampiran/{attachment_id}",
    "/petugas/klaim/{claim_id}/dokumen/{document_id}",
}
# ... with an employer HR user's (the correction file's template)
EMPLOYER_WEB_DOWNLOADS = {"/perusahaan/koreksi-massal/templat.csv"}
# ... and with an auditor's (the audit trail's export, streamed)
AUDITOR_WEB_DOWNLOADS = {"/petugas/audit/ekspor": "?format=csv"}
WEB_DOWNLOADS = {
    "/pengaduan/{complaint_id}/lampiran/{attachment_id}",
    "/kartu-digital/kartu.png",
    "/kartu-digital/kartu.pdf",
    "/saldo-jht/laporan",
    "/akun/data-saya.json",
    "/akun/data-saya/lengkap",
    "/riwayat/{request_no}/bukti.pdf",
}
# answered to a form post with a single-use token; checked by the test named here
POSTED_DOWNLOADS = {
    "/akun/data-saya/lengkap": "test_data_export_disclosure.py::test_the_pages_offer_the_masked_download_and_the_link"
}
QUERIES = {
    "/api/v1/jht/statement.pdf": "?kpj={kpj}&year=2015",
    "/saldo-jht/laporan": "?kpj={kpj}&tahun=2015",
}
SAFE_TYPES = {"application/pdf", "image/jpeg", "image/png", "application/json", "text/csv"}


def _api_file_routes() -> set[str]:
    """GET operations of the API whose answer is not JSON."""
    return {
        path
        for path, operations in api_paths().items()
        if "get" in operations
        and "application/json" not in operations["get"]["responses"]["200"].get("content", {})
    }


def _web_file_routes() -> set[str]:
    """Page routes that answer with a file through the one helper, directly or through a
    function of their module."""
    found = set()
    for info in pkgutil.iter_modules(web_routes.__path__):
        module = importlib.import_module(f"{web_routes.__name__}.{info.name}")
        helpers = {
            name
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__ == module.__name__
            and (
                "file_download(" in inspect.getsource(function)
                or "file_stream(" in inspect.getsource(function)
                or "inline_image(" in inspect.getsource(function)
            )
        }
        for route in module.router.routes:
            if not isinstance(route, APIRoute):
                continue
            source = inspect.getsource(route.endpoint)
            if (
                "file_download(" in source
                or "file_stream(" in source
                or "inline_image(" in source
                or any(f"{name}(" in source for name in helpers)
            ):
                found.add(route.path)
    return found


def test_every_download_route_is_listed() -> None:
    assert _api_file_routes() == set(API_DOWNLOADS)
    assert _web_file_routes() == (
        WEB_DOWNLOADS | STAFF_WEB_DOWNLOADS | EMPLOYER_WEB_DOWNLOADS | set(AUDITOR_WEB_DOWNLOADS)
    )


def _ids_for(template: str, ids: dict[str, str]) -> dict[str, str]:
    """A correction's document where the route is a correction's, a claim's elsewhere."""
    if "identity-corrections" in template or "/petugas/permintaan" in template:
        return ids | {"document_id": ids["correction_document_id"]}
    return ids


def test_files_are_answered_only_through_the_one_helper() -> None:
    """No route writes its own Content-Disposition: every file goes through
    ``jmo.edge_files.file_download`` with the sandbox headers."""
    writers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "Content-Disposition" in path.read_text() and path.name != "edge_files.py"
    )
    assert writers == []


@pytest.fixture
def clients(settings: Settings, runtime: Runtime) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        TestClient(create_app(settings, runtime)) as api,
        TestClient(create_app(settings, runtime), follow_redirects=False) as web,
    ):
        yield api, web


def assert_sandboxed(response: object, what: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert response.status_code == 200, (what, response.text)  # type: ignore[attr-defined]
    policy = headers["content-security-policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy, what
    assert headers["x-content-type-options"] == "nosniff", what
    if "/petugas/" in what and ("/dokumen/" in what or "/lampiran/" in what):
        # a picture inside the officer's page: shown, never saved as the file
        assert "content-disposition" not in headers, what
        assert headers["content-type"].split(";")[0] in {"image/jpeg", "image/png"}, what
    else:
        assert headers["content-disposition"].startswith("attachment;"), what
    assert headers["content-type"].split(";")[0] in SAFE_TYPES, what
    assert "no-store" in headers["cache-control"], what


def test_every_download_is_sandboxed(
    clients: tuple[TestClient, TestClient], services: Services
) -> None:
    api, web = clients
    owner, owner_auth, ids = owner_with_records(api, services)
    staff = officer_headers(api, services)
    ids["correction_document_id"] = add_document(services, owner, ids["request_id"])
    for template, who in API_DOWNLOADS.items():
        url = (template + QUERIES.get(template, "")).format(**_ids_for(template, ids))
        assert_sandboxed(api.get(url, headers=staff if who == "staff" else owner_auth), template)
    cookie = {"Cookie": "jmo_session=" + staff["Authorization"].removeprefix("Bearer ")}
    for template in STAFF_WEB_DOWNLOADS:
        assert_sandboxed(
            web.get(template.format(**_ids_for(template, ids)), headers=cookie), template
        )
    email = "hr.unduh@perusahaan.co.id"
    hr = sign_in(web, services, hr_user(services, email), email)
    for template in EMPLOYER_WEB_DOWNLOADS:
        assert_sandboxed(web.get(template, headers=hr.cookie), template)
    auditor = new_staff(api, services, Role.AUDITOR, OWN)
    for template, query in AUDITOR_WEB_DOWNLOADS.items():
        assert_sandboxed(web.get(template + query, headers=auditor.cookie), template)
    log_in(web, owner)
    for template in sorted(WEB_DOWNLOADS - set(POSTED_DOWNLOADS)):
        url = (template + QUERIES.get(template, "")).format(**ids)
        assert_sandboxed(web.get(url), template)
