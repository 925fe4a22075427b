"""Safe when nothing is said (issue 8 item 7): production is the default, development is
asked for (`make run`, the suite), and the server believes forwarded addresses only from
configured proxies (item 13)."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jmo.app import create_app, create_app_from_env
from jmo.bootstrap import Runtime, policy_from
from jmo.cli.main import app as cli
from jmo.settings import ConfigurationError, Settings, load_settings
from tests.cast import enrol_member
from tests.conftest import serving

ROOT = Path(__file__).resolve().parents[2]
KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="
SECRETS = {
    "JMO_SECRET_KEY": "a-real-secret-from-the-vault",
    "JMO_FIELD_KEYS": f"k1:{KEY}",
    "JMO_BLIND_INDEX_KEY": KEY,
    "JMO_CARD_SIGNING_KEYS": f"c1:{KEY}",
    "JMO_SMTP_HOST": "mail.internal",
    "JMO_PUBLIC_URL": "https://jmo.example.id",
}


@pytest.fixture
def nothing_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("JMO_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def uvicorn_runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `jmo serve` would have started."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def test_with_nothing_set_the_service_refuses_to_start_and_names_what_to_set(
    nothing_set: Path, uvicorn_runs: list[dict[str, Any]]
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_settings()
    for name in SECRETS:
        assert name in str(refused.value)
    assert "JMO_ENVIRONMENT=development" in str(refused.value)
    with pytest.raises(ConfigurationError):
        create_app_from_env()  # `uvicorn --factory jmo.app:create_app_from_env` too
    served = CliRunner().invoke(cli, ["serve"])
    assert served.exit_code == 2 and uvicorn_runs == []
    assert "configuration refused" in served.output and "JMO_SECRET_KEY" in served.output
    assert not (nothing_set / "var" / "dev-secrets.json").exists()  # nothing generated


def test_with_its_secrets_set_it_runs_as_production(
    nothing_set: Path, monkeypatch: pytest.MonkeyPatch, runtime: Runtime
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.environment == "production"
    assert settings.cookie_secure is True
    assert settings.face_still_photo_allowed is False
    assert policy_from(settings).face_still_photo_allowed is False
    assert (settings.email_backend, settings.sms_backend) == ("smtp", "none")  # no fake delivery
    app = create_app(settings, runtime)
    with TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 50000)) as client:
        assert client.get("/dev/outbox").status_code == 404  # not even from this machine
        page = client.get("/login")
        assert "secure" in page.headers["set-cookie"].lower()
        assert "strict-transport-security" in page.headers


def test_jmo_demo_refuses_to_create_published_logins_in_production(
    nothing_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JMO_DATABASE_URL", f"sqlite:///{nothing_set / 'prod.db'}")
    seeded = CliRunner().invoke(cli, ["demo", "--if-empty"])
    assert seeded.exit_code == 2
    assert "refused in production" in seeded.output
    assert not (nothing_set / "prod.db").exists()


def test_make_run_asks_for_development(tmp_path: Path) -> None:
    """`make run` on a fresh clone: each command it runs sees JMO_ENVIRONMENT=development."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    jmo = fake_bin / "jmo"
    jmo.write_text('#!/bin/sh\necho "jmo $1 sees JMO_ENVIRONMENT=$JMO_ENVIRONMENT"\n')
    jmo.chmod(jmo.stat().st_mode | stat.S_IEXEC)
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than requirements.lock: nothing to install
    env = {k: v for k, v in os.environ.items() if not k.startswith("JMO_")}
    done = subprocess.run(
        ["make", "-s", "run", f"BIN={fake_bin}", f"STAMP={stamp}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines == [
        f"jmo {command} sees JMO_ENVIRONMENT=development" for command in ("db", "demo", "serve")
    ]


def test_jmo_serve_in_development_prints_the_demo_logins(
    nothing_set: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_runs: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("JMO_ENVIRONMENT", "development")
    served = CliRunner().invoke(cli, ["serve"])
    assert served.exit_code == 0, served.output
    assert "budi@demo.jmo.id" in served.output and "jmo-demo-2026" in served.output
    assert len(uvicorn_runs) == 1


@pytest.fixture
def served_like_jmo_serve(
    settings: Settings,
    runtime: Runtime,
    uvicorn_runs: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """A live server with the proxy options `jmo serve` gives uvicorn."""
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    monkeypatch.setenv("JMO_DATA_DIR", str(settings.data_dir))
    assert CliRunner().invoke(cli, ["serve"]).exit_code == 0
    (options,) = uvicorn_runs
    proxy_options = {
        k: options[k] for k in ("proxy_headers", "forwarded_allow_ips") if k in options
    }
    yield from serving(create_app(settings, runtime), **proxy_options)


def test_jmo_serve_does_not_believe_forwarded_addresses_from_local_clients(
    served_like_jmo_serve: str, runtime: Runtime
) -> None:
    """Item 13: uvicorn's own proxy handling believes any local client by default; a
    process on the same machine (or a misrouted request) could pick any address."""
    budi = enrol_member(runtime.services)
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    with httpx.Client(base_url=served_like_jmo_serve, headers=forwarded) as client:
        login = client.post(
            "/api/v1/auth/login", json={"email": budi.email, "password": budi.password}
        )
        token = login.json()["token"]
        devices = client.get("/api/v1/me/devices", headers={"Authorization": f"Bearer {token}"})
    (device,) = devices.json()
    assert device["client_ip"] == "127.0.0.1"
