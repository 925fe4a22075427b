"""A test client that holds the API to its own document: every answer to an ``/api/v1``
request must have a status the operation documents, and an error answer a code in that
operation's enum. The API test modules make their clients with it, so every error they
provoke checks the generated document (``jmo.api.contract``) against the running code."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient


@cache
def _patterns(document_id: int, paths: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    found = []
    for path in paths:
        regex = re.sub(
            r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")
        )
        found.append((re.compile(f"^{regex}$"), path))
    # Literal paths before templated ones (/claims/quote before /claims/{claim_id}).
    return sorted(found, key=lambda item: item[1].count("{"))


def operation_for(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    paths = document["paths"]
    for pattern, template in _patterns(id(document), tuple(paths)):
        if pattern.match(path) and method.lower() in paths[template]:
            operation: dict[str, Any] = paths[template][method.lower()]
            return operation
    return None


def check_answer(document: dict[str, Any], response: httpx.Response) -> None:
    request = response.request
    if not request.url.path.startswith("/api/v1/"):
        return
    operation = operation_for(document, request.method, request.url.path)
    assert operation is not None, f"{request.method} {request.url.path} is not in the document"
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{operation['operationId']} answered {status}, documented "
        f"{sorted(operation['responses'])}: {response.text[:300]}"
    )
    if response.status_code >= 400:
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        code = response.json()["error"]["code"]
        enum = schema["properties"]["error"]["properties"]["code"]["enum"]
        assert code in enum, f"{operation['operationId']} {status}: {code} not in {enum}"


def documented(client: TestClient) -> TestClient:
    app = client.app
    assert isinstance(app, FastAPI)
    document = app.openapi()

    def hook(response: httpx.Response) -> None:
        response.read()
        check_answer(document, response)

    client.event_hooks = {"request": [], "response": [hook]}
    return client
