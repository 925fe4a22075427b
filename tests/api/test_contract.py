"""The API document describes the API a client meets: operation ids, every status with the
shared error body and the codes read from the code (``jmo.api.contract``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jmo import __version__
from jmo.api import build_routes
from jmo.api.contract.beyond_schema import BY_CONTENT, EXTENSION, REFUSALS, refusals_of
from jmo.api.contract.document import api_document
from jmo.api.contract.error_codes import DECLARED, every_function, raised_by
from jmo.api.contract.operations import errors_of, operations
from jmo.api.errors import retry_after
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.errors import DomainError, TooManyAttempts
from jmo.settings import Settings
from tests.api.contract import check_answer, documented, operation_for
from tests.cast import enrol_member


def document() -> dict[str, Any]:
    return api_document(build_routes(), title="JMO API", version=__version__, description="")


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


def test_operation_ids_are_module_and_function() -> None:
    routes = [r for r in build_routes() if isinstance(r, APIRoute) and r.include_in_schema]
    ids = [r.unique_id for r in routes]
    assert len(set(ids)) == len(ids)
    for route in routes:
        module = route.endpoint.__module__.rsplit(".", 1)[-1]
        assert route.unique_id == f"{module}_{route.endpoint.__name__}"
    found = {op["operationId"] for item in document()["paths"].values() for op in item.values()}
    assert found == set(ids)
    assert {"pengkinian_selfie", "claims_quote", "complaints_create"} <= found


def test_every_error_answer_has_the_error_body_and_its_codes() -> None:
    doc = document()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if int(status) < 400:
                    continue
                schema = response["content"]["application/json"]["schema"]
                codes = schema["properties"]["error"]["properties"]["code"]["enum"]
                assert codes, (path, method, status)
                if status in ("429", "503"):
                    assert "Retry-After" in response["headers"]
            if any(op.get("security", [])) and path != "/api/v1/auth/login":
                assert "auth.required" in _codes(op, "401"), (path, method)
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def _codes(op: dict[str, Any], status: str) -> list[str]:
    schema = op["responses"][status]["content"]["application/json"]["schema"]
    codes: list[str] = schema["properties"]["error"]["properties"]["code"]["enum"]
    return codes


def test_codes_are_read_from_the_use_cases() -> None:
    ops = {op.operation_id: op for op in operations(build_routes())}
    # Raised deep in the domain (the complaint's own rules) and in the use case.
    assert "complaint.already_rated" in ops["complaints_close"].errors[409]
    assert "complaint.not_found" in ops["complaints_close"].errors[404]
    assert "claim.reason_required" in ops["claims_quote"].codes
    assert "pengkinian.step_locked" in ops["pengkinian_selfie"].errors[403]
    assert "otp.resend_wait" in ops["pengkinian_contact_resend"].errors[429]
    # The staff role is checked before FastAPI reads the request (StaffRoute).
    assert "auth.staff_only" in ops["staff_claims_approve"].errors[403]
    # The edge's own answers.
    assert ops["claims_quote"].errors[413] == ("request.too_large",)
    assert "request.invalid" in ops["claims_quote"].errors[422]
    # And not everything everywhere: a public list raises nothing.
    assert ops["complaints_categories"].errors == {}


def test_every_unreadable_code_is_declared() -> None:
    """A ``DomainError(code)`` whose code is not a literal is listed in DECLARED with the
    codes it can build; a declaration whose site is gone is removed."""
    everywhere = raised_by(every_function()).unreadable
    assert {site.where for site in everywhere} == set(DECLARED)
    for route in build_routes():
        if isinstance(route, APIRoute):
            errors_of(route)  # no route reaches an error the walk cannot read


def test_the_checking_client_refuses_an_undocumented_code() -> None:
    doc = {
        "paths": {
            "/api/v1/claims/{claim_id}": {
                "get": {
                    "operationId": "claims_one",
                    "responses": {
                        "404": {
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "properties": {
                                            "error": {
                                                "properties": {
                                                    "code": {"enum": ["claim.not_found"]}
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    },
                }
            }
        }
    }
    request = httpx.Request("GET", "http://x/api/v1/claims/1")
    assert operation_for(doc, "GET", "/api/v1/claims/1") is not None

    def answer(status: int, code: str) -> httpx.Response:
        body = {"error": {"code": code, "message": "", "fields": []}}
        return httpx.Response(status, json=body, request=request)

    check_answer(doc, answer(404, "claim.not_found"))
    with pytest.raises(AssertionError, match="not in"):
        check_answer(doc, answer(404, "complaint.not_found"))
    with pytest.raises(AssertionError, match="answered 409"):
        check_answer(doc, answer(409, "record.changed"))


def test_retry_after_comes_from_the_limit() -> None:
    assert retry_after(TooManyAttempts("otp.resend_wait", seconds=42)) == 42
    assert retry_after(TooManyAttempts("auth.locked", minutes=15)) == 900
    assert retry_after(DomainError("service.database_unavailable")) == 5


@pytest.mark.db
def test_errors_the_client_meets_are_documented(client: TestClient, services: Any) -> None:
    """Errors of each kind, through the checking client: each status is documented for its
    operation and each code is in its enum (the other API test modules do the same)."""
    assert client.get("/api/v1/pengkinian").status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.get("/api/v1/card", headers=bad).status_code == 401
    member = enrol_member(services)
    token = client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/claims/not-a-uuid", headers=auth).status_code == 404
    assert (
        client.post(
            "/api/v1/pengkinian/selfie", headers=auth, files={"file": ("a", b"x")}
        ).status_code
        == 403
    )
    assert client.get("/api/v1/staff/claims", headers=auth).status_code == 403
    assert client.post("/api/v1/claims/quote", headers=auth, json={"x": 1}).status_code == 422
    ended = client.post("/api/v1/auth/logout", headers=auth)
    assert ended.status_code in (200, 204)
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    wrong = client.post("/api/v1/auth/login", json={"email": member.email, "password": "x" * 12})
    assert wrong.status_code == 401
    assert isinstance(client.app, FastAPI)


@pytest.mark.db
def test_the_edge_answers_in_the_documented_shape(settings: Settings, runtime: Runtime) -> None:
    """A body that is not JSON at all is a malformed request (422 request.invalid, not
    FastAPI's undocumented 400); a 405 names the methods the document lists for the path."""
    with TestClient(create_app(settings, runtime)) as plain:
        unreadable = plain.post(
            "/api/v1/auth/password-reset",
            content=b"\xff\xfe\x00{",
            headers={"Content-Type": "application/json"},
        )
        assert unreadable.status_code == 422
        assert unreadable.json()["error"]["code"] == "request.invalid"
        assert plain.options("/api/v1/complaints").headers["allow"] == "GET, POST"
        assert plain.options("/api/v1/claims/quote").headers["allow"] == "POST"
        assert plain.delete("/api/v1/claims/quote").status_code == 405


def test_links_name_real_operations_parameters_and_answers() -> None:
    """Each link (jmo.api.contract.links) goes to an operation of the document, fills one of
    its path parameters, from a property the producing answer has; the stateful fuzz phase
    and a generated client's docs follow them."""
    doc = document()
    by_id = {
        op["operationId"]: op
        for item in doc["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    found = set()
    for op in by_id.values():
        for response in op["responses"].values():
            ref = response.get("content", {}).get("application/json", {}).get("schema", {})
            answered = doc["components"]["schemas"].get(ref.get("$ref", "/").rsplit("/")[-1], {})
            for name, link in response.get("links", {}).items():
                target = by_id[link["operationId"]]
                params = {p["name"] for p in target["parameters"] if p["in"] == "path"}
                for param, expression in link["parameters"].items():
                    assert param in params, (name, param)
                    prop = expression.removeprefix("$response.body#/")
                    assert prop in answered["properties"], (op["operationId"], name, prop)
                    found.add((op["operationId"], name, param))
    assert ("complaints_create", "complaints_detail", "complaint_id") in found
    assert ("claims_submit", "claims_one", "claim_id") in found
    assert ("card_card", "card_verify", "token") in found
    assert ("pengkinian_submit", "pengkinian_change_request", "request_id") in found


def test_refusals_beyond_the_schema_are_in_their_operations_documents() -> None:
    """Each listed refusal names an operation of the document (an error's own code, one
    that operation documents); the document carries the list (``x-refusals-beyond-schema``)."""
    doc = document()
    for label, found in REFUSALS.items():
        method, path = label.split(" ", 1)
        op = doc["paths"][path][method.lower()]
        assert op[EXTENSION] == [
            {"reason": b.reason, "refusals": sorted(b.refusals)} for b in found
        ], label
        documented_codes = {
            code for status in op["responses"] if int(status) >= 400 for code in _codes(op, status)
        }
        for refusal in refusals_of(label) - {BY_CONTENT}:
            if ": " not in refusal:  # a field's code is in the answer's fields, not its code
                assert refusal in documented_codes, (label, refusal)
    assert sum(EXTENSION in op for item in doc["paths"].values() for op in item.values()) == len(
        REFUSALS
    )
