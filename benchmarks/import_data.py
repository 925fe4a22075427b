"""Synthetic files for `jmo import` (docs/import.md): N participants, one employer per 50
of them, one employment each, and ``months`` months of JHT and JP contributions (60 rows
per participant by default). The same seed gives the same files.

    python benchmarks/import_data.py /tmp/import-100k --participants 100000
    python benchmarks/import_data.py /tmp/import-1m --participants 1000000 --seed 7

Every row passes the row rules; the shares are the regulation's (``contribution_shares``),
with wages under the JP cap so one computation per participant holds for every month.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jmo.adapters.regions import load_region_directory
from jmo.domain.bulk_import import CONTRIBUTIONS, EMPLOYERS, EMPLOYMENTS, PARTICIPANTS
from jmo.domain.identifiers.generate import generate_nik, generate_npwp15
from jmo.domain.identifiers.region import RegionDirectory, RegionLevel
from jmo.domain.jht.tables import Program, add_months, contribution_shares
from jmo.domain.reference import Gender

FIRST = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Joko",
    "Rina",
    "Hendra",
    "Wati",
    "Made",
    "Putu",
    "Ahmad",
    "Nur",
    "Yusuf",
    "Ayu",
    "Rudi",
    "Sri",
    "Bambang",
    "Lestari",
    "Eko",
    "Fitri",
)
LAST = (
    "Santoso",
    "Wijaya",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Gunawan",
    "Setiawan",
    "Rahayu",
    "",
)
PLACES = (
    "Jakarta",
    "Surabaya",
    "Bandung",
    "Medan",
    "Semarang",
    "Makassar",
    "Denpasar",
    "Palembang",
    "Yogyakarta",
    "Malang",
)
FIRST_MONTH = date(2023, 1, 1)


class _Districts:
    """The region directory's district codes, listed once (``generate_nik`` asks each time)."""

    def __init__(self, regions: RegionDirectory) -> None:
        self._codes = regions.codes(RegionLevel.DISTRICT)

    def codes(self, level: RegionLevel) -> Sequence[str]:
        assert level is RegionLevel.DISTRICT
        return self._codes


def write_dataset(
    directory: Path, participants: int, *, seed: int = 7, months: int = 30
) -> dict[str, int]:
    """Write the four files; returns the rows written per file."""
    rng = random.Random(seed)
    regions = _Districts(load_region_directory())
    directory.mkdir(parents=True, exist_ok=True)
    employers = max(1, participants // 50)
    npps = [f"E{j:07d}" for j in range(employers)]
    month_texts = [add_months(FIRST_MONTH, i).strftime("%Y-%m") for i in range(months)]
    counts = dict.fromkeys(("employers", "participants", "employments", "contributions"), 0)
    with (directory / EMPLOYERS.filename).open("w", encoding="utf-8") as out:
        out.write(",".join(EMPLOYERS.columns) + "\n")
        for j, npp in enumerate(npps):
            out.write(f"{npp},PT Nusantara Karya {j}\n")
    counts["employers"] = employers
    with (
        (directory / PARTICIPANTS.filename).open("w", encoding="utf-8") as people,
        (directory / EMPLOYMENTS.filename).open("w", encoding="utf-8") as jobs,
        (directory / CONTRIBUTIONS.filename).open(
            "w", encoding="utf-8", buffering=1 << 22
        ) as money,
    ):
        people.write(",".join(PARTICIPANTS.columns) + "\n")
        jobs.write(",".join(EMPLOYMENTS.columns) + "\n")
        money.write(",".join(CONTRIBUTIONS.columns) + "\n")
        for i in range(participants):
            kpj = f"{10_000_000_000 + i}"
            gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
            born = date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
            nik = generate_nik(rng, regions, born, gender)  # type: ignore[arg-type]
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}".strip()
            npwp = generate_npwp15(rng) if rng.random() < 0.5 else ""
            people.write(
                f"{kpj},{nik},{name},{rng.choice(PLACES)},{born.isoformat()},{gender.value},{npwp}\n"
            )
            npp = npps[i % employers]
            start = date(2023 - rng.randint(0, 5), rng.randint(1, 12), 1)
            start = min(start, FIRST_MONTH)
            wage = rng.randrange(3_000_000, 6_900_000, 1000)
            jobs.write(f"{kpj},{npp},{start.isoformat()},,{wage}\n")
            tails = []
            for program in Program:
                shares = contribution_shares(program, wage, FIRST_MONTH)
                assert shares is not None
                tails.append(f",{program.value},{shares.wage},{shares.employer},{shares.worker}\n")
            head = f"{kpj},{npp},"
            money.write("".join(head + m + tail for m in month_texts for tail in tails))
        counts["participants"] = counts["employments"] = participants
        counts["contributions"] = participants * months * len(Program)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--months", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = write_dataset(args.directory, args.participants, seed=args.seed, months=args.months)
    print(counts, f"in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
