"""Building the settings and the services for one CLI command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from jmo.settings import ConfigurationError, Settings, load_settings

if TYPE_CHECKING:
    from jmo.bootstrap import Runtime


def cli_settings() -> Settings:
    """The settings, or the reason they are refused (naming the variables) and exit 2."""
    try:
        return load_settings()
    except ConfigurationError as exc:
        typer.secho(f"jmo: configuration refused: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


@contextmanager
def cli_runtime(settings: Settings | None = None) -> Iterator[Runtime]:
    from jmo.bootstrap import bootstrap  # here: the face engine is slow to import

    runtime = bootstrap(settings or cli_settings())
    try:
        yield runtime
    finally:
        runtime.close()
