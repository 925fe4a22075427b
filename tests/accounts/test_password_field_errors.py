"""Issue 12: a too-short new password on the reset and change forms is answered next to
the ``new_password`` field (page) and under that field name (API), never an empty form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.test_account_security import mailed_link_token, token_of
from tests.cast import Member, enrol_member
from tests.web.test_pages import csrf_of, log_in


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


@pytest.fixture
def budi(services: Services) -> Member:
    return enrol_member(services)


def _reset_token(client: TestClient, services: Services, member: Member) -> str:
    page = client.get("/lupa-kata-sandi")
    sent = client.post(
        "/lupa-kata-sandi", data={"email": member.email, "csrf_token": csrf_of(page.text)}
    )
    assert sent.status_code == 200
    return mailed_link_token(services, "account.password_reset")


def test_reset_page_shows_the_too_short_message_next_to_the_field(
    client: TestClient, services: Services, budi: Member
) -> None:
    token = _reset_token(client, services, budi)
    page = client.get(f"/akun/reset-kata-sandi?token={token}")
    answer = client.post(
        "/akun/reset-kata-sandi",
        data={"token": token, "new_password": "pendek", "csrf_token": csrf_of(page.text)},
    )
    assert answer.status_code == 422
    assert 'id="e-new_password"' in answer.text
    assert 'aria-describedby="e-new_password"' in answer.text
    assert "minimal 10 karakter" in answer.text.split('id="e-new_password"')[1][:200]


def test_change_password_page_shows_the_too_short_message_next_to_the_field(
    client: TestClient, budi: Member
) -> None:
    log_in(client, budi)
    page = client.get("/akun")
    answer = client.post(
        "/akun/kata-sandi",
        data={
            "current_password": budi.password,
            "new_password": "pendek",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert answer.status_code == 422
    assert 'id="e-new_password"' in answer.text
    assert "minimal 10 karakter" in answer.text.split('id="e-new_password"')[1][:200]


def test_api_names_the_new_password_field(
    client: TestClient, services: Services, budi: Member
) -> None:
    bearer = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    change = client.post(
        "/api/v1/me/password",
        headers=bearer,
        json={"current_password": budi.password, "new_password": "pendek"},
    )
    assert change.status_code == 422
    assert change.json()["error"]["fields"][0] == {
        "field": "new_password",
        "code": "password.too_short",
        "message": change.json()["error"]["fields"][0]["message"],
    }
    client.post("/api/v1/auth/password-reset", json={"email": budi.email})
    token = mailed_link_token(services, "account.password_reset")
    reset = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "pendek"}
    )
    assert reset.status_code == 422
    field = reset.json()["error"]["fields"][0]
    assert (field["field"], field["code"]) == ("new_password", "password.too_short")
