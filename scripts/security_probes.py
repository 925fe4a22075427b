# ruff: noqa: E402 - this checkout's src/ and tests/ go first on the path, before the imports
"""Issue 8, "the probes that found them are rerun from outside" (run by hand, not in `make test`):

    PYTHONPATH=src .venv/bin/python scripts/security_probes.py
        [--markdown var/security-probes.md] [--only 3,12,also] [--keep] [--postgres URL]

The shipped server as an outsider meets it: ``jmo serve`` in a subprocess, production mode
(``JMO_ENVIRONMENT`` unset) on a throwaway PostgreSQL database (created here on the local
server and dropped at the end), secrets generated into a temporary directory, a public URL,
mail to a local SMTP server (aiosmtpd) this program reads like a mailbox, SMS to a local
HTTP gateway it runs, the outbox delivered by ``jmo outbox send`` as a cron job would.
Demo-like data is seeded through the use cases before the server starts (``jmo demo``
refuses production): the demo logins, with some participants walked through Pengkinian Data
by the suite's cast (tests/cast.py).

Then each item of issue 8 is probed over HTTP only, the way the outside test did, through
the JSON API (the pages call the same use cases; their cookies are ``Secure``, which a client
on plain HTTP does not send back). Item 6 reads the database directly (a copy of the
database is that attacker) and the face-engine probe looks at processes. Each probe's
clients connect from loopback addresses of their own (127.x.y.z: the server sees them as
different clients), so that the address-based limits of one probe do not spill into the
next. The camera bursts of item 2 are simulated from a demo selfie with
``tests/synthetic_faces.py``, as the suite's liveness tests do.

The result is a table (item, probe, expected, observed, PASS/FAIL), printed and written as
markdown; the exit status is 1 when a probe failed. About 7 minutes on the shared 2-core
machine. Where a probe fails, report it; do not bend the probe to pass.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "src"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import argparse
import base64
import email
import email.policy
import io
import json
import os
import platform
import re
import secrets
import select
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np
from aiosmtpd.controller import Controller
from PIL import Image
from sqlalchemy import create_engine, text
from tests import synthetic_faces as syn
from tests.cast import PASSWORD, Member, complete_pengkinian, enrol_member, walk_to_selfie
from tests.jht_cast import create_officer, pdf_bytes
from tests.services.helpers import jpeg, pdf
from tests.services.test_attachments import exif_with_gps

from jmo.biometrics import FaceEngine
from jmo.biometrics import face as fc
from jmo.biometrics.imaging import ImageLimits, decode_image
from jmo.bootstrap import bootstrap
from jmo.cli.demo import DEMO_OFFICER, DEMO_PASSWORD, seed_demo
from jmo.domain.pengkinian.forms import STEP_FIELDS
from jmo.domain.pengkinian.steps import Step
from jmo.settings import Settings, load_settings
from jmo.usecases.services import Services

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PUBLIC_URL = "https://jmo.probe.invalid"
BRANCH_OFFICER = "cabang@probe.jmo.id"
MIB = 1024 * 1024
# The probe's own participants: a birth date no demo persona has, so their NIKs are new.
BORN = date(1990, 7, 9)
# A PDF that runs JavaScript when opened: the claim document the outside test got through.
JAVASCRIPT_PDF = pdf(extra_catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
SCORE_WORDS = ("distance", "score", "threshold", "similarity", "confidence")


# --- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    item: str
    probe: str
    expected: str
    observed: str
    passed: bool


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    def check(self, item: str, probe: str, expected: str, observed: str, passed: bool) -> None:
        self.rows.append(Row(item, probe, expected, observed, passed))
        print(f"  [{'PASS' if passed else 'FAIL'}] {item}: {probe}: {observed}", flush=True)

    def figure(self, line: str) -> None:
        self.figures.append(line)
        print(f"  figure: {line}", flush=True)

    def markdown(self) -> str:
        def cell(value: str) -> str:
            return value.replace("|", "\\|").replace("\n", " ")

        lines = [
            "| item | probe | expected | observed | result |",
            "|---|---|---|---|---|",
        ]
        for r in self.rows:
            lines.append(
                f"| {cell(r.item)} | {cell(r.probe)} | {cell(r.expected)} | {cell(r.observed)} "
                f"| {'PASS' if r.passed else '**FAIL**'} |"
            )
        return "\n".join(lines) + "\n"


# --- what the outsider's side runs: a mailbox and an SMS gateway ---------------------------


@dataclass(frozen=True)
class Mail:
    at: float
    recipients: tuple[str, ...]
    subject: str
    text: str


class Mailbox:
    """A real SMTP server on this machine (aiosmtpd): the mailboxes of every address."""

    def __init__(self) -> None:
        self.port = free_port()
        self._mails: list[Mail] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        mail = Mail(
            time.monotonic(),
            tuple(r.lower() for r in envelope.rcpt_tos),
            str(message["subject"] or ""),
            body.get_content() if body is not None else "",
        )
        with self._lock:
            self._mails.append(mail)
        return "250 OK"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def to(self, address: str, since: float = 0.0) -> list[Mail]:
        with self._lock:
            return [m for m in self._mails if address.lower() in m.recipients and m.at >= since]


@dataclass(frozen=True)
class Sms:
    at: float
    to: str
    text: str


class SmsGateway:
    """An HTTP SMS gateway as the shipped ``HttpSmsSender`` expects one (docs/notifications.md):
    it checks the bearer token, keeps the message and answers with an id."""

    def __init__(self) -> None:
        self.token = secrets.token_urlsafe(16)
        self.messages: list[Sms] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    self.send_response(401)
                    self.end_headers()
                    return
                sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.messages.append(Sms(time.monotonic(), sent["to"], sent["text"]))
                answer = json.dumps({"id": str(uuid.uuid4())}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sms"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()

    def to(self, phone: str, since: float = 0.0) -> list[Sms]:
        return [m for m in self.messages if same_phone(m.to, phone) and m.at >= since]


def same_phone(a: str, b: str) -> bool:
    """0812... and +62812... are the same number."""
    return digits(a)[-9:] == digits(b)[-9:]


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the database, the configuration and the processes -------------------------------------


def create_database(admin_url: str) -> str:
    name = f"jmo_probe_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def drop_database(admin_url: str, database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def dump_database(database_url: str) -> str:
    """What a stolen backup holds: ``pg_dump`` of the whole database, as text."""
    libpq = database_url.replace("postgresql+psycopg://", "postgresql://")
    done = subprocess.run(
        ["pg_dump", "--no-owner", libpq], capture_output=True, text=True, check=True
    )
    return done.stdout


def outbox_rows(database_url: str) -> list[str]:
    """Every column of every outbox row, as text."""
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM outbox")).mappings().all()
    engine.dispose()
    return [" ".join(f"{k}={v!r}" for k, v in row.items()) for row in rows]


def production_environment(
    tmp: Path, database_url: str, mailbox: Mailbox, sms: SmsGateway
) -> dict[str, str]:
    """What an operator sets, nothing more: no JMO_ENVIRONMENT (production is the default).
    The secrets are generated once into ``tmp/secrets.env`` (mode 600), as from a vault."""
    raw = [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() for _ in range(3)]
    keys = {
        "JMO_SECRET_KEY": secrets.token_urlsafe(32),
        "JMO_FIELD_KEYS": f"p1:{raw[0]}",
        "JMO_BLIND_INDEX_KEY": raw[1],
        "JMO_CARD_SIGNING_KEYS": f"c1:{raw[2]}",
    }
    vault = tmp / "secrets.env"
    vault.touch(mode=0o600)
    vault.write_text("".join(f"{k}={v}\n" for k, v in keys.items()))
    return {
        **keys,
        "JMO_DATABASE_URL": database_url,
        "JMO_DATA_DIR": str(tmp / "var"),
        "JMO_PUBLIC_URL": PUBLIC_URL,
        "JMO_SMTP_HOST": "127.0.0.1",
        "JMO_SMTP_PORT": str(mailbox.port),
        "JMO_SMS_GATEWAY_URL": sms.url,
        "JMO_SMS_GATEWAY_TOKEN": sms.token,
        "JMO_FACE_WORKERS": "1",
    }


def bare_environment() -> dict[str, str]:
    """This shell without any JMO_ setting; the server runs this checkout's code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JMO_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def jmo(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jmo", *args],
        env={**bare_environment(), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Server:
    """``jmo serve`` in its own process group, as an operator starts it."""

    def __init__(self, env: dict[str, str], log: Path, *, host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jmo", "serve", "--host", host, "--port", str(self.port)],
            env={**bare_environment(), **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: see {log}")
            try:
                httpx.get(f"{self.base_url}/api/v1/reference/banks", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within 120 s: see {log}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self._log.close()


def descendants(pid: int) -> list[int]:
    """Every living process under ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                stat = (entry / "stat").read_text()
                fields = stat.rsplit(")", 1)[1].split()
                if fields[0] != "Z":
                    parents[int(entry.name)] = int(fields[1])
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- seeding through the use cases ----------------------------------------------------------


@dataclass(frozen=True)
class Person:
    email: str
    password: str
    participant_id: str


@dataclass
class Cast:
    people: dict[str, Person]
    timing: list[Person]  # accounts that only log in (item 1, 13)
    bambang_change_request: str  # his data update, which changed his bank account
    bambang_accounts: tuple[str, str]  # the bank account before and after it
    # per person, what item 12 masks before a face check, in full (agus: never did one;
    # bambang: his data update is done)
    sensitive: dict[str, dict[str, str]]


def seed(settings: Settings) -> Cast:
    """The demo logins (``jmo demo``'s own code), then: bambang and hendra with their data
    update done (hendra keeps his bank account, so no payout hold hides the branch rule),
    budi and two more at step 7 (a passed selfie), accounts for the login probes and an
    officer of a branch. Still photos are allowed for this seeding only (the server then
    requires the camera, as production does)."""
    seed_demo(settings, participants=20, seed=7, if_empty=False)
    runtime = bootstrap(settings)
    try:
        base = runtime.services
        svc = replace(base, policy=replace(base.policy, face_still_photo_allowed=True))
        demo = {
            key: demo_member(svc, key, f"2{index:010d}")
            for index, key in enumerate(
                ("budi", "agus", "hendra", "bambang", "siti", "dewi", "joko"), start=1
            )
        }
        walk_to_selfie(svc, demo["budi"])
        update = complete_pengkinian(svc, demo["bambang"])
        bank = next(c for c in update.changes if c.field == "bank_account")
        hendra = demo["hendra"].participant.profile
        complete_pengkinian(
            svc,
            demo["hendra"],
            bank_code=hendra.bank_code or "",
            bank_account=hendra.bank_account or "",
            bank_account_holder=hendra.bank_account_holder or "",
        )
        people = {key: person_of(m) for key, m in demo.items()}
        for key in ("otpback", "vault"):
            member = enrol_member(svc, key=key, full_name="Rudi Hartono", birth_date=BORN)
            walk_to_selfie(svc, member)
            people[key] = person_of(member)
        timing = [
            person_of(enrol_member(svc, key="login", birth_date=BORN, face=None)) for _ in range(10)
        ]
        create_officer(svc, BRANCH_OFFICER, branch_code="JKT01")
        return Cast(
            people=people,
            timing=timing,
            bambang_change_request=str(update.id),
            bambang_accounts=(str(bank.old), str(bank.new)),
            sensitive={key: sensitive_values(svc, demo[key]) for key in ("agus", "bambang")},
        )
    finally:
        runtime.close()


def demo_member(svc: Services, key: str, kpj: str) -> Member:
    uow = svc.uow()
    with uow:
        participant = uow.participants.get_by_kpj(kpj)
    assert participant is not None, kpj
    return Member(participant, f"{key}@demo.jmo.id", DEMO_PASSWORD, key)


def sensitive_values(svc: Services, member: Member) -> dict[str, str]:
    uow = svc.uow()
    with uow:
        participant = uow.participants.get(member.participant.id)
    assert participant is not None
    p = participant.profile
    values = {
        "NIK": participant.identity.nik,
        "KK number": p.kk_number,
        "NPWP": p.npwp,
        "passport": p.passport,
        "bank account": p.bank_account,
        "mother's name": p.mother_name,
        "phone": p.phone,
        "emergency phone": p.emergency_phone,
    }
    return {name: value for name, value in values.items() if value}


def person_of(member: Member) -> Person:
    return Person(member.email, member.password, str(member.participant.id))


# --- talking to the server ------------------------------------------------------------------


class ProbeError(Exception):
    """The probe could not get where it needed to (not a finding about the item itself)."""


@dataclass
class World:
    base_url: str
    env: dict[str, str]
    database_url: str
    cast: Cast
    mailbox: Mailbox
    sms: SmsGateway
    server: Server
    report: Report
    tmp: Path
    state: dict[str, str] = field(default_factory=dict)  # what one probe leaves to another

    @contextmanager
    def client(self, source: str = "127.0.0.1", base_url: str = "") -> Iterator[httpx.Client]:
        """A client whose TCP peer address is ``source`` (any 127.x.y.z is this machine)."""
        with httpx.Client(
            base_url=base_url or self.base_url,
            transport=httpx.HTTPTransport(local_address=source),
            headers={"Accept-Language": "en"},
            timeout=180,
        ) as client:
            yield client

    def login(
        self, person: Person | str, *, source: str, password: str = "", device: str = ""
    ) -> httpx.Response:
        email_address = person if isinstance(person, str) else person.email
        secret = password or (person.password if isinstance(person, Person) else "")
        with self.client(source) as client:
            return client.post(
                "/api/v1/auth/login",
                json={"email": email_address, "password": secret},
                headers={"X-JMO-Device": device} if device else {},
            )

    def auth(self, person: Person | str, *, source: str, password: str = "") -> dict[str, str]:
        response = self.login(person, source=source, password=password)
        if response.status_code != 200:
            raise ProbeError(f"login as {person} failed: {response.status_code} {response.text}")
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def person(self, key: str) -> Person:
        return self.cast.people[key]

    def officer(self, source: str) -> dict[str, str]:
        return self.auth(DEMO_OFFICER, source=source, password=DEMO_PASSWORD)

    def deliver(self) -> None:
        """The outbox cron job: deliver what is due, now."""
        done = jmo(self.env, "outbox", "send")
        if done.returncode != 0:
            raise ProbeError(f"jmo outbox send failed: {done.stderr[-500:]}")


def code_of(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def answer(response: httpx.Response) -> str:
    """``201``, ``422 attachment.pdf_active``: the status and the error code, if any."""
    code = code_of(response)
    fields = ""
    with suppress(ValueError, AttributeError, TypeError, KeyError):
        found = response.json()["error"].get("fields") or []
        fields = ",".join(f"{f['field']}:{f['code']}" for f in found)
    return " ".join(
        p for p in (str(response.status_code), code, f"[{fields}]" if fields else "") if p
    )


def tally(answers: list[str]) -> str:
    """``401 x4, 429 auth.locked x3``: runs of the same answer."""
    runs: list[tuple[str, int]] = []
    for a in answers:
        if runs and runs[-1][0] == a:
            runs[-1] = (a, runs[-1][1] + 1)
        else:
            runs.append((a, 1))
    return ", ".join(f"{a} x{n}" if n > 1 else a for a, n in runs)


def link_tokens(mails: list[Mail], path: str) -> list[str]:
    return [t for m in mails for t in re.findall(rf"{re.escape(path)}\?token=([\w\-]+)", m.text)]


def six_digit_code(text_: str) -> str:
    found = re.search(r"\b(\d{6})\b", text_)
    return found.group(1) if found else ""


def leaked(values: dict[str, str], text_: str) -> list[str]:
    """Which of the values stand in ``text_`` in full (numbers also when written in groups)."""
    runs = [digits(m.group()) for m in re.finditer(r"\d[\d .\-]{4,}\d", text_)]
    names = []
    for name, value in values.items():
        if not value:
            continue
        number = digits(value)
        if len(number) >= 8 and len(number) >= len(value.replace(" ", "")) - 3:
            if any(number[-10:] in run for run in runs):
                names.append(name)
        elif value.lower() in text_.lower():
            names.append(name)
    return names


def score_like(body: Any, where: str = "") -> list[str]:
    """Keys that name a score, and numbers with four or more decimals, anywhere in a JSON
    answer (a distance to 16 digits was the oracle)."""
    found: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            if any(word in str(key).lower() for word in SCORE_WORDS):
                found.append(f"{where}{key}")
            found += score_like(value, f"{where}{key}.")
    elif isinstance(body, list):
        for value in body:
            found += score_like(value, where)
    elif isinstance(body, float) and len(repr(body).split(".")[-1]) >= 4:
        found.append(f"{where.rstrip('.')}={body}")
    return found


def quantiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return (
        ordered[len(ordered) // 10],
        statistics.median(ordered),
        ordered[len(ordered) * 9 // 10],
    )


def contact_form(world: World, auth: dict[str, str], source: str) -> dict[str, str]:
    with world.client(source) as client:
        view = client.get("/api/v1/pengkinian", headers=auth)
    if view.status_code != 200 or view.json()["step"] != "contact":
        raise ProbeError(f"not at the contact step: {answer(view)} {view.text[:200]}")
    form = view.json()["forms"]["contact"]
    return {name: str(form.get(name) or "") for name in STEP_FIELDS[Step.CONTACT]}


def download_headers_ok(response: httpx.Response) -> tuple[bool, str]:
    h = response.headers
    ok = (
        response.status_code == 200
        and h.get("content-disposition", "").startswith("attachment")
        and "sandbox" in h.get("content-security-policy", "")
        and h.get("x-content-type-options") == "nosniff"
        and "no-store" in h.get("cache-control", "")
    )
    seen = (
        f"{response.status_code}; Content-Disposition: {h.get('content-disposition', '-')}; "
        f"CSP: {h.get('content-security-policy', '-')}; nosniff: "
        f"{h.get('x-content-type-options', '-')}; Cache-Control: {h.get('cache-control', '-')}"
    )
    return ok, seen


# --- the probes, in the order of issue 8 ------------------------------------------------------


def probe_login_timing(world: World, rounds: int = 30) -> None:
    """Item 1: a wrong password for an existing email against an email with no account,
    interleaved, each login from its own address (the per-address limit stays out of it)
    and at most 3 failures per account (no lock)."""
    accounts = world.cast.timing
    world.login("warm-up@probe.jmo.id", source="127.0.1.250", password="wrong-password-0")
    known: list[float] = []
    unknown: list[float] = []
    statuses: set[int] = set()
    for n in range(rounds):
        pairs = [
            (known, accounts[n % len(accounts)].email),
            (unknown, f"nobody{n}@probe.jmo.id"),
        ]
        for times, address in pairs if n % 2 == 0 else reversed(pairs):
            started = time.perf_counter()
            response = world.login(
                address, source=f"127.0.1.{n + 1}", password=f"wrong-password-{n}"
            )
            times.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
    k10, k50, k90 = quantiles(known)
    u10, u50, u90 = quantiles(unknown)
    overlap = max(k10, u10) <= min(k90, u90)
    close = abs(u50 - k50) <= 0.2 * k50
    world.report.figure(
        f"login timing over HTTP ({rounds} each): existing account median {k50:.0f} ms "
        f"(p10 {k10:.0f}, p90 {k90:.0f}); unknown email median {u50:.0f} ms "
        f"(p10 {u10:.0f}, p90 {u90:.0f})"
    )
    world.report.check(
        "1",
        f"login timing, wrong password: {rounds} existing vs {rounds} unknown emails",
        "medians within 20%, p10-p90 ranges overlap, same answer (401)",
        f"medians {k50:.0f} ms (existing) vs {u50:.0f} ms (unknown), "
        f"p10-p90 {k10:.0f}-{k90:.0f} vs {u10:.0f}-{u90:.0f}; statuses {sorted(statuses)}",
        close and overlap and statuses == {401},
    )


class BurstMaker:
    """A camera burst for any challenge, simulated from one photo and its mirror image (the
    attacker's tooling; the module the suite uses for the same: tests/synthetic_faces.py).
    dewi's demo selfie turned this way passes liveness and lands in the borderline band."""

    def __init__(self, photo: bytes) -> None:
        engine = FaceEngine(accept_below=0.55, reject_above=0.62)
        rgb = decode_image(photo, ImageLimits(work_side=1280)).rgb
        poses = []
        for image in (rgb, np.ascontiguousarray(rgb[:, ::-1])):
            (box,) = fc.find_faces(engine.models, image)
            geometry = fc.geometry(engine.models, image, box, fc.shape5(engine.models, image, box))
            poses.append(syn.Pose(image, geometry))
        self.left, self.right = sorted(poses, key=lambda p: p.geo.yaw)

    def frames(self, steps: list[str], seed: int) -> list[bytes]:
        frontal, turned = (
            (self.left, self.right) if "turn_left" in steps else (self.right, self.left)
        )
        plan = ["blink" if s == "blink" else "turn" for s in steps]
        return syn.genuine_burst(frontal, turned, plan, np.random.default_rng(seed))


def probe_face_oracle(world: World, tries: int = 12) -> None:
    """Item 2: many camera bursts as dewi (the same woman years apart: borderline)."""
    source = "127.0.2.1"
    dewi = world.person("dewi")
    auth = world.auth(dewi, source=source)
    maker = BurstMaker((ROOT / "demo" / "selfies" / "dewi.jpg").read_bytes())
    outcomes: list[str] = []
    bodies: list[Any] = []
    locked_at = 0
    with world.client(source) as client:
        client.post("/api/v1/pengkinian/start", headers=auth)
        client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
        for attempt in range(1, tries + 1):
            challenge = client.post("/api/v1/pengkinian/liveness/challenge", headers=auth)
            if challenge.status_code != 200:
                outcomes.append(f"challenge {answer(challenge)}")
                locked_at = attempt if challenge.status_code == 429 else 0
                break
            frames = maker.frames(challenge.json()["steps"], seed=attempt)
            sent = client.post(
                "/api/v1/pengkinian/liveness/burst",
                headers=auth,
                data={
                    "nonce": challenge.json()["nonce"],
                    "frame_times_ms": ",".join(str(i * 130) for i in range(len(frames))),
                },
                files=[("frames", (f"f{i}.jpg", f, "image/jpeg")) for i, f in enumerate(frames)],
            )
            with suppress(ValueError):
                bodies.append(sent.json())
            if sent.status_code != 200:
                outcomes.append(answer(sent))
                locked_at = attempt if sent.status_code == 429 else 0
                break
            body = sent.json()
            outcomes.append(f"{body['decision']}/{body['code']}/left {body['failures_left']}")
        bodies.append(client.get("/api/v1/pengkinian", headers=auth).json())
        bodies.append(client.get("/api/v1/me/data", headers=auth).json())
    compared = sum(1 for o in outcomes if o.split("/")[0] in ("pass", "review", "fail"))
    world.report.check(
        "2",
        f"up to {tries} live-looking camera bursts as dewi (borderline face)",
        "every compared attempt counts (pass, review, fail; unusable captures apart): "
        "429 biometric.locked(_review_open) right after the 3rd",
        f"answers: {'; '.join(outcomes)}",
        locked_at > 0 and compared == 3,
    )
    scores = sorted({s for body in bodies for s in score_like(body)})
    world.report.check(
        "2",
        "any score in any participant answer (burst answers, GET /pengkinian, GET /me/data)",
        "decision, reason, advice and tries left only: no distance, score or threshold",
        f"score-like keys or values: {scores or 'none'}",
        not scores,
    )
    with world.client("127.0.2.2") as client:
        attempts = client.get(
            f"/api/v1/staff/participants/{dewi.participant_id}/biometric-attempts",
            headers=world.officer("127.0.2.2"),
        )
    rows = attempts.json() if attempts.status_code == 200 else []
    waiting = [a for a in rows if a["decision"] == "review" and a["review_decision"] is None]
    world.report.check(
        "2",
        "officers' review queue after those bursts (staff API)",
        "one open review for the person, however many borderline tries",
        f"{answer(attempts)}: {len(rows)} attempts logged, {len(waiting)} waiting for an officer",
        attempts.status_code == 200 and len(waiting) == 1,
    )


def probe_otp_to_many_targets(world: World) -> None:
    """Item 3: codes to 6 new phones and 6 new emails in a burst."""
    source = "127.0.3.1"
    auth = world.auth(world.person("budi"), source=source)
    form = contact_form(world, auth, source)
    phones = [f"0812 7000 10{n:02d}" for n in range(1, 7)]
    emails = [f"budi.baru{n}@contoh.co.id" for n in range(1, 7)]
    since = time.monotonic()
    results: list[str] = []
    started = time.perf_counter()
    with world.client(source) as client:
        for values in [{"phone": p} for p in phones] + [{"email": e} for e in emails]:
            saved = client.put("/api/v1/pengkinian/contact", headers=auth, json=form | values)
            results.append(answer(saved))
    elapsed = time.perf_counter() - started
    world.deliver()
    texts = sum(len(world.sms.to(p, since)) for p in phones)
    mails = sum(len(world.mailbox.to(e, since)) for e in emails)
    refusals = [r for r in results if not r.startswith("200")]
    world.report.check(
        "3",
        f"step 7 saved with 6 new phones then 6 new emails in {elapsed:.1f} s",
        "at most 6 codes an hour across targets, then 429 otp.hourly_limit beside the field",
        f"codes delivered: {texts} SMS + {mails} emails; answers: {tally(results)}",
        texts + mails <= 6
        and all("otp.hourly_limit" in r or "otp.draft_limit" in r for r in refusals),
    )


def probe_otp_back_to_earlier_number(world: World) -> None:
    """Item 3: A, then B, then A again."""
    source = "127.0.3.2"
    auth = world.auth(world.person("otpback"), source=source)
    form = contact_form(world, auth, source)
    first, second = "0813 5500 2001", "0813 5500 2002"
    since = time.monotonic()
    with world.client(source) as client:
        answers = [
            client.put("/api/v1/pengkinian/contact", headers=auth, json=form | {"phone": phone})
            for phone in (first, second, first)
        ]
        world.deliver()
        codes = [six_digit_code(s.text) for s in world.sms.to(first, since)]
        verified = client.post(
            "/api/v1/pengkinian/contact/verify",
            headers=auth,
            json={"phone_code": codes[-1] if codes else "000000"},
        )
    back = answers[-1]
    pending = back.status_code == 200 and "phone" in back.json().get("pending_checks", {})
    world.report.check(
        "3",
        "new number A, then B, then back to A",
        "A gets a new code (200, pending check), which verifies; never 409 record.duplicate",
        f"answers {', '.join(answer(a) for a in answers)}; codes delivered to A: {len(codes)} "
        f"(distinct {len(set(codes))}); the latest verifies: {answer(verified)}",
        pending and len(set(codes)) == 2 and verified.status_code == 200,
    )


def probe_claim_documents(world: World) -> None:
    """Item 4: a PDF with a JavaScript OpenAction as a claim document, the same file as a
    complaint attachment, and what the officer is served."""
    source = "127.0.4.1"
    auth = world.auth(world.person("hendra"), source=source)
    photo = jpeg(640, 480, exif=exif_with_gps())
    documents = {
        "e_ktp": ("ktp.pdf", JAVASCRIPT_PDF, "application/pdf"),
        "kartu_keluarga": ("kk.jpg", photo, "image/jpeg"),
        "resignation_letter": ("surat.pdf", pdf_bytes("surat"), "application/pdf"),
    }
    form = {"program": "jht", "reason": "jht.resignation"}
    with world.client(source) as client:
        refused = client.post("/api/v1/claims", headers=auth, data=form, files=documents)
        clean = documents | {"e_ktp": ("ktp.pdf", pdf_bytes("ktp"), "application/pdf")}
        filed = client.post(
            "/api/v1/claims",
            headers=auth | {"Idempotency-Key": "probe-claim-1"},
            data=form,
            files=clean,
        )
    world.report.check(
        "4",
        "claim (JHT, resignation) with a PDF whose OpenAction runs JavaScript as e_ktp",
        "422 attachment.pdf_active on e_ktp, nothing filed",
        answer(refused),
        refused.status_code == 422 and "e_ktp:attachment.pdf_active" in answer(refused),
    )
    bambang = world.auth(world.person("bambang"), source="127.0.4.2")
    with world.client("127.0.4.2") as client:
        complaint = client.post(
            "/api/v1/complaints",
            headers=bambang,
            data={"category": "klaim", "description": "Dokumen klaim saya."},
            files=[("files", ("ktp.pdf", JAVASCRIPT_PDF, "application/pdf"))],
        )
    world.report.check(
        "4",
        "the same PDF as a complaint attachment",
        "422 attachment.pdf_active (one check for every upload)",
        answer(complaint),
        complaint.status_code == 422 and "attachment.pdf_active" in answer(complaint),
    )
    if filed.status_code != 201:
        raise ProbeError(f"the clean claim was refused: {answer(filed)} {filed.text[:300]}")
    claim = filed.json()
    world.state["claim"] = claim["id"]
    world.state["claim_route"] = claim["route"]["code"]
    with world.client("127.0.4.3") as client:
        staff = world.officer("127.0.4.3")
        served = {
            d["document_type"]["code"]: client.get(
                f"/api/v1/staff/claims/{claim['id']}/documents/{d['id']}", headers=staff
            )
            for d in claim["documents"]
        }
    checks = [download_headers_ok(r) for r in served.values()]
    world.report.check(
        "4",
        "officer downloads the claim documents (staff API)",
        "Content-Disposition: attachment, CSP sandbox, nosniff, no-store on each",
        f"{len(served)} documents; {checks[0][1] if checks else 'none'}",
        bool(checks) and all(ok for ok, _ in checks),
    )
    image = served.get("kartu_keluarga")
    exif = Image.open(io.BytesIO(image.content)).getexif() if image is not None else None
    kept = b"PhoneMaker" in image.content if image is not None else True
    world.report.check(
        "4",
        "a JPEG claim document with camera make and GPS in its EXIF, as served to the officer",
        "re-encoded: no EXIF, no GPS",
        f"EXIF tags served: {len(exif) if exif is not None else 'no file'}; maker string "
        f"{'present' if kept else 'absent'}",
        exif is not None and len(exif) == 0 and not kept,
    )


def probe_staff_reads(world: World) -> None:
    """Item 5: an officer reads bambang's change request, a complaint and its attachment."""
    source = "127.0.5.1"
    bambang = world.person("bambang")
    auth = world.auth(bambang, source=source)
    with world.client(source) as client:
        complaint = client.post(
            "/api/v1/complaints",
            headers=auth,
            data={"category": "data-pribadi", "description": "Rekening saya berubah."},
            files=[("files", ("foto.jpg", jpeg(), "image/jpeg"))],
        )
        if complaint.status_code != 201:
            raise ProbeError(f"complaint refused: {answer(complaint)} {complaint.text[:300]}")
        ticket = complaint.json()
        world.state["complaint"] = ticket["id"]
        before = client.get("/api/v1/me/access-log", headers=auth).json()
    staff = world.officer("127.0.5.2")
    request_id = world.cast.bambang_change_request
    attachment = ticket["attachments"][0]["id"]
    with world.client("127.0.5.2") as client:
        reads = [
            client.get(f"/api/v1/staff/change-requests/{request_id}", headers=staff),
            client.get(f"/api/v1/staff/complaints/{ticket['id']}", headers=staff),
            client.get(
                f"/api/v1/staff/complaints/{ticket['id']}/attachments/{attachment}", headers=staff
            ),
        ]
    with world.client(source) as client:
        after = client.get("/api/v1/me/access-log", headers=auth).json()
    new = [e for e in after[: len(after) - len(before)] if e["action"] == "participant.viewed"]
    whats = sorted(str(e["what"]) for e in new)
    world.report.check(
        "5",
        "officer GETs bambang's change request, complaint and attachment; bambang's access log",
        "three new entries: change_request, complaint, complaint_attachment (by officer)",
        f"reads {', '.join(answer(r) for r in reads)}; new entries: {whats or 'none'} "
        f"by {sorted({str(e['by']) for e in new}) or '-'}",
        whats == ["change_request", "complaint", "complaint_attachment"]
        and all(e["by"] == "officer" for e in new),
    )
    old, new_account = world.cast.bambang_accounts
    shown = [a for a in (old, new_account) if leaked({"account": a}, reads[0].text)]
    world.report.check(
        "5",
        "the officer's view of that change request (old and new bank account)",
        "both accounts by their last four digits",
        f"full accounts in the answer: {len(shown)} of 2",
        reads[0].status_code == 200 and not shown,
    )
    ok, seen = download_headers_ok(reads[2])
    world.report.check(
        "4/5", "officer downloads the complaint attachment", "sandboxed download headers", seen, ok
    )


def probe_outbox_secrets(world: World) -> None:
    """Item 6: after queueing a reset link and one-time codes, a copy of the database (before
    and after delivery) holds none of them."""
    source = "127.0.6.1"
    vault = world.person("vault")
    auth = world.auth(vault, source=source)
    form = contact_form(world, auth, source)
    phone, new_email = "0815 6600 3001", "rudi.baru@contoh.co.id"
    since = time.monotonic()
    with world.client(source) as client:
        saved = client.put(
            "/api/v1/pengkinian/contact",
            headers=auth,
            json=form | {"phone": phone, "email": new_email},
        )
        reset = client.post("/api/v1/auth/password-reset", json={"email": vault.email})
    if saved.status_code != 200 or reset.status_code != 202:
        raise ProbeError(f"queueing failed: {answer(saved)}, {answer(reset)}")
    before_dump, before_rows = dump_database(world.database_url), outbox_rows(world.database_url)
    world.deliver()
    after_dump, after_rows = dump_database(world.database_url), outbox_rows(world.database_url)
    tokens = link_tokens(world.mailbox.to(vault.email, since), "/akun/reset-kata-sandi")
    codes = [six_digit_code(m.text) for m in world.mailbox.to(new_email, since)]
    codes += [six_digit_code(s.text) for s in world.sms.to(phone, since)]
    codes = [c for c in codes if c]
    if not tokens or len(codes) < 2:
        raise ProbeError(f"not delivered: {len(tokens)} reset links, codes {codes}")
    found = [
        f"reset token in {when} dump"
        for when, dump in (("pre-delivery", before_dump), ("post-delivery", after_dump))
        if tokens[0] in dump
    ]
    found += [
        f"code {code} in an outbox row {when} delivery"
        for code in codes
        for when, rows in (("before", before_rows), ("after", after_rows))
        if any(re.search(rf"(?<!\d){code}(?!\d)", row) for row in rows)
    ]
    world.report.check(
        "6",
        "pg_dump of the whole database and every outbox column, before and after delivery, "
        "searched for the reset link token and both one-time codes (as received by mail/SMS)",
        "none of them anywhere",
        f"{len(tokens)} reset token and {len(codes)} codes delivered; found: {found or 'none'}",
        not found,
    )


def probe_refuses_without_configuration(world: World) -> None:
    """Item 7: ``jmo serve`` with nothing set at all."""
    empty = world.tmp / "nothing-set"
    empty.mkdir()
    port = free_port()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "jmo", "serve", "--port", str(port)],
        env=bare_environment(),
        cwd=empty,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    named = [n for n in ("JMO_SECRET_KEY", "JMO_SMTP_HOST", "JMO_PUBLIC_URL") if n in done.stderr]
    world.report.check(
        "7",
        "`jmo serve` with JMO_ENVIRONMENT and everything else unset",
        "refuses to start (exit 2), names what to set, generates nothing",
        f"exit {done.returncode} after {seconds:.1f} s; names {named}; files left: "
        f"{sorted(str(p.relative_to(empty)) for p in empty.rglob('*')) or 'none'}",
        done.returncode == 2 and len(named) == 3 and not any(empty.iterdir()),
    )


def probe_production_defaults(world: World) -> None:
    """Item 7: the running server, configured but with JMO_ENVIRONMENT unset."""
    source = "127.0.7.1"
    auth = world.auth(world.person("agus"), source=source)
    with world.client(source) as client:
        outbox = client.get("/dev/outbox")
        page = client.get("/login")
        client.post("/api/v1/pengkinian/start", headers=auth)
        client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
        still = client.post(
            "/api/v1/pengkinian/selfie",
            headers=auth,
            files={
                "file": ("agus.jpg", (ROOT / "demo/selfies/agus.jpg").read_bytes(), "image/jpeg")
            },
        )
    cookie = page.headers.get("set-cookie", "")
    hsts = "strict-transport-security" in page.headers
    world.report.check(
        "7",
        "GET /dev/outbox, /login cookies, a still-photo selfie on that server",
        "/dev/outbox 404; cookies Secure + HSTS; still photo 403 liveness.camera_required",
        f"/dev/outbox {outbox.status_code}; cookie Secure: {'secure' in cookie.lower()}; "
        f"HSTS: {hsts}; still photo: {answer(still)}",
        outbox.status_code == 404
        and "secure" in cookie.lower()
        and hsts
        and code_of(still) == "liveness.camera_required",
    )


def probe_dev_outbox_only_local(world: World) -> None:
    """Item 7: even in development (asked for), /dev/outbox answers only this machine."""
    outside = next(
        (
            a
            for a in subprocess.run(
                ["hostname", "-I"], capture_output=True, text=True, check=False
            ).stdout.split()
            if "." in a and not a.startswith("127.")
        ),
        "",
    )
    data_dir = world.tmp / "dev"
    env = {"JMO_ENVIRONMENT": "development", "JMO_DATA_DIR": str(data_dir)}
    migrated = jmo(env, "db", "upgrade")
    if migrated.returncode != 0:
        raise ProbeError(f"jmo db upgrade (development): {migrated.stderr[-300:]}")
    server = Server(env, world.tmp / "dev-server.log", host="0.0.0.0")
    try:
        results = {}
        with world.client("127.0.0.1", server.base_url) as client:
            results["loopback"] = client.get("/dev/outbox").status_code
            results["X-Forwarded-For"] = client.get(
                "/dev/outbox", headers={"X-Forwarded-For": "203.0.113.5"}
            ).status_code
            results["Host: jmo.example"] = client.get(
                "/dev/outbox", headers={"Host": "jmo.example"}
            ).status_code
        if outside:
            with world.client(outside, f"http://{outside}:{server.port}") as client:
                results[f"peer {outside}"] = client.get("/dev/outbox").status_code
    finally:
        server.stop()
    others = [v for k, v in results.items() if k != "loopback"]
    world.report.check(
        "7",
        "a development server (JMO_ENVIRONMENT=development, on all interfaces): /dev/outbox",
        "200 for a local browser only; 404 forwarded, for another Host, from another address",
        ", ".join(f"{k}: {v}" for k, v in results.items()),
        results["loopback"] == 200 and bool(others) and all(v == 404 for v in others),
    )


def probe_change_password_guesses(world: World) -> None:
    """Item 8: 40 wrong current passwords at "change password", then the right one."""
    source = "127.0.8.1"
    siti = world.person("siti")
    auth = world.auth(siti, source=source)
    since = time.monotonic()
    new_password = "pelangi senja di pantai 2026"
    statuses: list[str] = []
    with world.client(source) as client:
        for n in range(40):
            guess = client.post(
                "/api/v1/me/password",
                headers=auth,
                json={"current_password": f"tebakan-{n}-salah", "new_password": new_password},
            )
            statuses.append(answer(guess))
        right = client.post(
            "/api/v1/me/password",
            headers=auth,
            json={"current_password": siti.password, "new_password": new_password},
        )
    world.state["siti_session"] = auth["Authorization"]
    world.deliver()
    notices = [m.subject for m in world.mailbox.to(siti.email, since)]
    first_lock = next((i + 1 for i, s in enumerate(statuses) if s.startswith("429")), 0)
    world.report.check(
        "8",
        "40 wrong current passwords at POST /me/password, then the right one",
        "429 password.change_locked from the 5th; the right one refused too; owner emailed",
        f"first 429 at guess {first_lock} ({statuses[first_lock - 1] if first_lock else '-'}); "
        f"right password: {answer(right)}; mails to siti: {notices or 'none'}",
        0 < first_lock <= 5 and right.status_code == 429 and bool(notices),
    )


def probe_lockout_switch(world: World) -> None:
    """Item 9: a stranger locks joko's email with wrong logins; joko's phone (a known device)
    still gets in, and the emailed link lifts the lock."""
    joko = world.person("joko")
    owner = world.login(joko, source="127.0.9.1")
    if owner.status_code != 200:
        raise ProbeError(f"joko's first login: {answer(owner)}")
    device = owner.json()["device_token"]
    since = time.monotonic()
    stranger = [
        answer(world.login(joko, source="127.0.9.2", password=f"salah-{n}")) for n in range(7)
    ]
    on_phone = world.login(joko, source="127.0.9.1", device=device)
    new_browser = world.login(joko, source="127.0.9.3")
    world.report.check(
        "9",
        "7 wrong logins for joko from a stranger, then joko on his known phone and on a new browser",
        "stranger locked out (429 auth.locked); phone 200; new browser 429 until the link",
        f"stranger: {tally(stranger)}; phone: {answer(on_phone)}; new browser: "
        f"{answer(new_browser)}",
        stranger[-1].startswith("429 auth.locked")
        and on_phone.status_code == 200
        and new_browser.status_code == 429,
    )
    world.deliver()
    links = link_tokens(world.mailbox.to(joko.email, since), "/akun/buka-kunci")
    with world.client("127.0.9.3") as client:
        unlocked = client.post("/api/v1/auth/unlock", json={"token": links[-1] if links else "x"})
    after = world.login(joko, source="127.0.9.3")
    world.report.check(
        "9",
        "the unlock link mailed to joko, then the new browser",
        "link mailed; 204; the new browser logs in (200)",
        f"links mailed: {len(links)}; unlock {answer(unlocked)}; login {answer(after)}",
        bool(links) and unlocked.status_code == 204 and after.status_code == 200,
    )


def probe_reset_links(world: World) -> None:
    """Item 10: two reset links; use one; is the other dead?"""
    siti = world.person("siti")
    since = time.monotonic()
    with world.client("127.0.10.1") as client:
        asked = [
            client.post("/api/v1/auth/password-reset", json={"email": siti.email}).status_code
            for _ in range(2)
        ]
    world.deliver()
    tokens = link_tokens(world.mailbox.to(siti.email, since), "/akun/reset-kata-sandi")
    if len(set(tokens)) < 2:
        raise ProbeError(f"expected two reset links, got {len(tokens)} (asked: {asked})")
    new_password = "hujan turun di kota lama"
    with world.client("127.0.10.1") as client:
        used = client.post(
            "/api/v1/auth/password-reset/confirm",
            json={"token": tokens[0], "new_password": new_password},
        )
        other = client.post(
            "/api/v1/auth/password-reset/confirm",
            json={"token": tokens[1], "new_password": "angin malam dari gunung"},
        )
        old_session = client.get(
            "/api/v1/me", headers={"Authorization": world.state.get("siti_session", "")}
        )
    world.report.check(
        "10",
        "two reset links for siti; the first used, then the second",
        "first 204; second refused (404); earlier sessions ended (401)",
        f"first {answer(used)}; second {answer(other)}; siti's earlier session {answer(old_session)}",
        used.status_code == 204 and other.status_code == 404 and old_session.status_code == 401,
    )
    auth = world.auth(siti, source="127.0.10.2", password=new_password)
    with world.client("127.0.10.2") as client:
        changed = client.post(
            "/api/v1/me/password",
            headers=auth,
            json={"current_password": new_password, "new_password": "bulan purnama di desa"},
        )
    world.report.check(
        "8",
        "after the reset, change password with the right current password (item 8's way out)",
        "200: the reset lifted the change-password lock",
        answer(changed),
        changed.status_code == 200,
    )


def oversized_post(
    base_url: str, *, chunked: bool, total: int = 100 * MIB
) -> tuple[str, float, int]:
    """POST a ``total``-byte body to the login route on a raw socket, watching for an answer
    before each MiB: (status line, seconds to the answer, bytes sent by then)."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
    head = (
        f"POST /api/v1/auth/login HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Content-Type: application/json\r\n{length}\r\nConnection: close\r\n\r\n"
    )
    piece = b" " * MIB
    frame = f"{MIB:x}\r\n".encode() + piece + b"\r\n" if chunked else piece
    sent = 0
    with socket.create_connection((host, port), timeout=30) as sock:
        started = time.perf_counter()
        sock.sendall(head.encode())
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(frame)
            except OSError:  # the server answered and closed
                break
            sent += MIB
        else:
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        select.select([sock], [], [], 60)
        seconds = time.perf_counter() - started
        reply = b""
        with suppress(OSError):
            while b"\r\n" not in reply:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
    return reply.split(b"\r\n", 1)[0].decode(errors="replace"), seconds, sent


def probe_body_limit(world: World) -> None:
    """Item 11: a 100 MB JSON body to the login route."""
    for chunked in (False, True):
        status, seconds, sent = oversized_post(world.base_url, chunked=chunked)
        how = "chunked" if chunked else "with Content-Length"
        world.report.check(
            "11",
            f"100 MB body to POST /api/v1/auth/login, {how}",
            "413 within a second, long before the body is sent",
            f"'{status}' after {seconds:.2f} s, {sent // MIB} MiB sent by then",
            " 413 " in f"{status} " and seconds < 1.5 and sent < 100 * MIB,
        )
        if chunked:
            world.report.figure(f"100 MB chunked body: 413 after {seconds * 1000:.0f} ms")
        else:
            world.report.figure(
                f"100 MB body with Content-Length: 413 after {seconds * 1000:.0f} ms"
            )


def probe_pengkinian_masking(world: World) -> None:
    """Item 12: with the password only, no face check in this session, what do the answers
    show? agus has never had one; bambang's data update is done (no open draft)."""
    agus, bambang = world.cast.sensitive["agus"], world.cast.sensitive["bambang"]
    auth = world.auth(world.person("agus"), source="127.0.12.1")
    with world.client("127.0.12.1") as client:
        started = client.post("/api/v1/pengkinian/start", headers=auth)
        confirmed = client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
        view = client.get("/api/v1/pengkinian", headers=auth)
        me = client.get("/api/v1/me", headers=auth)
        export = client.get("/api/v1/me/data", headers=auth)
    step = view.json().get("step") if view.status_code == 200 else "-"
    world.report.check(
        "12",
        "GET /api/v1/pengkinian (and /me) for agus after step 5, before any selfie",
        f"masked: {', '.join(agus)}",
        f"start {answer(started)}, confirm {answer(confirmed)}, view {answer(view)} at step "
        f"{step}; in full: {leaked(agus, view.text + me.text) or 'none'}",
        view.status_code == 200 and not leaked(agus, view.text + me.text),
    )
    owner = world.auth(world.person("bambang"), source="127.0.12.2")
    request_id = world.cast.bambang_change_request
    with world.client("127.0.12.2") as client:
        current = client.get("/api/v1/pengkinian", headers=owner)
        own_request = client.get(f"/api/v1/pengkinian/change-requests/{request_id}", headers=owner)
        own_export = client.get("/api/v1/me/data", headers=owner)
    world.report.check(
        "12",
        "GET /api/v1/pengkinian for bambang (data update done, no open draft)",
        f"masked: {', '.join(bambang)}",
        f"{answer(current)}; in full: {leaked(bambang, current.text) or 'none'}",
        current.status_code == 200 and not leaked(bambang, current.text),
    )
    others = {
        "agus GET /me/data": leaked(agus, export.text),
        "bambang GET /me/data": leaked(bambang, own_export.text),
        "bambang GET /pengkinian/change-requests/{id}": leaked(bambang, own_request.text),
    }
    world.report.check(
        "12 (variant)",
        "the same passwords on the other participant routes that return these values: "
        "the data export and the person's own change request",
        "nothing item 12 masks is given in full without a face check",
        "; ".join(
            f"{route} ({answer(r)}): in full {found or 'none'}"
            for (route, found), r in zip(
                others.items(), (export, own_export, own_request), strict=True
            )
        ),
        not any(others.values()),
    )


def probe_address_limit(world: World) -> None:
    """Item 13: 35 successful logins from one address (a kiosk, carrier NAT), then another
    person from it; and failures from one address still count."""
    kiosk = "127.0.13.1"
    accounts = world.cast.timing
    ok = [world.login(accounts[n % 5], source=kiosk).status_code for n in range(35)]
    newcomer = world.login(accounts[7], source=kiosk)
    world.report.check(
        "13",
        "35 successful logins from one address, then a new person from the same address",
        "all 200; the new person 200 (successes never count)",
        f"{ok.count(200)}/35 answered 200; the new person: {answer(newcomer)}",
        ok.count(200) == 35 and newcomer.status_code == 200,
    )
    failures = [
        answer(world.login(f"tamu{n}@probe.jmo.id", source="127.0.13.2", password="salah-salah"))
        for n in range(32)
    ]
    first = next((i + 1 for i, s in enumerate(failures) if s.startswith("429")), 0)
    world.report.check(
        "13",
        "32 failed logins (different emails) from one address",
        "401 x 30, then 429 auth.too_many_attempts",
        f"first 429 at attempt {first} ({failures[first - 1] if first else '-'})",
        first == 31 and failures[first - 1].startswith("429 auth.too_many_attempts"),
    )


def probe_forwarded_for(world: World) -> None:
    """Item 13: X-Forwarded-For from a client that is not a configured proxy."""
    person = world.cast.timing[8]
    with world.client("127.0.13.3") as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"email": person.email, "password": person.password},
            headers={"X-Forwarded-For": "203.0.113.77"},
        )
        devices = client.get(
            "/api/v1/me/devices", headers={"Authorization": f"Bearer {login.json()['token']}"}
        )
    seen = sorted({str(d["client_ip"]) for d in devices.json()})
    failures = []
    with world.client("127.0.13.4") as client:
        for n in range(32):
            failures.append(
                answer(
                    client.post(
                        "/api/v1/auth/login",
                        json={"email": f"spoof{n}@probe.jmo.id", "password": "salah-salah"},
                        headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
                    )
                )
            )
    first = next((i + 1 for i, s in enumerate(failures) if s.startswith("429")), 0)
    world.report.check(
        "13",
        "login with X-Forwarded-For: 203.0.113.77 from 127.0.13.3; 32 failures, each with "
        "another X-Forwarded-For, from 127.0.13.4",
        "the session's address is 127.0.13.3; the failures are counted for 127.0.13.4 (429 at 31)",
        f"session address {seen}; first 429 at attempt {first}",
        seen == ["127.0.13.3"] and first == 31,
    )


def probe_verify_limit(world: World) -> None:
    """Also seen: no rate limit on /verify."""
    answers = []
    with world.client("127.0.14.1") as client:
        for _ in range(70):
            answers.append(client.get(f"/api/v1/verify/c1.{secrets.token_urlsafe(24)}.x"))
        page = client.get(f"/verify/c1.{secrets.token_urlsafe(24)}.x")
    first = next((i + 1 for i, r in enumerate(answers) if r.status_code == 429), 0)
    retry = answers[first - 1].headers.get("retry-after", "-") if first else "-"
    world.report.check(
        "also",
        "70 card verifications (forged tokens) in a minute from one address, then the page",
        "60 answered, then 429 card.verify_too_many with Retry-After; the page too",
        f"first 429 at scan {first} ({code_of(answers[first - 1]) if first else '-'}, "
        f"Retry-After {retry}); page {page.status_code}",
        first == 61
        and code_of(answers[first - 1]) == "card.verify_too_many"
        and retry != "-"
        and page.status_code == 429,
    )


def probe_staff_route_order(world: World) -> None:
    """Also seen: the staff review route validated the body before the role."""
    auth = world.auth(world.person("budi"), source="127.0.15.1")
    some_id = uuid.uuid4()
    with world.client("127.0.15.1") as client:
        answers = [
            client.post(
                "/api/v1/staff/biometric-attempts/not-an-id/review",
                headers=auth | {"Content-Type": "application/json"},
                content=b"{not json",
            ),
            client.post(
                f"/api/v1/staff/biometric-attempts/{some_id}/review",
                headers=auth,
                json={"approve": "maybe", "unknown": 1},
            ),
            client.post(f"/api/v1/staff/claims/{some_id}/pay", headers=auth, json=[1, 2]),
        ]
    world.report.check(
        "also",
        "a participant POSTs malformed bodies and ids to staff routes (review, claim pay)",
        "403 auth.staff_only every time, never a 422 that shows the route's validation",
        ", ".join(answer(a) for a in answers),
        all(code_of(a) == "auth.staff_only" and a.status_code == 403 for a in answers),
    )


def probe_officer_on_participant_route(world: World) -> None:
    """Also seen: an officer posting through the participant complaint route."""
    complaint = world.state.get("complaint")
    if not complaint:
        raise ProbeError("no complaint from the staff-read probe")
    with world.client("127.0.16.1") as client:
        staff = world.officer("127.0.16.1")
        posted = client.post(
            f"/api/v1/complaints/{complaint}/messages",
            headers=staff,
            data={"body": "Balasan lewat rute peserta"},
        )
        read = client.get(f"/api/v1/complaints/{complaint}", headers=staff)
    owner = world.auth(world.person("bambang"), source="127.0.16.2")
    with world.client("127.0.16.2") as client:
        thread = client.get(f"/api/v1/complaints/{complaint}", headers=owner).json()
    world.report.check(
        "also",
        "officer POSTs a message (and GETs) bambang's complaint through /api/v1/complaints",
        "403 auth.participant_only; the thread unchanged",
        f"post {answer(posted)}; get {answer(read)}; messages in the thread: "
        f"{len(thread['messages'])}",
        code_of(posted) == code_of(read) == "auth.participant_only"
        and not any("rute peserta" in m["body"] for m in thread["messages"]),
    )


def probe_branch_step(world: World) -> None:
    """Also seen: a claim routed to a branch paid through the staff API with no branch step."""
    claim = world.state.get("claim")
    if not claim:
        raise ProbeError("no claim from the claim-document probe")
    moves: list[str] = []
    with world.client("127.0.17.1") as client:
        staff = world.officer("127.0.17.1")
        for move, body in (
            ("verify", {"note": "dokumen lengkap"}),
            ("approve", {"note": "setuju"}),
            ("pay", {"payment_reference": "TRF-PROBE-1"}),
        ):
            moves.append(
                f"{move} {answer(client.post(f'/api/v1/staff/claims/{claim}/{move}', headers=staff, json=body))}"
            )
        branchless = client.post(
            f"/api/v1/staff/claims/{claim}/branch-steps",
            headers=staff,
            json={"step": "documents_seen", "note": ""},
        )
    branch = world.auth(BRANCH_OFFICER, source="127.0.17.2", password=PASSWORD)
    with world.client("127.0.17.2") as client:
        step = client.post(
            f"/api/v1/staff/claims/{claim}/branch-steps",
            headers=branch,
            json={"step": "documents_seen", "note": "asli dilihat di loket"},
        )
        paid = client.post(
            f"/api/v1/staff/claims/{claim}/pay",
            headers=branch,
            json={"payment_reference": "TRF-PROBE-2"},
        )
    world.report.check(
        "also",
        f"hendra's claim (route: {world.state.get('claim_route')}): verify, approve, pay; "
        "then the branch step (officer without a branch, then one of JKT01) and pay",
        "pay 409 claim.branch_step_required; step 403 without a branch, 200 with; then paid",
        f"{'; '.join(moves)}; step without branch {answer(branchless)}; with branch "
        f"{answer(step)}; pay {answer(paid)}",
        world.state.get("claim_route") == "branch"
        and moves[-1] == "pay 409 claim.branch_step_required"
        and branchless.status_code == 403
        and step.status_code == 200
        and paid.status_code == 200,
    )


def probe_face_workers_after_kill(world: World) -> None:
    """Also seen: SIGKILL of the server left the face-engine processes running."""
    children = descendants(world.server.pid)
    os.kill(world.server.pid, signal.SIGKILL)
    world.server.process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in children if alive(p)]
    world.report.check(
        "also",
        "SIGKILL of `jmo serve` after face checks; its child processes 10 s later",
        "none left",
        f"{len(children)} child processes before the kill; alive after: {len(left)}",
        bool(children) and not left,
    )
    for pid in left:  # leave nothing behind on the shared machine
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


PROBES: tuple[tuple[str, Callable[[World], None]], ...] = (
    ("1", probe_login_timing),
    ("2", probe_face_oracle),
    ("3", probe_otp_to_many_targets),
    ("3", probe_otp_back_to_earlier_number),
    ("4", probe_claim_documents),
    ("5", probe_staff_reads),
    ("6", probe_outbox_secrets),
    ("7", probe_refuses_without_configuration),
    ("7", probe_production_defaults),
    ("7", probe_dev_outbox_only_local),
    ("8", probe_change_password_guesses),  # before 10: its session must end there
    ("9", probe_lockout_switch),
    ("10", probe_reset_links),
    ("11", probe_body_limit),
    ("12", probe_pengkinian_masking),
    ("13", probe_address_limit),
    ("13", probe_forwarded_for),
    ("also", probe_verify_limit),
    ("also", probe_staff_route_order),
    ("also", probe_officer_on_participant_route),  # after 5: bambang's complaint
    ("also", probe_branch_step),  # after 4: hendra's claim
    ("also", probe_face_workers_after_kill),  # last: it kills the server
)


def run_probes(world: World, only: set[str]) -> None:
    for item, probe in PROBES:
        if only and item not in only:
            continue
        print(f"item {item}: {probe.__name__}", flush=True)
        try:
            probe(world)
        except Exception as exc:  # one broken probe must not hide the others
            traceback.print_exc()
            world.report.check(
                item, probe.__name__, "the probe runs", f"probe error: {exc}"[:300], False
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help="an existing database on the server to create the throwaway one from",
    )
    parser.add_argument("--markdown", type=Path, default=ROOT / "var" / "security-probes.md")
    parser.add_argument("--only", default="", help="items to probe, e.g. 3,12,also")
    parser.add_argument("--keep", action="store_true", help="keep the database and temp files")
    args = parser.parse_args()
    report = Report()
    mailbox, sms = Mailbox(), SmsGateway()
    mailbox.start()
    sms.start()
    tmp = Path(tempfile.mkdtemp(prefix="jmo-probes-"))
    database_url = create_database(args.postgres)
    server: Server | None = None
    try:
        env = production_environment(tmp, database_url, mailbox, sms)
        migrated = jmo(env, "db", "upgrade")
        if migrated.returncode != 0:
            raise SystemExit(f"jmo db upgrade failed:\n{migrated.stderr}")
        print(f"seeding {database_url.rsplit('/', 1)[1]} through the use cases ...", flush=True)
        os.environ.update(env)  # the in-process seeding reads the same configuration
        cast = seed(load_settings())
        server = Server(env, tmp / "server.log")
        print(f"jmo serve (production, JMO_ENVIRONMENT unset) at {server.base_url}", flush=True)
        world = World(server.base_url, env, database_url, cast, mailbox, sms, server, report, tmp)
        run_probes(world, {i.strip() for i in args.only.split(",") if i.strip()})
    finally:
        if server is not None and server.process.poll() is None:
            server.stop()
        mailbox.stop()
        sms.stop()
        if args.keep:
            print(f"kept: {database_url} and {tmp}")
        else:
            drop_database(args.postgres, database_url)
            shutil.rmtree(tmp, ignore_errors=True)
    failed = [r for r in report.rows if not r.passed]
    heading = (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}): "
        f"{len(report.rows) - len(failed)} PASS, {len(failed)} FAIL\n\n"
    )
    figures = "".join(f"- {f}\n" for f in report.figures)
    document = heading + report.markdown() + ("\n" + figures if figures else "")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(document)
    print("\n" + document)
    print(f"written to {args.markdown}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
