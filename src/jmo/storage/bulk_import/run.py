"""One import, start to end, in one transaction: every file streamed through the row rules
into its staging table (COPY on PostgreSQL, executemany in batches on SQLite), the set
rules, and, only when no row was rejected, the move into the real tables. A rejected row
anywhere means nothing is applied: the transaction is rolled back and the reject file says
which file, line and field, and why."""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.orm import Session

from jmo.domain.audit import AuditEntry
from jmo.domain.bulk_import import FILES, ContributionChecker, ImportFile
from jmo.domain.identifiers.region import RegionCodes
from jmo.storage.bulk_import import apply, checks
from jmo.storage.bulk_import import staging as st
from jmo.storage.bulk_import.rows import (
    ChunkConverter,
    ChunkResult,
    Reject,
    convert_in_worker,
    init_worker,
)
from jmo.storage.crypto import FieldCipher
from jmo.storage.repositories.audit import SqlAuditLog

CHUNK_LINES = 20_000


@dataclass
class FileReport:
    rows: int = 0
    rejected: int = 0
    added: int = 0
    present: int = 0


@dataclass
class ImportReport:
    files: dict[str, FileReport] = field(default_factory=dict)
    rejects: int = 0
    applied: bool = False
    bulk_ledger: bool = False  # the ledger's keys were dropped and built again
    seconds: dict[str, float] = field(default_factory=dict)  # per phase
    missing: list[str] = field(default_factory=list)  # files not in the directory

    def add_time(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds


class Progress(Protocol):
    """What the command shows while it runs."""

    def start(self, total_bytes: int) -> None: ...
    def advance(self, nbytes: int) -> None: ...
    def phase(self, name: str) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, total_bytes: int) -> None:
        pass

    def advance(self, nbytes: int) -> None:
        pass

    def phase(self, name: str) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class ImportJob:
    directory: Path
    cipher: FieldCipher
    regions: RegionCodes
    now: datetime
    write_reject: Callable[[Reject], None]
    workers: int = 1
    chunk_lines: int = CHUNK_LINES
    progress: Progress = field(default_factory=NoProgress)


