"""Retiring an operation (docs/api.md, "Versioning and deprecation"): one ``Retirement``
marks it in the document and makes every answer it gives, errors included, carry
``Deprecation``, ``Sunset`` and ``Link``; other operations are untouched."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from jmo.api import build_routes
from jmo.api.contract.document import api_routes
from jmo.api.contract.retirement import RETIRING, Retirement, check
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from tests.cast import enrol_member

BALANCE = Retirement(
    "jht_balance",
    announced=date(2026, 12, 1),
    sunset=date(2027, 12, 1),
    replacement="GET /api/v1/jht/statement",
)


@pytest.mark.db
def test_a_retiring_operation_says_so_in_the_document_and_every_answer(
    settings: Settings, runtime: Runtime
) -> None:
    with TestClient(create_app(settings, runtime, retiring=(BALANCE,))) as client:
        document = client.get("/api/openapi.json").json()
        balance = document["paths"]["/api/v1/jht/balance"]["get"]
        assert balance["deprecated"] is True
        assert "2027-12-01" in balance["description"]
        assert "GET /api/v1/jht/statement" in balance["description"]
        for response in balance["responses"].values():
            assert {"Deprecation", "Sunset", "Link"} <= set(response["headers"])
        assert "deprecated" not in document["paths"]["/api/v1/me"]["get"]

        anonymous = client.get("/api/v1/jht/balance")  # an error answer carries them too
        assert anonymous.status_code == 401
        assert anonymous.headers["deprecation"] == "@1796083200"  # 2026-12-01T00:00Z
        assert anonymous.headers["sunset"] == "Wed, 01 Dec 2027 00:00:00 GMT"
        assert anonymous.headers["link"] == '</api/docs#jht_balance>; rel="deprecation"'

        member = enrol_member(runtime.services)
        token = client.post(
            "/api/v1/auth/login", json={"email": member.email, "password": member.password}
        ).json()["token"]
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200
        assert "deprecation" not in me.headers and "sunset" not in me.headers


def test_the_notice_is_at_least_twelve_months() -> None:
    with pytest.raises(ValueError, match="at least 365 days"):
        Retirement("jht_balance", date(2026, 12, 1), date(2027, 6, 1), "nothing")


def test_a_retirement_names_an_operation_that_exists() -> None:
    routes = api_routes(build_routes())
    assert set(check(RETIRING, routes)) <= {r.unique_id for r in routes}
    typo = Retirement("jht_balanse", date(2026, 12, 1), date(2027, 12, 1), "nothing")
    with pytest.raises(ValueError, match="jht_balanse"):
        check([typo], routes)
