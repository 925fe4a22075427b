"""A Babel extractor for labels that live in domain data (reference lists, service menu),
so the catalogues know them without the domain importing gettext. Used by babel.cfg."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def extract_domain_labels(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    from jmo.domain.reference import LISTS  # noqa: PLC0415 - only when extracting
    from jmo.domain.services import SERVICES  # noqa: PLC0415

    name = getattr(fileobj, "name", "")
    if name.endswith("reference.py"):
        for list_name, options_ in LISTS.items():
            for choice in options_:
                yield 0, None, choice.label, [f"reference list: {list_name}"]
    elif name.endswith("services.py"):
        for service in SERVICES:
            yield 0, None, service.label, ["menu label"]