def _chunks(path: Path, size: int) -> Iterator[tuple[int, list[str], int]]:
    """(first line number, lines, characters) after the header line. A field never holds a
    line break (docs/import.md), so a line is a row."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = len(handle.readline())  # counted with the first chunk, for the progress bar
        number = 2
        while True:
            lines = handle.readlines(size * 64)
            if not lines:
                return
            yield number, lines, sum(len(line) for line in lines) + header
            number += len(lines)
            header = 0


def _header(path: Path, spec: ImportFile) -> Reject | None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        found = tuple(c.strip() for c in handle.readline().strip().split(","))
    if found != spec.columns:
        return Reject(spec.kind, 1, "", "import.header", {"expected": ",".join(spec.columns)})
    return None


class _Stream:
    """Chunks through the converter, in this process or a pool, in file order."""

    def __init__(self, job: ImportJob) -> None:
        self._job = job
        self._pool: ProcessPoolExecutor | None = None
        self._local: ChunkConverter | None = None
        today = job.now.date()
        if job.workers > 1:
            self._pool = ProcessPoolExecutor(
                job.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=init_worker,
                initargs=(job.cipher, job.regions, today),
            )
        else:
            self._local = ChunkConverter(job.cipher, job.regions, today)

    def results(self, kind: str, path: Path, copy: bool) -> Iterator[tuple[ChunkResult, int]]:
        chunks = _chunks(path, self._job.chunk_lines)
        if self._pool is None:
            assert self._local is not None
            for first, lines, size in chunks:
                yield self._local.convert(kind, first, lines, copy), size
            return
        window: deque[tuple[Future[ChunkResult], int]] = deque()
        for first, lines, size in chunks:
            window.append((self._pool.submit(convert_in_worker, kind, first, lines, copy), size))
            if len(window) >= 2 * self._job.workers:
                future, done = window.popleft()
                yield future.result(), done
        while window:
            future, done = window.popleft()
            yield future.result(), done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()


def _stage_file(
    conn: Connection,
    stream: _Stream,
    spec: ImportFile,
    path: Path,
    job: ImportJob,
    report: ImportReport,
) -> None:
    table = st.BY_KIND[spec.kind]
    columns = st.copy_columns(table)
    counts = report.files.setdefault(spec.kind, FileReport())
    postgres = conn.dialect.name == "postgresql"

    def take(result: ChunkResult, size: int) -> None:
        counts.rows += result.lines
        counts.rejected += len({r.line for r in result.rejects})
        report.rejects += len(result.rejects)
        for reject in result.rejects:
            job.write_reject(reject)
        report.add_time("row rules", result.check_seconds)
        report.add_time("encryption", result.encrypt_seconds)
        job.progress.advance(size)

    if postgres:
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            # contributions are CSV (a canonical line goes as written); the rest text format
            fmt = " WITH (FORMAT csv)" if spec.kind == "contributions" else ""
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN{fmt}"
            with cursor.copy(statement) as copy:
                for result, size in stream.results(spec.kind, path, copy=True):
                    started = time.perf_counter()
                    copy.write(result.copy_text)
                    report.add_time("copy", time.perf_counter() - started)
                    take(result, size)
        conn.exec_driver_sql(f"ANALYZE {table.name}")
        return
    for result, size in stream.results(spec.kind, path, copy=False):
        started = time.perf_counter()
        if result.rows:
            conn.execute(
                insert(table), [dict(zip(columns, row, strict=True)) for row in result.rows]
            )
        report.add_time("copy", time.perf_counter() - started)
        take(result, size)


def _set_rules(conn: Connection, job: ImportJob) -> None:
    checks.month_rules(conn, ContributionChecker(today=job.now.date()).month_errors)
    for kind in ("employers", "participants", "employments"):
        checks.duplicates(conn, kind)
    checks.employment_references(conn)
    checks.fill_spans(conn)
    checks.contribution_references(conn)


def _stored_rejects(conn: Connection, job: ImportJob, report: ImportReport) -> None:
    r = st.rejects
    for row in conn.execute(
        select(r.c.file, r.c.line, r.c.field, r.c.code, r.c.params).order_by(r.c.file, r.c.line)
    ):
        params = row.params if isinstance(row.params, dict) else {}
        job.write_reject(Reject(row.file, int(row.line), row.field, row.code, params))
        report.rejects += 1
        report.files.setdefault(row.file, FileReport()).rejected += 1


def _timed(report: ImportReport, phase: str, job: ImportJob) -> Any:
    job.progress.phase(phase)
    return _Timer(report, phase)


class _Timer:
    def __init__(self, report: ImportReport, phase: str) -> None:
        self._report, self._phase = report, phase

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *_: object) -> None:
        self._report.add_time(self._phase, time.perf_counter() - self._started)


def run_import(engine: Engine, job: ImportJob) -> ImportReport:
    report = ImportReport()
    present = [(spec, job.directory / spec.filename) for spec in FILES]
    report.missing = [spec.filename for spec, path in present if not path.is_file()]
    present = [(spec, path) for spec, path in present if path.is_file()]
    for spec, path in present:
        if (bad := _header(path, spec)) is not None:
            job.write_reject(bad)
            report.rejects += 1
    if report.rejects or not present:
        return report
    job.progress.start(sum(path.stat().st_size for _, path in present))
    stream = _Stream(job)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                _run(conn, stream, present, job, report)
                if report.applied:
                    transaction.commit()
                    with _timed(report, "statistics", job):
                        apply.refresh_statistics(conn, list(report.files))
                        conn.commit()
                else:
                    transaction.rollback()
            finally:
                if transaction.is_active:
                    transaction.rollback()
                if conn.dialect.name == "sqlite":
                    st.drop_staging(conn)
                    conn.commit()
    finally:
        stream.close()
        job.progress.close()
    return report


def _run(
    conn: Connection,
    stream: _Stream,
    present: list[tuple[ImportFile, Path]],
    job: ImportJob,
    report: ImportReport,
) -> None:
    st.create_staging(conn)
    started = time.perf_counter()
    for spec, path in present:
        job.progress.phase(f"{spec.filename}: copy, row rules, encryption")
        _stage_file(conn, stream, spec, path, job, report)
    report.add_time("stream (wall)", time.perf_counter() - started)
    with _timed(report, "set rules", job):
        _set_rules(conn, job)
        if not apply.ledger_is_empty(conn) or conn.dialect.name != "postgresql":
            checks.duplicates(conn, "contributions")
        _stored_rejects(conn, job, report)
    if report.rejects:
        return
    with _timed(report, "insert", job):
        applied = apply.apply_small_files(conn, job.now)
        for kind, counts in report.files.items():
            if kind in applied.added:
                counts.added, counts.present = applied.added[kind], applied.present[kind]
    bulk = conn.dialect.name == "postgresql" and apply.ledger_is_empty(conn)
    report.bulk_ledger = bulk
    if "contributions" in report.files:
        keys: list[str] = []
        if bulk:
            with _timed(report, "index", job):
                keys = apply.drop_ledger_keys(conn)
        with _timed(report, "insert contributions", job):
            added, already = apply.insert_contributions(conn, job.now, unchecked=bulk)
            report.files["contributions"].added = added
            report.files["contributions"].present = already
        if bulk:
            with _timed(report, "index", job):
                built = apply.restore_ledger_keys(conn, keys)
            if not built:
                # the only way a key fails to build: a contribution twice in the file
                checks.duplicates(conn, "contributions")
                _stored_rejects(conn, job, report)
                return
    with _timed(report, "summaries", job):
        apply.drop_outdated_summaries(conn)
    _audit(conn, job, report)
    st.drop_staging(conn)
    report.applied = True


def _audit(conn: Connection, job: ImportJob, report: ImportReport) -> None:
    with Session(bind=conn) as session:
        SqlAuditLog(session).append(
            AuditEntry(
                at=job.now,
                action="import.applied",
                actor_account_id=None,
                actor_role=None,
                channel="cli",
                subject_type="import",
                subject_id=job.directory.name,
                client_ip=None,
                user_agent=None,
                details={
                    kind: f"{counts.added} added, {counts.present} present"
                    for kind, counts in report.files.items()
                },
            )
        )
        session.flush()
