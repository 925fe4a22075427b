"""Build the region package data in src/jmo/data/regions/ from idn-area-data releases.

Reproduce with the npm client (the tarball unpacks into ``package/``)::

    for v in 4.0.1 3.1.1 2.2.1; do
        mkdir -p ../idn-area-data-$v && npm pack idn-area-data@$v --pack-destination /tmp
        tar -xzf /tmp/idn-area-data-$v.tgz --strip-components=1 -C ../idn-area-data-$v
    done
    python scripts/build_regions.py

Current codes come from idn-area-data 4.0.1 (Kepmendagri 300.2.2-2138 Tahun 2025).
Historic codes are those present in an older edition (3.1.1, 2.2.1) or in the hand-copied
pre-2022 Papua list (scripts/data/kemendagri_2020_papua.csv) but absent from 4.0.1: a NIK
keeps the district code of its first registration, so those prefixes stay valid
(domain-rules.md section 1). The output is deterministic: rows sorted by code, gzip
written with a fixed timestamp, so rebuilding from the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "jmo" / "data" / "regions"
PAPUA_2020 = ROOT / "scripts" / "data" / "kemendagri_2020_papua.csv"

LEVELS = ("provinces", "regencies", "districts", "villages")
LEVEL_NAMES = {2: "province", 4: "regency", 6: "district", 10: "village"}
PARENT_COLUMN = {
    "regencies": "province_code",
    "districts": "regency_code",
    "villages": "district_code",
}
# Newest first: a historic code is labelled with the newest edition that still had it.
HISTORIC_EDITIONS = ("3.1.1", "2.2.1")
PAPUA_2020_EDITION = "kemendagri-2020"


def undotted(code: str) -> str:
    return code.replace(".", "").strip()


def read_level(data_dir: Path, level: str) -> Iterator[tuple[str, str, str]]:
    """(code, parent, name) rows of one level, codes without dots."""
    with (data_dir / f"{level}.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = undotted(row["code"])
            parent = undotted(row[PARENT_COLUMN[level]]) if level in PARENT_COLUMN else ""
            if not code.isdigit() or len(code) not in LEVEL_NAMES:
                raise ValueError(f"{data_dir}/{level}.csv: bad code {row['code']!r}")
            if parent and not code.startswith(parent):
                raise ValueError(f"{data_dir}/{level}.csv: {code} is not under {parent}")
            yield code, parent, " ".join(row["name"].split())


def read_papua_2020(path: Path) -> Iterator[tuple[str, str]]:
    lines = (line for line in path.open(encoding="utf-8") if not line.startswith("#"))
    for row in csv.DictReader(lines):
        name = row["name"].strip()
        # The 2020 list writes regencies as "KAB. MERAUKE"; match the 4.0.1 spelling.
        if name.startswith("KAB. "):
            name = "Kabupaten " + name.removeprefix("KAB. ").title()
        elif name.startswith("KOTA "):
            name = "Kota " + name.removeprefix("KOTA ").title()
        yield row["code"].strip(), name


def write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


def build(sources: dict[str, Path], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    current: set[str] = set()
    for level in LEVELS:
        rows = sorted(read_level(sources["4.0.1"], level))
        current.update(code for code, _, _ in rows)
        if level == "provinces":
            write_csv(out / "provinces.csv", ("code", "name"), ((c, n) for c, _, n in rows))
        else:
            target = out / ("villages.csv.gz" if level == "villages" else f"{level}.csv")
            write_csv(target, ("code", "parent", "name"), rows)

    historic: dict[str, tuple[str, str]] = {}  # code -> (name, last_seen_in)
    for edition in HISTORIC_EDITIONS:
        for level in LEVELS:
            for code, _, name in read_level(sources[edition], level):
                if code not in current and code not in historic:
                    historic[code] = (name, edition)
    for code, name in read_papua_2020(PAPUA_2020):
        if code not in current and code not in historic:
            historic[code] = (name, PAPUA_2020_EDITION)
    write_csv(
        out / "historic.csv",
        ("code", "name", "level", "last_seen_in"),
        (
            (code, name, LEVEL_NAMES[len(code)], seen)
            for code, (name, seen) in sorted(historic.items())
        ),
    )
    shutil.copyfile(sources["4.0.1"] / "LICENSE.md", out / "LICENSE-ODbL.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sources",
        type=Path,
        default=ROOT.parent,
        help="folder holding idn-area-data-<version>/data for 4.0.1, 3.1.1 and 2.2.1",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sources = {}
    for version in ("4.0.1", *HISTORIC_EDITIONS):
        folder = args.sources / f"idn-area-data-{version}"
        sources[version] = folder / "package" / "data"
        if not sources[version].is_dir():
            sources[version] = folder / "data"
    build(sources, args.out)


if __name__ == "__main__":
    main()
