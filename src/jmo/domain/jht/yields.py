"""The development yield (hasil pengembangan) per year, as data.

docs/domain-rules.md §2: the yield is credited to the individual account and compounds; BPJS
declares it yearly, and no reliable figure was found for most recent years, so the rate is
"taken from BPJS data, not hard-coded". The table is therefore a data file
(``jmo/data/jht/yields.csv``, or the file named by ``JMO_JHT_YIELDS_FILE``) that an operator
replaces when BPJS declares a rate; every row says whether its rate was *declared* by BPJS
(with the source) or is an *assumption* of this app, and the pages show that label next to
every yield figure. Where the figures come from: docs/rules.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from jmo.domain.jht.tables import Program


class YieldStatus(StrEnum):
    DECLARED = "declared"  # announced by BPJS (source given)
    ASSUMED = "assumed"  # no figure found: an assumption of this app, stated as such


@dataclass(frozen=True)
class YieldRate:
    program: Program
    year: int
    rate_bp: int  # basis points a year (563 = 5.63%)
    status: YieldStatus
    source: str

    @property
    def percent_text(self) -> str:
        return f"{self.rate_bp // 100},{self.rate_bp % 100:02d}%"


class YieldTable:
    def __init__(self, rates: Iterable[YieldRate]) -> None:
        self._rates: dict[tuple[Program, int], YieldRate] = {}
        for rate in rates:
            key = (rate.program, rate.year)
            if key in self._rates:
                raise ValueError(f"yield for {rate.program.value} {rate.year} given twice")
            if not 0 <= rate.rate_bp <= 5000:
                raise ValueError(f"implausible yield {rate.rate_bp} bp for {rate.year}")
            self._rates[key] = rate
        canonical = ";".join(
            f"{p.value},{y},{r.rate_bp}" for (p, y), r in sorted(self._rates.items())
        )
        # Names this table's rates: a balance summary built with other rates is outdated.
        self.version = hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def rate_for(self, program: Program, year: int) -> YieldRate | None:
        return self._rates.get((program, year))

    def latest(self, program: Program, up_to_year: int | None = None) -> YieldRate | None:
        years = [
            y for (p, y) in self._rates if p is program and (up_to_year is None or y <= up_to_year)
        ]
        return self._rates[(program, max(years))] if years else None

    def rates(self, program: Program) -> list[YieldRate]:
        return sorted(
            (r for (p, _), r in self._rates.items() if p is program), key=lambda r: r.year
        )

    @classmethod
    def from_csv(cls, text: str) -> YieldTable:
        """Columns: program, year, rate_percent (e.g. ``5.63``), status, source. Lines
        starting with ``#`` are comments. The percent is read as text, never as a float."""
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        rows = csv.DictReader(io.StringIO("\n".join(lines)))
        return cls(
            YieldRate(
                program=Program(row["program"].strip()),
                year=int(row["year"]),
                rate_bp=parse_percent_bp(row["rate_percent"]),
                status=YieldStatus(row["status"].strip()),
                source=row["source"].strip(),
            )
            for row in rows
        )


def parse_percent_bp(text: str) -> int:
    """``"5.63"`` or ``"5,63"`` -> 563 basis points, exactly (at most two decimals)."""
    cleaned = text.strip().replace(",", ".").removesuffix("%")
    whole, _, frac = cleaned.partition(".")
    if not whole.isdigit() or (frac and (not frac.isdigit() or len(frac) > 2)):
        raise ValueError(f"not a percentage with at most two decimals: {text!r}")
    return int(whole) * 100 + int((frac + "00")[:2])
