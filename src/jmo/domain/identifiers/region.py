"""Kemendagri administrative region codes: province (2 digits), regency/city (4),
district/kecamatan (6) and village/kelurahan (10), kept without dots.

The directory is built from rows handed in (the adapter reads the package data), so the
domain stays free of I/O. It knows the current codes (Kepmendagri 300.2.2-2138 Tahun 2025)
and historic ones that no longer exist: a NIK or KK keeps the district code of where the
person first registered, also after a region is split (pemekaran), so old prefixes must
still be accepted (docs/domain-rules.md section 1).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class RegionLevel(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


CODE_LENGTHS: dict[RegionLevel, int] = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.REGENCY: 4,
    RegionLevel.DISTRICT: 6,
    RegionLevel.VILLAGE: 10,
}
_LEVEL_OF_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}
_CHILD_LENGTH = {2: 4, 4: 6, 6: 10}
_PARENT_LENGTH = {4: 2, 6: 4, 10: 6}


class RegionCodes(Protocol):
    """What NIK and KK parsing need: does this code exist now or did it ever?"""

    def exists(self, code: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: RegionLevel
    parent: str | None
    current: bool = True
    last_seen_in: str | None = None  # for historic codes: the last edition that had it

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)


def level_of(code: str) -> RegionLevel | None:
    """The level a code's length implies, or None if it is not a region code."""
    if not code.isascii() or not code.isdigit():
        return None
    return _LEVEL_OF_LENGTH.get(len(code))


def parent_code(code: str) -> str | None:
    length = _PARENT_LENGTH.get(len(code))
    return code[:length] if length else None


def format_code(code: str) -> str:
    """``3174011001`` -> ``31.74.01.1001``, the way Kepmendagri writes codes."""
    if level_of(code) is None:
        raise ValueError(f"not a region code: {code!r}")
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(part for part in parts if part)


def normalise_code(raw: str) -> str:
    """Remove the dots and spaces people type (``31.74.01`` -> ``317401``)."""
    return "".join(raw.split()).replace(".", "")


class RegionDirectory:
    """Region codes and names; lookups by code, and children for cascading pickers.

    ``current`` rows are ``(code, parent, name)``; ``historic`` rows are
    ``(code, name, last_seen_in)``. Codes are validated on the way in (digits, a known
    length, a parent that is the code's own prefix); a bad row is a data bug, so it raises
    ``ValueError`` rather than a ``DomainError``.
    """

    def __init__(
        self,
        current: Iterable[tuple[str, str | None, str]],
        historic: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        # One dict per level keeps memory low (about 90k villages): Region objects are
        # built on demand by get() and children().
        self._names: dict[int, dict[str, str]] = {length: {} for length in _LEVEL_OF_LENGTH}
        self._historic: dict[str, tuple[str, str]] = {}
        for code, parent, name in current:
            self._check(code, parent)
            self._names[len(code)][code] = name
        for code, name, last_seen_in in historic:
            self._check(code, parent_code(code))
            if code in self._names[len(code)]:
                raise ValueError(f"{code} is both current and historic")
            self._historic[code] = (name, last_seen_in)
        self._sorted: dict[int, list[str]] = {
            length: sorted(names) for length, names in self._names.items()
        }
        self._sorted_historic = sorted(self._historic)

    @staticmethod
    def _check(code: str, parent: str | None) -> None:
        if level_of(code) is None:
            raise ValueError(f"not a region code: {code!r}")
        if (parent or None) != parent_code(code):
            raise ValueError(f"{code}: parent {parent!r} is not its prefix")

    def is_current(self, code: str) -> bool:
        return code in self._names.get(len(code), {})

    def exists(self, code: str) -> bool:
        """Current or historic: the check for NIK and KK prefixes."""
        return self.is_current(code) or code in self._historic

    def get(self, code: str) -> Region | None:
        level = level_of(code)
        if level is None:
            return None
        name = self._names[len(code)].get(code)
        if name is not None:
            return Region(code, name, level, parent_code(code))
        if code in self._historic:
            old_name, last_seen_in = self._historic[code]
            return Region(code, old_name, level, parent_code(code), False, last_seen_in)
        return None

    def provinces(self) -> list[Region]:
        return [self._current(code) for code in self._sorted[2]]

    def children(self, code: str, *, include_historic: bool = False) -> list[Region]:
        """Current children of a code, in code order (for cascading pickers). With
        ``include_historic`` also the children that no longer exist, which is how the
        districts of a regency that was split off can still be listed."""
        length = _CHILD_LENGTH.get(len(code))
        if length is None or level_of(code) is None:
            return []
        found = [self._current(child) for child in _with_prefix(self._sorted[length], code)]
        if include_historic:
            old = [
                region
                for child in _with_prefix(self._sorted_historic, code)
                if len(child) == length and (region := self.get(child)) is not None
            ]
            found = sorted(found + old, key=lambda region: region.code)
        return found

    def path(self, code: str) -> list[Region]:
        """The region and its ancestors, province first (for showing an address)."""
        chain: list[Region] = []
        current: str | None = code
        while current is not None:
            region = self.get(current)
            if region is None:
                break
            chain.append(region)
            current = region.parent
        return list(reversed(chain))

    def codes(self, level: RegionLevel) -> Sequence[str]:
        """All current codes of one level, sorted (for generators and exports)."""
        return tuple(self._sorted[CODE_LENGTHS[level]])

    def counts(self) -> dict[RegionLevel, int]:
        return {_LEVEL_OF_LENGTH[length]: len(codes) for length, codes in self._sorted.items()}

    def historic_count(self) -> int:
        return len(self._historic)

    def _current(self, code: str) -> Region:
        return Region(
            code, self._names[len(code)][code], _LEVEL_OF_LENGTH[len(code)], parent_code(code)
        )


def _with_prefix(codes: list[str], prefix: str) -> list[str]:
    # Codes are fixed-width digit strings, so all codes under a prefix sort together.
    start = bisect_left(codes, prefix)
    end = bisect_right(codes, prefix + "\x7f")
    return codes[start:end]
