"""`jmo serve` sets glibc's malloc up for the server before any worker starts (issue 10:
argon2id's 19 MiB blocks stayed resident in one malloc arena per web thread, 310-406 MB per
worker after a burst of logins). Settings the operator put in the environment win."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmo.cli import serving
from jmo.cli.main import app

KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="

pytestmark = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the settings are glibc's"
)

# In a fresh interpreter: tune_malloc changes the whole process's allocator.
TUNE = """
import json, os
from jmo.cli.serving import tune_malloc
applied = tune_malloc()
print(json.dumps({"applied": applied, "env": {k: v for k, v in os.environ.items() if k.startswith("MALLOC_")}}))
"""


def _tune(extra_env: dict[str, str]) -> dict[str, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")} | extra_env
    done = subprocess.run(
        [sys.executable, "-c", TUNE], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, dict[str, object]] = json.loads(done.stdout)
    return result


def test_the_settings_apply_and_pass_on_to_started_processes() -> None:
    result = _tune({})
    wanted = {variable: value for variable, _parameter, value in serving.MALLOC_SETTINGS}
    assert result["applied"] == wanted
    assert result["env"] == {variable: str(value) for variable, value in wanted.items()}


def test_a_setting_in_the_environment_is_left_as_the_operator_set_it() -> None:
    result = _tune({"MALLOC_ARENA_MAX": "4"})
    assert "MALLOC_ARENA_MAX" not in result["applied"]
    assert result["env"]["MALLOC_ARENA_MAX"] == "4"
    assert "MALLOC_MMAP_THRESHOLD_" in result["applied"]


def test_serve_tunes_malloc_before_it_starts_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JMO_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    monkeypatch.setenv("JMO_SECRET_KEY", "test-secret")
    monkeypatch.setenv("JMO_FIELD_KEYS", f"t1:{KEY}")
    monkeypatch.setenv("JMO_BLIND_INDEX_KEY", KEY)
    calls: list[str] = []

    def tune_malloc() -> dict[str, int]:
        calls.append("tune_malloc")
        return {}

    monkeypatch.setattr(serving, "tune_malloc", tune_malloc)
    monkeypatch.setattr(
        serving, "serve_workers", lambda *_args, **_kwargs: calls.append("serve_workers")
    )
    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert calls == ["tune_malloc", "serve_workers"]
