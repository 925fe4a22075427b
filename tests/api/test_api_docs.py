"""docs/api.md's generated part is what ``jmo api docs`` writes from the live document."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jmo.api.contract.markdown import BEGIN, END, render, updated
from jmo.cli.main import api_document_offline, app

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_committed_api_guide_is_what_the_command_writes() -> None:
    committed = API_MD.read_text(encoding="utf-8")
    assert updated(committed, api_document_offline()) == committed, "run `jmo api docs`"


def test_the_generated_part_lists_every_operation_and_its_codes() -> None:
    document = api_document_offline()
    text = render(document)
    for item in document["paths"].values():
        for op in item.values():
            assert f"`{op['operationId']}`" in text
    assert "- 409: `complaint.already_rated`" in text or "`complaint.already_rated`" in text
    assert text.startswith(BEGIN) and text.rstrip().endswith(END)


def test_the_command_checks_and_rewrites(tmp_path: Path) -> None:
    guide = tmp_path / "api.md"
    guide.write_text("# API\n\nHand-written.\n", encoding="utf-8")
    runner = CliRunner()
    stale = runner.invoke(app, ["api", "docs", "--path", str(guide), "--check"])
    assert stale.exit_code == 1
    assert runner.invoke(app, ["api", "docs", "--path", str(guide)]).exit_code == 0
    written = guide.read_text(encoding="utf-8")
    assert written.startswith("# API\n\nHand-written.\n") and BEGIN in written
    fresh = runner.invoke(app, ["api", "docs", "--path", str(guide), "--check"])
    assert fresh.exit_code == 0, fresh.output
    again = runner.invoke(app, ["api", "docs", "--path", str(guide)])
    assert again.exit_code == 0 and guide.read_text(encoding="utf-8") == written
