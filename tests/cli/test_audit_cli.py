"""`jmo audit export`: the role checked, the filters, CSV and JSON to a file or stdout, the
errors named per option, and the export on the trail."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmo.cli.main import app
from jmo.domain.accounts import Role
from jmo.usecases.backoffice.audit_trail import EXPORT_FIELDS
from jmo.usecases.participants.history import participant_history
from jmo.usecases.services import Services
from tests.cast import enrol_member
from tests.cli.test_claims_cli import cli_env  # noqa: F401  (the fixture)
from tests.staff import staff_member


def test_export_a_participants_trail(
    cli_env: CliRunner,  # noqa: F811
    services: Services,
    tmp_path: Path,
) -> None:
    budi = enrol_member(services)
    officer = staff_member(services, "petugas@test.jmo.id", Role.OFFICER, "SBY01")
    staff_member(services, "auditor@test.jmo.id", Role.AUDITOR, "SBY01")
    participant_history(services.uow(), officer, kpj=budi.kpj, now=services.clock.now())
    runner = cli_env

    refused = runner.invoke(app, ["audit", "export", "--as", "petugas@test.jmo.id"])
    assert refused.exit_code == 1 and "staff.not_allowed" in refused.output

    shown = runner.invoke(
        app,
        [
            "audit",
            "export",
            "--as",
            "auditor@test.jmo.id",
            "--participant",
            budi.nik,
            "--action",
            "participant.viewed",
            "--format",
            "csv",
        ],
    )
    assert shown.exit_code == 0, shown.output
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    assert tuple(rows[0]) == EXPORT_FIELDS
    # the export is a read of budi's trail, recorded before the rows leave: it is in it
    assert [(r["actor_email"], r["participant_kpj"]) for r in rows] == [
        ("auditor@test.jmo.id", budi.kpj),
        ("petugas@test.jmo.id", budi.kpj),
    ]
    assert budi.nik not in shown.stdout

    target = tmp_path / "audit.json"
    written = runner.invoke(
        app,
        [
            "audit",
            "export",
            "--as",
            "auditor@test.jmo.id",
            "--format",
            "json",
            "--action",
            "audit.exported",
            "--output",
            str(target),
        ],
    )
    assert written.exit_code == 0, written.output
    exported = json.loads(target.read_text())
    # the first export is on the trail (and this one too: it is written before the rows)
    assert [e["details"]["format"] for e in exported] == ["json", "csv"]
    assert exported[1]["actor_email"] == "auditor@test.jmo.id"


def test_wrong_options_are_named(
    cli_env: CliRunner,  # noqa: F811
    services: Services,
) -> None:
    staff_member(services, "auditor@test.jmo.id", Role.AUDITOR, "SBY01")
    answer = cli_env.invoke(
        app,
        [
            "audit",
            "export",
            "--as",
            "auditor@test.jmo.id",
            "--since",
            "30-11-2026",
            "--format",
            "xml",
        ],
    )
    assert answer.exit_code == 1
    assert "validation_failed" in answer.output
    assert "since: This date does not exist" in answer.output


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_empty_export_is_still_well_formed(
    cli_env: CliRunner,  # noqa: F811
    services: Services,
    fmt: str,
) -> None:
    staff_member(services, "auditor@test.jmo.id", Role.AUDITOR, "SBY01")
    answer = cli_env.invoke(
        app,
        [
            "audit",
            "export",
            "--as",
            "auditor@test.jmo.id",
            "--format",
            fmt,
            "--action",
            "claim.paid",
        ],
    )
    assert answer.exit_code == 0, answer.output
    if fmt == "json":
        assert json.loads(answer.stdout) == []
    else:
        assert answer.stdout.strip() == ",".join(EXPORT_FIELDS)
