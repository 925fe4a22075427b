"""The architecture's import rules (pyproject.toml, [tool.importlinter]) run with the suite,
and every top-level module of the package sits in a layer (issue 9: a module outside the
layers is outside every rule)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "jmo"
# No code of their own to layer: the entry shim and the data folders.
NOT_LAYERED = {"__init__", "__main__", "data", "demo"}


def _config() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config: dict[str, object] = tomllib.load(handle)["tool"]["importlinter"]
    return config


def test_every_top_level_module_is_in_a_layer() -> None:
    contracts = _config()["contracts"]
    assert isinstance(contracts, list)
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    layered = {name.strip().removeprefix("jmo.") for layer in layers for name in layer.split("|")}
    modules = {
        path.stem if path.suffix == ".py" else path.name
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert modules - NOT_LAYERED == layered


def test_the_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert " 0 broken" in result.stdout
    assert "do no I/O of their own" in result.stdout


def test_every_code_folder_is_a_package_the_linter_reads() -> None:
    """import-linter follows packages only: a folder of modules without ``__init__.py`` is
    a namespace nobody checks (api/contract reached into the face engine that way)."""
    unread = sorted(
        str(folder.relative_to(PACKAGE))
        for folder in PACKAGE.rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    )
    assert unread == []
