"""`jmo import` on SQLite and PostgreSQL: the sample files load whole (encrypted as the
repositories encrypt, the balance read equal to the ledger), a bad row in any file is
named in the reject file and nothing is applied, and a second run adds nothing."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as hs
from sqlalchemy import Engine, func, insert, select
from typer.testing import CliRunner

from jmo.adapters.jht_yields import load_yield_table
from jmo.adapters.regions import load_region_directory
from jmo.bootstrap import make_cipher
from jmo.cli.main import app
from jmo.domain.jht.tables import Program, first_of_month
from jmo.settings import Settings
from jmo.storage.bulk_import import checks
from jmo.storage.bulk_import import staging as st
from jmo.storage.bulk_import.rows import Reject
from jmo.storage.bulk_import.run import ImportJob, ImportReport, run_import
from jmo.storage.db import make_session_factory
from jmo.storage.ledger_partitions import partitions
from jmo.storage.rows import AuditRow, EmployerRow, EmploymentRow, HistoryRow, ParticipantRow
from jmo.storage.rows_jht import JhtBalanceRow, LedgerEntryRow
from jmo.storage.unit_of_work import SqlAlchemyUnitOfWork
from jmo.usecases.jht.posting import current_summaries
from tests.conftest import DATA, START

GOOD = DATA / "import" / "good"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _import(
    engine: Engine, settings: Settings, directory: Path
) -> tuple[ImportReport, list[Reject]]:
    rejects: list[Reject] = []
    report = run_import(
        engine,
        ImportJob(
            directory=directory,
            cipher=make_cipher(settings),
            regions=load_region_directory(),
            now=START,
            write_reject=rejects.append,
            chunk_lines=7,  # several chunks even for the small sample
        ),
    )
    return report, rejects


def _count(engine: Engine, row: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(row)) or 0)


def _uow(engine: Engine, settings: Settings) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(make_session_factory(engine), make_cipher(settings))


def test_the_sample_files_load_encrypted_and_the_balance_read_equals_the_ledger(
    db: Engine, settings: Settings
) -> None:
    report, rejects = _import(db, settings, GOOD)
    people = _rows(GOOD / "participants.csv")
    money = _rows(GOOD / "contributions.csv")
    assert rejects == []
    assert report.applied
    assert report.files["contributions"].added == len(money)
    assert _count(db, ParticipantRow) == len(people)
    assert _count(db, EmployerRow) == len(_rows(GOOD / "employers.csv"))
    assert _count(db, EmploymentRow) == len(_rows(GOOD / "employments.csv"))
    assert _count(db, HistoryRow) == len(people)
    assert _count(db, LedgerEntryRow) == len(money)

    uow = _uow(db, settings)
    yields = load_yield_table(settings.jht_yields_file)
    for person in people:
        with uow:
            found = uow.participants.get_by_kpj(person["kpj"])
            assert found is not None
            assert found.identity.nik == person["nik"]  # decrypts
            assert found.profile.npwp == (person["npwp"] or None)
            assert [p.id for p in uow.participants.find_by_nik(person["nik"])] == [found.id]
            assert uow.participants.history(found.id)[0].profile.gender == person["gender"]
            stored = uow.jht_ledger.entries(found.id)
        jht_in_file = sum(
            int(r["employer_share"]) + int(r["worker_share"])
            for r in money
            if r["kpj"] == person["kpj"] and r["program"] == "jht"
        )
        assert sum(e.amount for e in stored if e.program is Program.JHT) == jht_in_file
        # the read builds the summary (posting what the files left out: later months, yields)
        with uow:
            (summary,), _ = current_summaries(uow, [found], yields=yields, now=START)
            uow.commit()
        with uow:
            ledger = uow.jht_ledger.entries(found.id)
        assert summary.jht.balance == sum(e.amount for e in ledger if e.program is Program.JHT)
        assert summary.jht.balance > jht_in_file  # months after the file and yields added


def _bad_copy(tmp_path: Path, filename: str, line: int, column: str, value: str) -> Path:
    """The sample with one field of one line (the header is line 1) changed."""
    target = tmp_path / "files"
    shutil.copytree(GOOD, target)
    path = target / filename
    rows = _rows(path)
    rows[line - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


BAD_ROWS = [
    # (file, line, column, value, field named, code) - row rules, then set rules
    ("employers.csv", 2, "npp", "E-00#0000", "npp", "npp.format"),
    ("participants.csv", 3, "nik", "12345", "nik", "nik.format"),
    ("participants.csv", 4, "gender", "X", "gender", "import.gender"),
    ("participants.csv", 5, "kpj", "10000000001", "kpj", "import.duplicate"),
    ("employments.csv", 3, "kpj", "19999999999", "kpj", "import.unknown_participant"),
    ("employments.csv", 4, "end_date", "2001-01-01", "end_date", "import.end_before_start"),
    ("contributions.csv", 9, "employer_share", "-5", "employer_share", "import.rupiah"),
    ("contributions.csv", 10, "period", "2031-01", "period", "import.month_not_closed"),
    ("contributions.csv", 11, "npp", "ZZZZZZZZ", "npp", "import.unknown_employer"),
    ("contributions.csv", 12, "period", "2010-01", "period", "import.no_employment"),
    ("contributions.csv", 13, "period", "2023-02", "kpj", "import.duplicate"),
]


@pytest.mark.parametrize(("filename", "line", "column", "value", "field", "code"), BAD_ROWS)
def test_a_bad_row_is_rejected_by_file_line_and_field_and_nothing_is_applied(
    db: Engine,
    settings: Settings,
    tmp_path: Path,
    filename: str,
    line: int,
    column: str,
    value: str,
    field: str,
    code: str,
) -> None:
    directory = _bad_copy(tmp_path, filename, line, column, value)
    report, rejects = _import(db, settings, directory)
    assert not report.applied
    kind = filename.removesuffix(".csv")
    assert (kind, line, field, code) in [(r.file, r.line, r.field, r.code) for r in rejects]
    for row in (EmployerRow, ParticipantRow, EmploymentRow, HistoryRow, LedgerEntryRow, AuditRow):
        assert _count(db, row) == 0, row.__tablename__


def test_the_same_import_twice_adds_nothing_the_second_time(db: Engine, settings: Settings) -> None:
    first, _ = _import(db, settings, GOOD)
    counts = {row: _count(db, row) for row in (ParticipantRow, EmploymentRow, LedgerEntryRow)}
    second, rejects = _import(db, settings, GOOD)
    assert rejects == []
    assert second.applied
    assert {k: f.added for k, f in second.files.items()} == dict.fromkeys(first.files, 0)
    assert {k: f.present for k, f in second.files.items()} == {
        k: f.added for k, f in first.files.items()
    }
    assert {row: _count(db, row) for row in counts} == counts


def test_the_command_writes_the_reject_file_with_the_reason(
    db: Engine, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JMO_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JMO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    monkeypatch.setenv("JMO_FIELD_KEYS", settings.field_keys.get_secret_value())
    monkeypatch.setenv("JMO_BLIND_INDEX_KEY", settings.blind_index_key.get_secret_value())
    monkeypatch.setenv("JMO_SECRET_KEY", settings.secret_key.get_secret_value())
    directory = _bad_copy(tmp_path, "participants.csv", 3, "nik", "12345")
    result = CliRunner().invoke(app, ["import", str(directory), "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "nothing was imported" in result.output
    reject, *references = _rows(directory / "rejects.csv")
    # the person's employment and contributions then refer to a KPJ that is not loaded
    assert {r["code"] for r in references} == {"import.unknown_participant"}
    assert reject == {
        "file": "participants.csv",
        "line": "3",
        "field": "nik",
        "code": "nik.format",
        "reason": "The NIK must be 16 digits.",
    }
    assert "12345" not in (directory / "rejects.csv").read_text()  # fields, never values
    good = CliRunner().invoke(
        app, ["import", str(GOOD), "--no-progress", "--rejects", str(tmp_path / "r.csv")]
    )
    assert good.exit_code == 0, good.output
    assert _count(db, LedgerEntryRow) == len(_rows(GOOD / "contributions.csv"))


# The month rule is SQL (a set rule); plan_posting's loop over an employment's months is
# its Python statement: first_of_month(start) <= month <= first_of_month(end).
_days = hs.dates(min_value=date(2015, 1, 1), max_value=date(2024, 12, 31))


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=_days, length=hs.one_of(hs.none(), hs.integers(0, 800)), month=_days)
def test_the_sql_month_rule_agrees_with_the_posting_rule(
    engine: Engine, start: date, length: int | None, month: date
) -> None:
    end = None if length is None else date.fromordinal(start.toordinal() + length)
    period = first_of_month(month)
    with engine.connect() as conn, conn.begin() as transaction:
        st.create_staging(conn)
        conn.execute(
            insert(st.spans),
            [
                {
                    "kpj": "1" * 11,
                    "npp": "A" * 8,
                    "start_month": f"{start:%Y-%m}",
                    "end_month": f"{end:%Y-%m}" if end else None,
                }
            ],
        )
        conn.execute(
            insert(st.contributions),
            [
                {
                    "line": 2,
                    "kpj": "1" * 11,
                    "npp": "A" * 8,
                    "period": f"{period:%Y-%m}",
                    "program": "jht",
                    "wage": 1,
                    "employer_share": 0,
                    "worker_share": 0,
                }
            ],
        )
        rejected = checks.contribution_references(conn) == 1
        transaction.rollback()
    covered = first_of_month(start) <= period and (end is None or period <= first_of_month(end))
    assert rejected is not covered


def test_a_later_load_of_contributions_alone_refers_to_stored_employments(
    db: Engine, settings: Settings, tmp_path: Path
) -> None:
    _import(db, settings, GOOD)
    later = tmp_path / "later"
    later.mkdir()
    rows = [r for r in _rows(GOOD / "contributions.csv") if r["period"] == "2023-06"]
    outside = dict(rows[0], period="2019-01")  # before the first employment began
    with (later / "contributions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows([dict(r, period="2023-07") for r in rows])
    report, rejects = _import(db, settings, later)
    assert rejects == []
    assert report.missing == ["employers.csv", "participants.csv", "employments.csv"]
    assert report.files["contributions"].added == len(rows)
    with (later / "contributions.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n").writerow(outside)
    report, rejects = _import(db, settings, later)
    assert [(r.line, r.field, r.code) for r in rejects] == [
        (len(rows) + 2, "period", "import.no_employment")
    ]
    assert not report.applied


def test_a_wrong_header_stops_before_anything_is_read(
    db: Engine, settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "files"
    shutil.copytree(GOOD, target)
    path = target / "employments.csv"
    path.write_text(path.read_text().replace("monthly_wage", "wage", 1))
    report, rejects = _import(db, settings, target)
    assert [(r.file, r.line, r.code) for r in rejects] == [("employments", 1, "import.header")]
    assert not report.applied
    assert _count(db, ParticipantRow) == 0


def test_a_pool_of_processes_loads_the_same_rows(db: Engine, settings: Settings) -> None:
    rejects: list[Reject] = []
    report = run_import(
        db,
        ImportJob(
            directory=GOOD,
            cipher=make_cipher(settings),
            regions=load_region_directory(),
            now=START,
            write_reject=rejects.append,
            workers=2,
            chunk_lines=5,
        ),
    )
    assert rejects == []
    assert report.applied
    assert _count(db, LedgerEntryRow) == len(_rows(GOOD / "contributions.csv"))
    assert _count(db, ParticipantRow) == len(_rows(GOOD / "participants.csv"))


def _write(path: Path, header: str, *lines: str) -> None:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")


def test_a_kpj_that_gains_rows_loses_its_outdated_balance_summary(
    db: Engine, settings: Settings, tmp_path: Path
) -> None:
    _import(db, settings, GOOD)
    uow = _uow(db, settings)
    people = _rows(GOOD / "participants.csv")
    with uow:
        records = [uow.participants.get_by_kpj(p["kpj"]) for p in people]
        yields = load_yield_table(settings.jht_yields_file)
        current_summaries(uow, [r for r in records if r], yields=yields, now=START)
        uow.commit()
    assert _count(db, JhtBalanceRow) == len(people)
    kpj = people[0]["kpj"]
    later = tmp_path / "later"
    later.mkdir()
    _write(later / "employers.csv", "npp,name", "E0000009,PT Kerja Sampingan")
    _write(
        later / "employments.csv",
        "kpj,npp,start_date,end_date,monthly_wage",
        f"{kpj},E0000009,2023-07-01,2023-07-31,2000000",
    )
    _write(
        later / "contributions.csv",
        "kpj,npp,period,program,wage,employer_share,worker_share",
        f"{kpj},E0000009,2023-07,jht,2000000,74000,40000",
    )
    report, rejects = _import(db, settings, later)
    assert rejects == []
    assert report.files["contributions"].added == 1
    assert _count(db, JhtBalanceRow) == len(people) - 1  # built again at its next read


def test_free_text_reaches_the_table_as_written(
    db: Engine, settings: Settings, tmp_path: Path
) -> None:
    directory = _bad_copy(tmp_path, "employers.csv", 2, "name", 'PT "Maju\\Jaya", Tbk \\N')
    report, rejects = _import(db, settings, directory)
    assert rejects == []
    assert report.applied
    with db.connect() as conn:
        assert conn.scalar(select(EmployerRow.name)) == 'PT "Maju\\Jaya", Tbk \\N'


def test_the_loaded_tables_have_statistics_for_the_planner(db: Engine, settings: Settings) -> None:
    """Without them the planner took a loaded table for empty and joined every employer
    (docs/performance.md, the floor at 1M participants)."""
    report, _ = _import(db, settings, GOOD)
    assert report.applied and "statistics" in report.seconds
    tables = ["employers", "participants", "employments", "jht_ledger_entries"]
    with db.connect() as conn:
        if db.dialect.name == "postgresql":
            # the ledger through its partitions: those holding rows, analysed one by one
            filled = {
                name
                for (name,) in conn.exec_driver_sql(
                    "SELECT DISTINCT tableoid::regclass::text FROM jht_ledger_entries"
                )
            }
            assert filled and filled <= set(partitions(conn))
            analysed = {
                name
                for (name,) in conn.exec_driver_sql(
                    "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
                )
            }
            assert filled <= analysed
            tables.remove("jht_ledger_entries")
        else:
            analysed = {name for (name,) in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    assert set(tables) <= analysed
