"""Metrics on labelled pairs, and the `jmo biometrics eval` command."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmo.biometrics import calibration as cal
from jmo.cli.main import app

from .conftest import FACES


def test_auc_is_one_when_the_classes_do_not_overlap() -> None:
    assert cal.roc_auc([0.3, 0.4], [0.7, 0.9]) == 1.0
    assert cal.roc_auc([0.5], [0.5]) == 0.5
    assert cal.roc_auc([0.8], [0.2]) == 0.0


def test_equal_error_rate() -> None:
    eer, threshold = cal.equal_error_rate([0.1, 0.2, 0.6], [0.5, 0.8, 0.9])
    assert eer == pytest.approx(1 / 3)
    assert 0.2 <= threshold <= 0.6


def test_tar_at_far_says_when_there_are_too_few_impostors() -> None:
    tar, threshold, note = cal.tar_at_far([0.3], [0.7] * 50, 0.01)
    assert tar is None
    assert threshold is None
    assert "100 impostor" in note


def test_tar_at_far_allows_the_stated_share_of_impostors() -> None:
    genuine = [0.2, 0.3, 0.65]
    one_close = [0.6] + [0.9] * 99  # one impostor in a hundred at 0.6: allowed at 1 %
    tar, threshold, _ = cal.tar_at_far(genuine, one_close, 0.01)
    assert tar == 1.0
    assert threshold == 0.65
    two_close = [0.6, 0.6] + [0.9] * 98  # two in a hundred: the threshold must drop below
    tar, threshold, _ = cal.tar_at_far(genuine, two_close, 0.01)
    assert threshold is not None
    assert threshold < 0.6
    assert tar == pytest.approx(2 / 3)


def test_read_pairs_refuses_unknown_labels(tmp_path: Path) -> None:
    bad = tmp_path / "p.csv"
    bad.write_text("file_x,file_y,Decision\na.jpg,b.jpg,Maybe\n")
    with pytest.raises(ValueError, match="Yes or No"):
        cal.read_pairs(bad)


def test_eval_command_prints_the_table(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "file_x,file_y,Decision\n"
        "img16.jpg,img17.jpg,Yes\n"
        "img16.jpg,img12.jpg,No\n"
        "img17.jpg,img14.jpg,No\n"
        "img12.jpg,missing.jpg,No\n"
    )
    result = CliRunner().invoke(app, ["biometrics", "eval", str(pairs), str(FACES)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "pairs" in out
    assert "1 / 5 images (missing.jpg)" in out
    assert "ROC AUC                                    1.0000" in out or "1.0000" in out
    assert "not measurable" in out
    assert "median time per image" in out


def test_report_table_on_known_distances() -> None:
    report = cal.EvalReport(pairs=4, genuine=[0.3, 0.58], impostor=[0.7, 0.9], images=4)
    rows = dict(report.table(0.55, 0.55, 0.62))
    assert rows["ROC AUC"] == "1.0000"
    assert rows["accuracy at d <= 0.550"].startswith("75.00%")
    assert "1 PASS, 1 REVIEW, 0 FAIL" in rows["decisions (accept <= 0.55, reject > 0.62)"]
    assert not math.isnan(report.genuine[0])


def test_check_command_lists_every_rule_and_the_fix() -> None:
    ok = CliRunner().invoke(app, ["biometrics", "check", str(FACES / "img14.jpg")])
    assert ok.exit_code == 0, ok.output
    assert "plain_background" in ok.output
    assert "FAIL" not in ok.output
    matched = CliRunner().invoke(
        app,
        ["biometrics", "check", str(FACES / "img16.jpg"), "--reference", str(FACES / "img12.jpg")],
    )
    assert matched.exit_code == 0, matched.output
    assert "decision: fail" in matched.output
    assert "face.mismatch" in matched.output
