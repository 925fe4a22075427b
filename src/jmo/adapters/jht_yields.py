"""The yearly JHT/JP yield table: the file shipped in the package
(``jmo/data/jht/yields.csv``) or the one an operator points ``JMO_JHT_YIELDS_FILE`` at when
BPJS declares a new rate. Read once at start-up; a malformed file stops the start."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jmo.domain.jht.yields import YieldTable


def load_yield_table(path: Path | None = None) -> YieldTable:
    if path is not None:
        text = path.read_text(encoding="utf-8")
    else:
        text = resources.files("jmo").joinpath("data", "jht", "yields.csv").read_text("utf-8")
    return YieldTable.from_csv(text)
