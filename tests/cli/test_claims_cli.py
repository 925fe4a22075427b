"""`jmo claim` and `jmo jht post` against the test database: the role check, each move, and
posting twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmo.cli.main import app
from jmo.domain.accounts import Actor
from jmo.domain.audit import AuditEntry
from jmo.domain.claims.model import Claim, ClaimProgram, ClaimReason
from jmo.settings import Settings
from jmo.usecases.claims.submit import submit_claim
from jmo.usecases.services import Services
from tests.jht_cast import complete_update, create_officer, enrol_worker, job, uploads_for


@pytest.fixture
def cli_env(
    settings: Settings, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """The CLI reads the same database with the same keys as the test's services."""
    monkeypatch.setenv("JMO_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    monkeypatch.setenv("JMO_SECRET_KEY", settings.secret_key.get_secret_value())
    monkeypatch.setenv("JMO_FIELD_KEYS", settings.field_keys.get_secret_value())
    monkeypatch.setenv("JMO_BLIND_INDEX_KEY", settings.blind_index_key.get_secret_value())
    # the claim moves are tested here; the payout hold after a bank change in tests/usecases
    monkeypatch.setenv("JMO_BANK_COOLING_OFF_DAYS", "0")
    return CliRunner()


def resignation_claim(services: Services, actor: Actor) -> Claim:
    return submit_claim(
        services.uow(),
        actor,
        ClaimProgram.JHT,
        {"reason": "jht.resignation"},
        uploads_for(ClaimReason.JHT_RESIGNATION),
        benefits=services.benefits,
        notices=services.notices,
        inspector=services.attachments,
        policy=services.policy,
        now=services.clock.now(),
    )


def test_staff_move_a_claim_from_the_command_line(cli_env: CliRunner, services: Services) -> None:
    member = enrol_worker(services, employments=(job(date(2024, 1, 1), date(2025, 6, 30)),))
    actor = complete_update(services, member)
    claim = resignation_claim(services, actor)
    create_officer(services, "petugas@test.jmo.id")
    runner = cli_env

    denied = runner.invoke(app, ["claim", "list", "--as", member.email])
    assert denied.exit_code == 1 and "auth.staff_only" in denied.output
    listed = runner.invoke(app, ["claim", "list", "--as", "petugas@test.jmo.id"])
    assert listed.exit_code == 0 and claim.number in listed.output
    too_early = runner.invoke(app, ["claim", "pay", claim.number, "--as", "petugas@test.jmo.id"])
    assert too_early.exit_code == 1 and "claim.transition_not_allowed" in too_early.output
    create_officer(services, "kedua@test.jmo.id")  # four eyes: another officer approves
    for step, by in (("verify", "petugas@test.jmo.id"), ("approve", "kedua@test.jmo.id")):
        moved = runner.invoke(app, ["claim", step, claim.number, "--as", by])
        assert moved.exit_code == 0, moved.output
    paid = runner.invoke(
        app, ["claim", "pay", claim.number, "--as", "petugas@test.jmo.id", "--reference", "TRF-7"]
    )
    assert paid.exit_code == 0 and "is now paid" in paid.output
    shown = runner.invoke(app, ["claim", "show", claim.number, "--as", "petugas@test.jmo.id"])
    assert shown.exit_code == 0
    assert all(s in shown.output for s in ("submitted", "verified", "approved", "paid", "TRF-7"))
    unknown = runner.invoke(
        app, ["claim", "show", "JHT-00000000-XXXXXX", "--as", "petugas@test.jmo.id"]
    )
    assert unknown.exit_code == 1 and "claim.not_found" in unknown.output


def test_posting_twice_posts_nothing_the_second_time(
    cli_env: CliRunner, services: Services
) -> None:
    enrol_worker(services, employments=(job(date(2020, 1, 1)),), account=False)
    first = cli_env.invoke(app, ["jht", "post"])
    assert first.exit_code == 0 and "for 1 participants" in first.output
    assert "ledger posted: 0 entries" not in first.output
    second = cli_env.invoke(app, ["jht", "post"])
    assert second.exit_code == 0 and "ledger posted: 0 entries" in second.output


def test_reading_a_claim_at_the_console_is_recorded_for_the_participant(
    cli_env: CliRunner, services: Services
) -> None:
    """`jmo claim show` is a staff read like the API's: the participant sees it in their
    access log. The work queue names no one and is not recorded."""
    member = enrol_worker(services, employments=(job(date(2024, 1, 1), date(2025, 6, 30)),))
    actor = complete_update(services, member)
    claim = resignation_claim(services, actor)
    create_officer(services, "petugas@test.jmo.id")

    def reads() -> list[AuditEntry]:
        uow = services.uow()
        with uow:
            entries = uow.audit.for_subjects([("participant", str(member.participant.id))])
        return [e for e in entries if e.action == "participant.viewed"]

    listed = cli_env.invoke(app, ["claim", "list", "--as", "petugas@test.jmo.id"])
    assert listed.exit_code == 0 and claim.number in listed.output
    assert member.kpj not in listed.output and reads() == []
    shown = cli_env.invoke(app, ["claim", "show", claim.number, "--as", "petugas@test.jmo.id"])
    assert shown.exit_code == 0, shown.output
    (read,) = reads()
    assert (read.details["what"], read.actor_role, read.channel) == ("claim", "officer", "cli")
    assert read.details["number"] == claim.number


def test_a_branch_step_from_the_command_line(cli_env: CliRunner, services: Services) -> None:
    """A claim above the self-service limit waits for the branch step before payment."""
    member = enrol_worker(services, employments=(job(date(2010, 1, 1), date(2019, 12, 31)),))
    actor = complete_update(services, member)
    claim = resignation_claim(services, actor)
    assert claim.route.value == "branch"
    create_officer(services, "petugas@test.jmo.id")
    officer = ["--as", "petugas@test.jmo.id"]
    create_officer(services, "kedua@test.jmo.id")  # four eyes: another officer approves
    for step, by in (("verify", officer), ("approve", ["--as", "kedua@test.jmo.id"])):
        assert cli_env.invoke(app, ["claim", step, claim.number, *by]).exit_code == 0
    held = cli_env.invoke(app, ["claim", "pay", claim.number, *officer])
    assert held.exit_code == 1 and "claim.branch_step_required" in held.output
    recorded = cli_env.invoke(
        app, ["claim", "branch-step", claim.number, *officer, "--step", "documents_seen"]
    )
    assert recorded.exit_code == 0 and "documents_seen at branch SBY01" in recorded.output
    paid = cli_env.invoke(app, ["claim", "pay", claim.number, *officer])
    assert paid.exit_code == 0 and "is now paid" in paid.output


def test_claim_show_tells_the_officer_about_the_payout_hold(
    cli_env: CliRunner, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9 item 2: the officer learns of a new bank account's hold when opening the
    claim, not at payment."""
    member = enrol_worker(services, employments=(job(date(2024, 1, 1), date(2025, 6, 30)),))
    actor = complete_update(services, member)  # the payout account changed today
    claim = resignation_claim(services, actor)
    create_officer(services, "petugas@test.jmo.id")
    monkeypatch.setenv("JMO_BANK_COOLING_OFF_DAYS", "7")
    shown = cli_env.invoke(app, ["claim", "show", claim.number, "--as", "petugas@test.jmo.id"])
    assert shown.exit_code == 0, shown.output
    assert "payout hold" in shown.output and "2026-12-02" in shown.output
    monkeypatch.setenv("JMO_BANK_COOLING_OFF_DAYS", "0")
    shown = cli_env.invoke(app, ["claim", "show", claim.number, "--as", "petugas@test.jmo.id"])
    assert shown.exit_code == 0 and "payout hold" not in shown.output
