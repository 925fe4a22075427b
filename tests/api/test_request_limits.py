"""Limits on what a request may cost: body sizes (refused before they are read, issue 8
item 11) and the public card verification (issue 8, "also seen")."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import itertools
import pkgutil
import re
import socket
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

import jmo.api.v1
import jmo.web.routes
from jmo.app import create_app
from jmo.bootstrap import Runtime, policy_from
from jmo.edge_body_limit import SMALL_BODY_BYTES, UploadKind, upload_kind_of, upload_limits
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import enrol_member

CHUNK = 16 * 1024


@pytest.fixture
def app(settings: Settings, runtime: Runtime) -> FastAPI:
    return create_app(settings, runtime)


def call(
    app: FastAPI,
    path: str,
    *,
    chunks: Iterable[bytes],
    headers: dict[str, str],
) -> tuple[int, dict[str, str], bytes, int]:
    """One request straight through ASGI: (status, headers, body, bytes the app pulled)."""
    pulled = 0
    source = iter(chunks)

    async def receive() -> Message:
        nonlocal pulled
        chunk = next(source, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("192.0.2.1", 40000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    response_headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], response_headers, body, pulled


def test_a_huge_json_body_is_refused_from_its_length_without_being_read(app: FastAPI) -> None:
    def never() -> Iterator[bytes]:
        raise AssertionError("the body was read")
        yield b""  # pragma: no cover

    status, headers, body, pulled = call(
        app,
        "/api/v1/auth/login",
        chunks=never(),
        headers={"content-type": "application/json", "content-length": str(100 * 2**20)},
    )
    assert status == 413 and pulled == 0
    assert headers["content-type"] == "application/json"
    assert b'"code":"request.too_large"' in body and b"64 KB" in body


def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit(app: FastAPI) -> None:
    # 8 MB without a Content-Length: counted as it comes (bounded, so a regression fails
    # instead of reading forever)
    endless = itertools.repeat(b"x" * CHUNK, 512)
    status, _, body, pulled = call(
        app,
        "/api/v1/auth/login",
        chunks=endless,
        headers={"content-type": "application/json", "accept-language": "en"},
    )
    assert status == 413
    assert SMALL_BODY_BYTES < pulled <= SMALL_BODY_BYTES + CHUNK
    assert b"What was sent is too large (at most 64 KB)" in body


def test_a_page_gets_a_413_page_in_the_persons_language(app: FastAPI) -> None:
    status, headers, body, _ = call(
        app,
        "/login",
        chunks=itertools.chain([b"email="], itertools.repeat(b"x" * CHUNK, 512)),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert "Data yang dikirim terlalu besar (paling banyak 64 KB)" in body.decode()
    assert "content-security-policy" in headers  # the usual headers on this answer too


def test_an_upload_route_takes_what_its_settings_allow_and_no_more(
    settings: Settings, runtime: Runtime, services: Services
) -> None:
    """The complaint routes take attachment_max_files x attachment_max_bytes (plus the
    form): lower the settings and the body limit follows."""
    small = settings.model_copy(update={"attachment_max_bytes": 2**20, "attachment_max_files": 2})
    app = create_app(small, runtime_with(runtime, small))
    member = enrol_member(services)
    with TestClient(app) as client:
        token = client.post(
            "/api/v1/auth/login", json={"email": member.email, "password": member.password}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}

        def two_pdfs_of(size: int) -> httpx.Response:
            pdf = b"%PDF-1.4 " + b"0" * size
            answer: httpx.Response = client.post(
                "/api/v1/complaints",
                headers=auth,
                data={"category": "klaim", "description": "Berkas saya tidak terbaca."},
                files=[("files", (f"{i}.pdf", pdf, "application/pdf")) for i in range(2)],
            )
            return answer

        assert two_pdfs_of(900_000).status_code != 413
        too_much = two_pdfs_of(1_100_000)
        assert too_much.status_code == 413
        assert too_much.json()["error"]["code"] == "request.too_large"
        # the same body on a route for small JSON is refused far earlier
        login = client.post("/api/v1/auth/login", content=b"{" + b" " * SMALL_BODY_BYTES + b"}")
        assert login.status_code == 413


def runtime_with(runtime: Runtime, settings: Settings) -> Runtime:
    services = dataclasses.replace(runtime.services, policy=policy_from(settings))
    return Runtime(services=services, engine=runtime.engine, faces=runtime.faces)


def test_every_route_that_reads_files_declares_its_upload_kind() -> None:
    """A new upload route without ``accepts_upload`` would refuse every real file."""
    readers = []
    for info in itertools.chain(
        pkgutil.iter_modules(jmo.web.routes.__path__, "jmo.web.routes."),
        pkgutil.iter_modules(jmo.api.v1.__path__, "jmo.api.v1."),
    ):
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.iscoroutinefunction):
            source = inspect.getsource(function)
            if function.__module__ != info.name or not ROUTE.match(source.lstrip()):
                continue
            if any(sign in source for sign in FILE_READING):
                readers.append(f"{info.name}.{name}")
                assert upload_kind_of(function) is not None, f"{name} reads files but takes 64 KB"
    # selfie, burst, complaints, claims; the photo and burst of Lupa akun, of the claim
    # lock and of lifting a freeze; a request's documents; the reference photo taken at the
    # branch counter; an employer's CSV of corrections; pages and API; the receipt file at
    # Verifikasi Bukti
    assert len(readers) == 29, readers


ROUTE = re.compile(r"@\w*router\.")
FILE_READING = (
    "UploadFile",
    "File(",
    "Files",
    "max_files=",
    "_multipart(",
    "read_uploads(",
    # the face check's one form reader (pages) and its multipart dependencies (API)
    "read_burst_form(",
    "read_photo_form(",
    "BurstForm",
    "PhotoForm",
)


def test_each_upload_kind_is_defined_by_the_settings(settings: Settings, runtime: Runtime) -> None:
    limits = upload_limits(runtime.services.policy)
    assert limits[UploadKind.SELFIE] == settings.face_max_upload_bytes + SMALL_BODY_BYTES
    assert limits[UploadKind.ATTACHMENTS] == (
        settings.attachment_max_files * settings.attachment_max_bytes + SMALL_BODY_BYTES
    )
    assert limits[UploadKind.BURST] == 45 * 512 * 1024 + SMALL_BODY_BYTES  # docs/biometrics.md


def test_a_chunked_body_against_the_live_server(live_server: str) -> None:
    """Through uvicorn: a chunked body that never ends gets its 413 and the connection is
    closed; the server did not wait for the rest."""
    address = urlparse(live_server)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"%x\r\n%s\r\n" % (CHUNK, b" " * CHUNK)
        answer = b""
        try:
            for _ in range(64):  # 1 MB at most, far past the 64 KB limit
                sock.sendall(chunk)
        except OSError:
            pass  # the server may close before we stop sending
        while b"\r\n\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


# --- the public card verification ---------------------------------------------------------


def test_card_verification_is_limited_per_address(app: FastAPI, settings: Settings) -> None:
    with (
        TestClient(app, client=("198.51.100.7", 40000)) as scanner,
        TestClient(app, client=("198.51.100.8", 40000)) as other_desk,
    ):
        limit = 60
        for _ in range(limit):
            assert scanner.get("/verify/not-a-token").status_code == 200
        page = scanner.get("/verify/not-a-token")
        assert page.status_code == 429 and page.headers["retry-after"] == "60"
        assert "Terlalu banyak pemeriksaan kartu dari jaringan ini" in page.text
        api = scanner.get("/api/v1/verify/not-a-token", headers={"accept-language": "en"})
        assert api.status_code == 429
        assert api.json()["error"]["code"] == "card.verify_too_many"
        assert "Too many card checks from this network" in api.json()["error"]["message"]
        assert other_desk.get("/api/v1/verify/not-a-token").status_code == 200
