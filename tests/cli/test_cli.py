"""The `jmo` command against a fresh SQLite file: migrate, seed, enrol, history, audit."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmo.adapters.regions import load_region_directory
from jmo.cli.demo import DEMO_EMPLOYER_HR, DEMO_STAFF, PERSONAS, generated_participants
from jmo.cli.main import app
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.nik import check_nik_consistent, parse_nik
from jmo.domain.reference import Gender
from tests.cast import SELFIES


def test_generated_participants_are_deterministic_and_valid() -> None:
    regions = load_region_directory()
    today = date(2026, 11, 25)
    first = generated_participants(random.Random(7), regions, today, 40)
    again = generated_participants(random.Random(7), regions, today, 40)
    other = generated_participants(random.Random(8), regions, today, 40)
    assert [p.nik for p in first] == [p.nik for p in again]
    assert [p.nik for p in first] != [p.nik for p in other]
    assert len({p.kpj for p in first}) == 40
    for person in first:
        assert person.profile.gender is not None
        nik = parse_nik(person.nik, regions, today=today, birth_date=person.birth_date)
        check_nik_consistent(
            nik, birth_date=person.birth_date, gender=Gender(person.profile.gender)
        )
        parse_kpj(person.kpj)
        (employment,) = person.employments
        years = (today - employment.start_date).days / 365.25
        assert 1 <= round(years) <= 21
        assert 3_000_000 <= employment.monthly_wage < 25_000_000


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JMO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("JMO_FACE_WORKERS", "1")
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    return tmp_path


@pytest.mark.slow
def test_migrate_seed_enrol_and_report(env: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    seeded = runner.invoke(app, ["demo", "--participants", "3", "--seed", "5"])
    assert seeded.exit_code == 0, seeded.output
    assert f"{len(PERSONAS)} named logins, 3 generated" in seeded.output
    again = runner.invoke(app, ["demo", "--if-empty"])
    assert "nothing to do" in again.output
    # the back office's demo staff, each with a second factor set (docs/back-office.md)
    for email, _, _ in DEMO_STAFF:
        assert runner.invoke(app, ["staff", "totp", email]).exit_code == 2  # not development
        assert runner.invoke(app, ["staff", "reset-2fa", email]).exit_code == 0  # they exist
    # the demo's employer HR, and HR logins bound to a company by NPP
    assert runner.invoke(app, ["staff", "reset-2fa", DEMO_EMPLOYER_HR[0]]).exit_code == 0
    hr = ["staff", "create", "hr.baru@perusahaan.co.id", "--role", "employer_hr"]
    created = runner.invoke(app, [*hr, "--npp", "10000001", "--password", "Kantor-Maju-2026!"])
    assert created.exit_code == 0, created.output
    assert "employer_hr hr.baru@perusahaan.co.id for NPP 10000001" in created.output
    unknown = runner.invoke(
        app,
        [
            *hr[:2],
            "hr.lain@perusahaan.co.id",
            *hr[3:],
            "--npp",
            "19999999",
            "--password",
            "Kantor-Maju-2026!",
        ],
    )
    assert unknown.exit_code == 1 and "employer.not_found" in unknown.output
    no_npp = runner.invoke(app, [*hr, "--branch", "SBY01", "--password", "Kantor-Maju-2026!"])
    assert no_npp.exit_code == 2

    enrolled = runner.invoke(
        app, ["participant", "enroll-photo", "20000000007", str(SELFIES / "budi.jpg")]
    )
    assert enrolled.exit_code == 0, enrolled.output
    bad = runner.invoke(app, ["participant", "enroll-photo", "20000000007", str(env / "cli.db")])
    assert bad.exit_code == 1 and "image.not_image" in bad.output

    history = runner.invoke(app, ["participant", "history", "20000000007"])
    assert history.exit_code == 0
    assert "Joko Susilo" in history.output
    assert "participant.reference_photo_enrolled" in history.output
    assert runner.invoke(app, ["participant", "history", "99999999999"]).exit_code == 1

    verified = runner.invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output
