"""The models and the migrations describe the same schema, and the migrations go down and
up again, on the engine under test."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from jmo.storage.migrate import downgrade, upgrade
from jmo.storage.schema import Base


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_models_match_the_migrations(engine: Engine) -> None:
    assert _drift(engine) == []


def test_downgrade_to_base_and_upgrade_again(engine: Engine, database_url: str) -> None:
    downgrade(database_url, "base", engine=engine)
    upgrade(database_url, engine=engine)
    assert _drift(engine) == []
