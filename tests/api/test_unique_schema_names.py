"""Every schema of the document has its own name: two models of one name (in different
modules) get names built from their module paths, which a generated client cannot use."""

from __future__ import annotations

from jmo import __version__
from jmo.api import build_routes
from jmo.api.contract.document import api_document


def test_schema_names_are_plain_and_unique() -> None:
    document = api_document(build_routes(), title="JMO API", version=__version__, description="")
    names = list(document["components"]["schemas"])
    assert not [n for n in names if "__" in n], names
    titles = [s.get("title", n) for n, s in document["components"]["schemas"].items()]
    assert len(titles) == len(set(titles))
