"""Staff sign in at /petugas/masuk with a password and a TOTP code: the first time they
enrol the authenticator by QR code and get ten recovery codes; a code works once; a
disabled account and a reset second factor; staff sessions end sooner when idle; `jmo
staff` creates, disables, resets and (in development only) prints the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.cli.main import app as cli
from jmo.domain.accounts import Role
from jmo.domain.backoffice.totp import code_at, current_code, matching_step, time_step
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.usecases.backoffice.staff_accounts import disable_staff, reset_two_factor
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import PASSWORD
from tests.staff import STAFF_SECRET, fresh_code, staff_member

EMAIL = "petugas.baru@kantor.jmo.id"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_rfc_6238_reference_values() -> None:
    """RFC 6238 appendix B (SHA-1, the 20-byte ASCII key "12345678901234567890"), the last
    six of its eight digits."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert code_at(secret, 59 // 30) == "287082"
    assert code_at(secret, 1111111109 // 30) == "081804"
    assert code_at(secret, 2000000000 // 30) == "279037"


def test_a_code_works_once_and_only_near_its_time(clock: FixedClock) -> None:
    now = clock.now()
    code = current_code(STAFF_SECRET, now)
    step = matching_step(STAFF_SECRET, code, now, after=None)
    assert step == time_step(now)
    assert matching_step(STAFF_SECRET, code, now, after=step) is None  # replay
    assert matching_step(STAFF_SECRET, code, now + timedelta(minutes=2), after=None) is None


def _sign_in(client: TestClient, code: str = "", email: str = EMAIL) -> httpx.Response:
    page = client.get("/petugas/masuk")
    assert page.status_code == 200
    # the test client's methods reach mypy untyped; the annotation says what they give
    answer: httpx.Response = client.post(
        "/petugas/masuk",
        data={
            "email": email,
            "password": PASSWORD,
            "code": code,
            "csrf_token": client.cookies.get("jmo_csrf") or "",
        },
        follow_redirects=False,
    )
    return answer


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_first_sign_in_enrols_by_qr_then_password_and_code(
    client: TestClient, services: Services
) -> None:
    staff_member(services, EMAIL, totp=False)
    assert client.get("/petugas", follow_redirects=False).headers["location"] == "/petugas/masuk"

    first = _sign_in(client)
    assert first.status_code == 303 and first.headers["location"] == "/petugas/autentikator"
    assert "jmo_session" not in client.cookies  # no session before the second factor
    page = client.get("/petugas/autentikator")
    assert 'src="data:image/svg+xml' in page.text  # the QR code, drawn on the server
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page.text).group(1)  # type: ignore[union-attr]
    wrong = client.post(
        "/petugas/autentikator", data={"code": "000000", "csrf_token": _csrf(page.text)}
    )
    assert wrong.status_code == 400 and "Kode autentikator salah" in wrong.text
    done = client.post(
        "/petugas/autentikator",
        data={"code": current_code(secret, services.clock.now()), "csrf_token": _csrf(page.text)},
    )
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.text)
    assert done.status_code == 200 and len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/petugas").status_code == 200  # signed in
    client.post("/petugas/keluar", data={"csrf_token": _csrf(client.get("/petugas").text)})
    assert client.get("/petugas", follow_redirects=False).status_code == 303

    # from now on: the password alone is not enough, and a code works once
    assert "Masukkan kode 6 angka" in _sign_in(client).text
    code = fresh_code(services, secret)
    assert _sign_in(client, code).headers["location"] == "/petugas"
    replay = _sign_in(client, code)
    assert replay.status_code == 400
    # a recovery code, once (the lost-phone way in)
    assert _sign_in(client, codes[0]).status_code == 303
    assert _sign_in(client, codes[0]).status_code == 400
    uow = services.uow()
    with uow:
        account = uow.accounts.get_by_email(EMAIL)
        assert account is not None
        assert uow.accounts.recovery_codes_left(account.id) == 9


def test_the_api_login_of_staff_needs_the_code_too(client: TestClient, services: Services) -> None:
    staff_member(services, EMAIL)
    body = {"email": EMAIL, "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=body).json()["error"]["code"] == (
        "auth.totp_required"
    )
    ok = client.post("/api/v1/auth/login", json=body | {"otp": fresh_code(services)})
    assert ok.status_code == 200


def test_disabled_staff_and_a_reset_second_factor(client: TestClient, services: Services) -> None:
    staff_member(services, EMAIL)
    assert _sign_in(client, fresh_code(services)).status_code == 303
    assert client.get("/petugas").status_code == 200
    reset_two_factor(services.uow(), operator_actor(), email=EMAIL, now=services.clock.now())
    assert client.get("/petugas", follow_redirects=False).status_code == 303  # session ended
    again = _sign_in(client, fresh_code(services))
    assert again.headers["location"] == "/petugas/autentikator"

    disable_staff(services.uow(), operator_actor(), email=EMAIL, now=services.clock.now())
    refused = _sign_in(client, fresh_code(services))
    assert refused.status_code == 400 and "Email atau kata sandi salah" in refused.text


def test_staff_sessions_end_sooner_when_idle(
    client: TestClient, services: Services, clock: FixedClock
) -> None:
    staff_member(services, EMAIL)
    _sign_in(client, fresh_code(services))
    assert client.get("/petugas").status_code == 200
    clock.advance(timedelta(minutes=services.policy.staff_session_idle_minutes + 1))
    assert services.policy.staff_session_idle_minutes < services.policy.session_idle_minutes
    expired = client.get("/petugas", follow_redirects=False)
    assert expired.headers["location"] == "/petugas/masuk?expired=1"


@pytest.fixture
def cli_env(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("JMO_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    monkeypatch.setenv("JMO_SECRET_KEY", settings.secret_key.get_secret_value())
    monkeypatch.setenv("JMO_FIELD_KEYS", settings.field_keys.get_secret_value())
    monkeypatch.setenv("JMO_BLIND_INDEX_KEY", settings.blind_index_key.get_secret_value())
    return CliRunner()


def test_jmo_staff_commands(
    cli_env: CliRunner, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = cli_env.invoke(
        cli,
        ["staff", "create", EMAIL, "--role", "supervisor", "--branch", "sby01"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert made.exit_code == 0 and "supervisor" in made.output and "SBY01" in made.output
    unknown = cli_env.invoke(
        cli,
        ["staff", "create", "x@kantor.jmo.id", "--role", "officer", "--branch", "XX99"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert unknown.exit_code == 1  # no such branch office
    assert cli_env.invoke(cli, ["staff", "totp", EMAIL]).exit_code == 2  # not development
    uow = services.uow()
    with uow:
        account = uow.accounts.get_by_email(EMAIL)
    assert account is not None and account.role is Role.SUPERVISOR
    assert account.branch_code == "SBY01"
    assert cli_env.invoke(cli, ["staff", "reset-2fa", EMAIL]).exit_code == 0
    assert cli_env.invoke(cli, ["staff", "disable", EMAIL]).exit_code == 0
    with uow:
        account = uow.accounts.get_by_email(EMAIL)
    assert account is not None and account.disabled_at is not None


def test_the_participants_login_page_points_staff_to_theirs(
    client: TestClient, services: Services
) -> None:
    staff_member(services, EMAIL)
    client.get("/login")
    answer = client.post(
        "/login",
        data={
            "email": EMAIL,
            "password": PASSWORD,
            "csrf_token": client.cookies.get("jmo_csrf") or "",
            "next": "/beranda",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 400 and "/petugas/masuk" in answer.text
    assert "jmo_session" not in client.cookies
