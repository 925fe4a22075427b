"""A Babel extractor for domain modules that list their labels in a ``LABELS`` tuple
(Kartu Digital programs, Pengaduan categories and statuses): the catalogues learn them from
the data itself, and the domain does not import gettext (docs/decisions/0003-i18n.md)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any


def extract_labels(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    path = PurePath(getattr(fileobj, "name", ""))
    parts = path.with_suffix("").parts
    module_name = ".".join(parts[parts.index("jmo") :])
    module = importlib.import_module(module_name)
    for label in getattr(module, "LABELS", ()):
        yield 0, None, label, [f"label from {module_name}"]
