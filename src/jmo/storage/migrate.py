"""Alembic, driven from code: `jmo db upgrade` and the test fixtures call these."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from jmo.storage.ledger_partitions import is_partition


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("jmo.storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """What schema comparison looks at: the ledger's partitions are the database's detail of
    one table the models name (``jmo.storage.ledger_partitions``)."""
    return not (type_ == "table" and name is not None and is_partition(name))


def upgrade(url: str, revision: str = "head", engine: Engine | None = None) -> None:
    config = alembic_config(url)
    if engine is not None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    else:
        command.upgrade(config, revision)


def downgrade(url: str, revision: str, engine: Engine | None = None) -> None:
    config = alembic_config(url)
    if engine is not None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    else:
        command.downgrade(config, revision)
