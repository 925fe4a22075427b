"""The ``jmo`` command."""

from __future__ import annotations

import typer

from jmo.cli import biometrics

app = typer.Typer(no_args_is_help=True, help="JMO: participant self-service (Pengkinian Data).")


app.add_typer(biometrics.app, name="biometrics")


@app.callback()
def _root() -> None:
    """JMO command line."""


def main() -> None:
    app()
