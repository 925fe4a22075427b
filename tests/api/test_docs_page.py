"""/api/docs: the API reference as one page rendered on the server, with nothing loaded
from anywhere but the app and nothing the Content-Security-Policy would block."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_the_reference_is_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    document = client.get("/api/openapi.json").json()
    for item in document["paths"].values():
        for op in item.values():
            assert f'id="{op["operationId"]}"' in html
    # The codes of an operation are on the page (from the same document).
    assert "complaint.already_rated" in html and "Retry-After" in html
    # Nothing inline, nothing from elsewhere: every asset is the app's own and is served.
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in set(assets):
        assert client.get(asset).status_code == 200, asset


def test_the_reference_is_not_an_operation_of_the_api(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    assert "/api/docs" not in document["paths"]
