"""The models and the migrations describe the same schema, and the migrations go down and
up again, on the engine under test."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Uuid, bindparam, delete, select, text

from jmo.storage.migrate import alembic_config, downgrade, include_name, upgrade
from jmo.storage.rows import OutboxRow
from jmo.storage.schema import Base
from jmo.storage.types import UTCDateTime


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        return list(compare_metadata(context, Base.metadata))


def test_models_match_the_migrations(engine: Engine) -> None:
    assert _drift(engine) == []


def test_downgrade_to_base_and_upgrade_again(engine: Engine, database_url: str) -> None:
    downgrade(database_url, "base", engine=engine)
    upgrade(database_url, engine=engine)
    assert _drift(engine) == []


def test_links_and_codes_stored_before_0005_are_removed(engine: Engine, database_url: str) -> None:
    """Notices written before revision 0005 carry their link or code in the text: the
    upgrade removes it, and gives up the ones not sent yet (a new link is one click)."""
    before = ScriptDirectory.from_config(alembic_config(database_url)).get_revision("0005_data")
    assert before is not None and isinstance(before.down_revision, str)
    downgrade(database_url, before.down_revision, engine=engine)
    rows = [
        ("account.password_reset", "Buka https://jmo.example/reset?token=RAHASIA1", True),
        ("otp.phone", "Kode verifikasi nomor HP JMO Anda: 493817.", False),
        ("complaint.replied", "Ada balasan untuk pengaduan ADU-1234ABCD.", False),
    ]
    created = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        with engine.begin() as conn:
            for kind, body, sent in rows:
                conn.execute(
                    text(
                        "INSERT INTO outbox (id, channel, recipient, kind, subject, body,"
                        " idempotency_key, created_at, sent_at, attempts, next_attempt_at)"
                        " VALUES (:id, 'email', 'x@mail.example', :kind, 's', :body, :key,"
                        " :at, :sent, 0, :at)"
                    ).bindparams(
                        bindparam("at", type_=UTCDateTime()),
                        bindparam("sent", type_=UTCDateTime()),
                        bindparam("id", type_=Uuid()),
                    ),
                    {
                        "id": uuid.uuid4(),
                        "kind": kind,
                        "body": body,
                        "key": kind,
                        "at": created,
                        "sent": created if sent else None,
                    },
                )
        upgrade(database_url, engine=engine)
        with engine.connect() as conn:
            found = {
                kind: (body, failed is not None)
                for kind, body, failed in conn.execute(
                    select(OutboxRow.kind, OutboxRow.body, OutboxRow.failed_at)
                )
            }
        assert "RAHASIA1" not in found["account.password_reset"][0]
        assert "493817" not in found["otp.phone"][0] and found["otp.phone"][1]  # given up
        assert found["complaint.replied"] == ("Ada balasan untuk pengaduan ADU-1234ABCD.", False)
    finally:
        with engine.begin() as conn:
            conn.execute(delete(OutboxRow))
        upgrade(database_url, engine=engine)
