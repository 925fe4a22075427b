"""Building the services for one CLI command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jmo.bootstrap import Runtime, bootstrap
from jmo.settings import load_settings


@contextmanager
def cli_runtime() -> Iterator[Runtime]:
    runtime = bootstrap(load_settings())
    try:
        yield runtime
    finally:
        runtime.close()
