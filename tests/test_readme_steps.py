"""Issue 9 item 9: the README's step numbers are the ones the pages show ("Langkah 2 dari
6 · Verifikasi Biometrik"), each named by its label so a reader can find it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACROS = ROOT / "src/jmo/web/templates/macros.html"


def page_steps() -> list[str]:
    """The labels of the progress bar, in order (the macro numbers them from 1)."""
    listed = re.search(r"\{% set labels = \[(.*?)\] %\}", MACROS.read_text(), re.S)
    assert listed, "the progress macro's label list moved"
    return re.findall(r'\("\w+", _\("([^"]+)"\)\)', listed.group(1))


def test_the_readme_numbers_steps_as_the_pages_do() -> None:
    steps = page_steps()
    assert len(steps) == 6
    readme = (ROOT / "README.md").read_text()
    mentions = re.findall(r"\bstep (\d+)( \(\*\*([^*]+)\*\*\))?", readme, re.I)
    assert mentions, "the README no longer mentions a step"
    for number, named, label in mentions:
        assert named, f"step {number} is not named by its label"
        assert 1 <= int(number) <= len(steps) and steps[int(number) - 1] == label, (
            f"step {number} (**{label}**) is not what the page shows: {steps}"
        )
