"""Request ids are drawn per kind and year without duplicates, also when many requests are
made at the same moment (threads on their own connections), on SQLite and PostgreSQL; the
migration gives the requests stored before it their ids, in the order they were made."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Engine, Uuid, bindparam, text

from jmo.domain.requests.ids import RequestId, RequestKind
from jmo.storage.migrate import alembic_config, downgrade, upgrade
from jmo.storage.types import UTCDateTime
from jmo.usecases.services import Services
from tests.cast import persona_member

AT = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def _assign(services: Services, kind: RequestKind, at: datetime = AT) -> RequestId:
    uow = services.uow()
    with uow:
        found = uow.request_ids.assign(kind, uuid.uuid4(), uuid.uuid4(), at)
        uow.commit()
    return found


def test_each_kind_and_year_counts_on_its_own(services: Services) -> None:
    assert str(_assign(services, RequestKind.PENGKINIAN)) == "PD-2026-000001"
    assert str(_assign(services, RequestKind.PENGKINIAN)) == "PD-2026-000002"
    assert str(_assign(services, RequestKind.CLAIM)) == "KL-2026-000001"
    # 1 January 2027, 00:30 WIB is still 2026 in UTC: the id's year is the WIB one
    new_year = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert str(_assign(services, RequestKind.PENGKINIAN, new_year)) == "PD-2027-000001"


def test_a_rolled_back_request_leaves_a_gap_never_a_duplicate(services: Services) -> None:
    uow = services.uow()
    with uow:
        uow.request_ids.assign(RequestKind.COMPLAINT, uuid.uuid4(), uuid.uuid4(), AT)
        # no commit: the whole request is rolled back, counter included
    assert _assign(services, RequestKind.COMPLAINT).seq == 1
    assert _assign(services, RequestKind.COMPLAINT).seq == 2


def test_concurrent_requests_never_share_an_id(services: Services) -> None:
    workers, each = 8, 5
    barrier = threading.Barrier(workers)
    drawn: list[RequestId] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(each):
                uow = services.uow()
                with uow:
                    got = uow.request_ids.assign(
                        RequestKind.KPJ_MERGE, uuid.uuid4(), uuid.uuid4(), AT
                    )
                    uow.commit()
                with lock:
                    drawn.append(got)
        except BaseException as exc:  # reported below: a thread's error must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(r.seq for r in drawn) == list(range(1, workers * each + 1))
    uow = services.uow()
    with uow:
        first = uow.request_ids.get(RequestId(RequestKind.KPJ_MERGE, 2026, 1))
    assert first is not None and first.kind is RequestKind.KPJ_MERGE


def test_the_migration_numbers_the_requests_already_stored(
    engine: Engine, database_url: str, services: Services
) -> None:
    """Rows made before the ids existed: drop the id tables (the revision before), add
    requests, upgrade: each gets an id in the order it was made, per kind and year."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    revision = script.get_revision("0008_tracking")
    assert revision is not None and isinstance(revision.down_revision, str)
    member = persona_member(services, "budi")
    participant = member.participant.id
    uow = services.uow()
    with uow:
        found = uow.accounts.for_participant(participant)
    assert found is not None
    account = found.id
    downgrade(database_url, revision.down_revision, engine=engine)
    try:
        with engine.begin() as conn:
            for n, (kind, fields, at) in enumerate(
                [
                    ("pengkinian", ["address_street"], AT + timedelta(hours=2)),
                    ("pengkinian", ["phone"], AT + timedelta(hours=1)),
                    ("identity_correction", [], AT),
                    ("pengkinian", ["bank_account"], datetime(2025, 5, 1, tzinfo=UTC)),
                ]
            ):
                conn.execute(
                    text(
                        "INSERT INTO change_requests (id, participant_id, kind, channel, status,"
                        " changes_enc, changed_fields, base_version, submitted_by, submitted_at,"
                        " reported_fields, documents_required)"
                        " VALUES (:id, :p, :kind, 'app', 'applied', 'x', :fields, 1, :acc, :at,"
                        " :none, :none)"
                    ).bindparams(
                        bindparam("id", type_=Uuid()),
                        bindparam("p", type_=Uuid()),
                        bindparam("acc", type_=Uuid()),
                        bindparam("at", type_=UTCDateTime()),
                        bindparam("fields", type_=JSON()),
                        bindparam("none", type_=JSON()),
                    ),
                    {
                        "id": uuid.UUID(int=n + 1),
                        "p": participant,
                        "kind": kind,
                        "fields": fields,
                        "acc": account,
                        "at": at,
                        "none": [],
                    },
                )
    finally:
        upgrade(database_url, engine=engine)
    with engine.connect() as conn:
        got = {
            row.request_id: row.kind
            for row in conn.execute(text("SELECT request_id, kind FROM request_ids"))
        }
        counters = {
            (row.kind, row.year, row.last_seq)
            for row in conn.execute(text("SELECT kind, year, last_seq FROM request_sequences"))
        }
    assert got == {
        "KI-2026-000001": "identity_correction",
        "UK-2026-000001": "contact_change",  # only the phone changed
        "PD-2026-000001": "pengkinian",
        "UR-2025-000001": "bank_change",
    }
    assert ("pengkinian", 2026, 1) in counters
    # the next request of a kind continues after the numbered ones
    assert str(_assign(services, RequestKind.PENGKINIAN)) == "PD-2026-000002"
