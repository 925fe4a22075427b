"""The common-password list shipped in ``jmo/data/passwords`` (see its README)."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def _common() -> frozenset[str]:
    data = resources.files("jmo").joinpath("data", "passwords", "common-passwords.txt.gz")
    text = gzip.decompress(data.read_bytes()).decode()
    local = resources.files("jmo").joinpath("data", "passwords", "indonesian-top-150.txt")
    text += "\n" + local.read_text()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_common_password(lowered: str) -> bool:
    """True for a password on the list, also with a year or "123"/"!" added or removed."""
    common = _common()
    if lowered in common:
        return True
    stripped = lowered.rstrip("0123456789!@#$.")
    return bool(stripped) and stripped != lowered and stripped in common
