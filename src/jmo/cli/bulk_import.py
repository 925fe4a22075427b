"""`jmo import DIR`: the fund's migration path (docs/import.md)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from jmo.cli.runtime import cli_settings

if TYPE_CHECKING:
    from jmo.storage.bulk_import.rows import Reject
    from jmo.storage.bulk_import.run import ImportReport

REJECT_COLUMNS = ("file", "line", "field", "code", "reason")


class RejectFile:
    """The reject file, opened at the first reject: file, line, field, code and the reason
    in English. It names fields, never their values (they are personal data)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def write(self, reject: Reject) -> None:
        from jmo.domain.bulk_import import FILES
        from jmo.i18n import error_message

        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(REJECT_COLUMNS)
        filename = next((f.filename for f in FILES if f.kind == reject.file), reject.file)
        reason = error_message("en", reject.code, reject.params)
        self._writer.writerow((filename, reject.line, reject.field, reject.code, reason))
        self.count += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


class _Bar:
    """A tqdm bar over the bytes of the files, then one line per set-based phase."""

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled
        self._bar: Any = None

    def start(self, total_bytes: int) -> None:
        if self._enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total_bytes, unit="B", unit_scale=True, desc="import")

    def advance(self, nbytes: int) -> None:
        if self._bar is not None:
            self._bar.update(nbytes)

    def phase(self, name: str) -> None:
        if self._bar is not None:
            self._bar.set_description(name)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _summary(report: ImportReport) -> list[str]:
    lines = []
    for kind, counts in report.files.items():
        lines.append(
            f"{kind}: {counts.rows} rows, {counts.rejected} rejected, "
            f"{counts.added} added, {counts.present} already present"
        )
    lines.append("phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items()))
    return lines


def import_command(
    directory: Annotated[
        Path,
        typer.Argument(help="employers.csv, participants.csv, employments.csv, contributions.csv"),
    ],
    rejects: Annotated[
        Path | None, typer.Option(help="Where the rejected rows go (default DIR/rejects.csv)")
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Processes for the row rules and encryption (1: this one)")
    ] = 1,
    progress: Annotated[bool, typer.Option(help="Show a progress bar")] = True,
) -> None:
    """Load the fund's CSV files in one transaction: every row checked, nothing applied
    if any row is rejected; rows already stored (same natural key) are left as they are."""
    from jmo.adapters.regions import load_region_directory
    from jmo.bootstrap import engine_from, make_cipher
    from jmo.storage.bulk_import.run import ImportJob, run_import

    if not directory.is_dir():
        typer.secho(f"jmo import: {directory} is not a directory", fg="red", err=True)
        raise typer.Exit(2)
    settings = cli_settings()
    reject_file = RejectFile(rejects or directory / "rejects.csv")
    reject_file.path.unlink(missing_ok=True)  # an old one would be read as this run's
    engine = engine_from(settings)
    try:
        report = run_import(
            engine,
            ImportJob(
                directory=directory,
                cipher=make_cipher(settings),
                regions=load_region_directory(),
                now=datetime.now(UTC),
                write_reject=reject_file.write,
                workers=max(1, workers),
                progress=_Bar(progress),
            ),
        )
    finally:
        reject_file.close()
        engine.dispose()
    for line in _summary(report):
        typer.echo(line)
    if report.missing:
        typer.echo("not in the directory (skipped): " + ", ".join(report.missing))
    if not report.files and not report.rejects:
        typer.secho("jmo import: none of the import files is in the directory", fg="red", err=True)
        raise typer.Exit(2)
    if report.rejects:
        typer.secho(
            f"{report.rejects} problems in {sum(c.rejected for c in report.files.values()) or 1} "
            f"rows: nothing was imported. See {reject_file.path}",
            fg="red",
            err=True,
        )
        raise typer.Exit(1)
    note = " (ledger keys rebuilt after the load)" if report.bulk_ledger else ""
    typer.echo(f"imported{note}; balances are summarised at their first read or by `jmo jht post`")
