"""A client generated from the live OpenAPI document (openapi-python-client, pinned) drives
what the phone app does, through the generated code only: login, the whole Pengkinian Data
flow with the selfie and a new phone number proven with its code, Cek Saldo, a claim quote
and submission, the card and a complaint. The client raises on a status the document does
not list and parses every answer with the document's models, so the test fails when the
document and the API disagree."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType

from jmo.usecases.services import Services
from tests.cast import selfie, sent_codes, valid_additional, valid_contact, valid_population
from tests.jht_cast import enrol_worker, job, pdf_bytes, png_bytes

pytestmark = pytest.mark.db

PACKAGE = "jmo_generated_client"


@pytest.fixture
def generated(live_server: str, tmp_path: Path) -> Iterator[ModuleType]:
    """The client package, generated now from the document the server serves."""
    config = Config.from_sources(
        ConfigFile(
            post_hooks=[],
            package_name_override=PACKAGE,
            project_name_override=PACKAGE,
            http_timeout=300,  # the first request builds the document (a walk of the code)
        ),
        MetaType.NONE,
        f"{live_server}/api/openapi.json",
        "utf-8",
        True,
        tmp_path / PACKAGE,
    )
    problems = generate(config=config)
    # Every schema and every answer made it into the client (a warning drops one).
    assert not problems, [f"{p.header}: {p.detail}" for p in problems]
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


class Api:
    """Calls by operation id (``pengkinian_selfie``), through the generated modules."""

    def __init__(self, package: ModuleType, client: Any) -> None:
        self.package = package
        self.client = client

    def model(self, name: str) -> Any:
        return getattr(importlib.import_module(f"{PACKAGE}.models"), name)

    def file(self, data: bytes, name: str, mime: str) -> Any:
        return importlib.import_module(f"{PACKAGE}.types").File(
            payload=BytesIO(data), file_name=name, mime_type=mime
        )

    def call(self, tag: str, operation: str, expected: int = 200, **kwargs: Any) -> Any:
        module = importlib.import_module(f"{PACKAGE}.api.{tag}.{operation}")
        response = module.sync_detailed(client=self.client, **kwargs)
        assert response.status_code == expected, (operation, response.status_code, response.content)
        assert response.parsed is not None, operation
        return response.parsed


def test_the_phone_apps_flows_through_a_generated_client(
    generated: ModuleType, live_server: str, services: Services
) -> None:
    services.benefits = replace(
        services.benefits, bank_cooling_off_days=0, contact_cooling_off_days=0
    )
    member = enrol_worker(
        services, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),)
    )
    anonymous = Api(
        generated, generated.Client(base_url=live_server, raise_on_unexpected_status=True)
    )
    login = anonymous.model("LoginIn")(email=member.email, password=member.password)
    token = anonymous.call("auth", "auth_api_login", body=login).token
    api = Api(
        generated,
        generated.AuthenticatedClient(
            base_url=live_server, token=token, raise_on_unexpected_status=True
        ),
    )
    assert api.call("auth", "auth_me").data_is_current is False

    # Pengkinian Data, steps 5-10.
    assert api.call("pengkinian", "pengkinian_start").step == "identity"
    api.call("pengkinian", "pengkinian_identity_confirm")
    photo = api.file(selfie("budi"), "selfie.jpg", "image/jpeg")
    body = api.model("BodyPengkinianSelfie")(file=photo)
    assert api.call("pengkinian", "pengkinian_selfie", body=body).decision == "pass"
    contact = api.model("ContactIn").from_dict(valid_contact(member))
    pending = api.call("pengkinian", "pengkinian_contact", body=contact)
    assert pending.step == "contact" and "phone" in pending.pending_checks.to_dict()
    codes = api.model("ContactCodesIn").from_dict(sent_codes(services, member))
    assert api.call("pengkinian", "pengkinian_contact_verify", body=codes).step == "population"
    population = api.model("PopulationIn").from_dict(valid_population("P"))
    api.call("pengkinian", "pengkinian_population", body=population)
    additional = api.model("AdditionalIn").from_dict(valid_additional())
    state = api.call("pengkinian", "pengkinian_additional", body=additional)
    assert state.step == "confirm"
    submit = api.model("SubmitIn")(terms_accepted=True, terms_version=state.terms_version)
    applied = api.call("pengkinian", "pengkinian_submit", body=submit, idempotency_key="app-1")
    assert applied.status == "applied"
    assert "phone" in {change.field for change in applied.changes}
    assert api.call("auth", "auth_me").data_is_current is True

    # Cek Saldo.
    balance = api.call("jht", "jht_balance")
    assert balance.total > 0 and balance.records[0].kpj == member.kpj

    # A claim: quote, then submission with its documents.
    quote_in = api.model("ClaimQuoteJhtResignationIn")(program="jht", reason="jht.resignation")
    quote = api.call("claims", "claims_quote", body=quote_in)
    assert quote.eligible is True and quote.benefit.net > 0
    claim_in = api.model("ClaimSubmissionIn")(
        program=api.model("ClaimSubmissionInProgram")("jht"),
        reason=api.model("ClaimSubmissionInReason")("jht.resignation"),
        e_ktp=api.file(png_bytes(), "ktp.png", "image/png"),
        kartu_keluarga=api.file(pdf_bytes(), "kk.pdf", "application/pdf"),
        resignation_letter=api.file(pdf_bytes(), "surat.pdf", "application/pdf"),
    )
    claim = api.call("claims", "claims_submit", 201, body=claim_in, idempotency_key="claim-1")
    assert claim.status.code == "submitted"
    assert api.call("claims", "claims_one", claim_id=claim.id).number == claim.number

    # The card, and its public check.
    card = api.call("card", "card_card")
    assert card.kpj == member.kpj
    assert anonymous.call("card", "card_verify", token=card.token).status == "valid"

    # A complaint.
    category = api.model("BodyComplaintsCreateCategory")("saldo-iuran")
    complaint_in = api.model("BodyComplaintsCreate")(
        category=category, description="Saldo JHT saya tahun 2019 belum lengkap."
    )
    complaint = api.call(
        "complaints", "complaints_create", 201, body=complaint_in, idempotency_key="adu-1"
    )
    assert complaint.status == "new"
    found = api.call("complaints", "complaints_detail", complaint_id=complaint.id)
    assert found.reference == complaint.reference
