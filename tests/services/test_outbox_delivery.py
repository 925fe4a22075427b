"""The outbox dispatcher against a real SMTP server (aiosmtpd on a free local port) and a
local HTTP SMS gateway: delivered once, kept and retried while the server is down, given
up on permanent refusals, never sent twice by concurrent workers."""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import Engine, select

from jmo.adapters.delivery import DevOutboxSender, HttpSmsSender, NoGatewaySender, SmtpEmailSender
from jmo.domain.notices import Notice, NoticeChannel, RetryPolicy
from jmo.domain.time import FixedClock
from jmo.storage.rows import OutboxRow
from jmo.usecases.accounts.recovery import check_reset_token, request_password_reset
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.notifications.dispatch import dispatch_due
from jmo.usecases.ports.notices import Delivery
from jmo.usecases.services import Services
from tests.cast import enrol_member


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sink:
    """Collects what the SMTP server accepted; refuses recipients at refused.example."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 <" + address + ">: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))  # type: ignore[arg-type]
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.sink = Sink()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(_free_port())
    yield server
    server.stop()


def _delivery(port: int, sms: Any = None) -> Delivery:
    return Delivery(
        senders={
            NoticeChannel.EMAIL: SmtpEmailSender(
                host="127.0.0.1", port=port, mail_from="noreply@jmo.example", timeout=5
            ),
            NoticeChannel.SMS: sms or NoGatewaySender("SMS"),
        },
        retry=RetryPolicy(max_attempts=3, base=timedelta(minutes=1), cap=timedelta(hours=1)),
    )


def _queue(
    services: Services,
    recipient: str = "budi@mail.example",
    n: int = 1,
    channel: NoticeChannel = NoticeChannel.EMAIL,
) -> list[Notice]:
    notices = []
    with services.uow() as uow:
        for i in range(n):
            notice = Notice(
                id=uuid.uuid4(),
                channel=channel,
                recipient=recipient,
                kind="complaint.replied",
                subject=f"Balasan {i}",
                body=f"Halo, ada balasan nomor {i}.",
                idempotency_key=f"test:{uuid.uuid4()}",
                created_at=services.clock.now(),
            )
            uow.outbox.add(notice)
            notices.append(notice)
        uow.commit()
    return notices


def _rows(services: Services) -> dict[uuid.UUID, Notice]:
    with services.uow() as uow:
        return {n.id: n for n in uow.outbox.latest(500)}


def test_delivers_once_with_the_idempotency_key_as_message_id(
    db: object, services: Services, smtp: SmtpServer
) -> None:
    smtp.start()
    (notice,) = _queue(services)
    delivery = _delivery(smtp.port)
    report = dispatch_due(services.uow, delivery, clock=services.clock)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert dispatch_due(services.uow, delivery, clock=services.clock).attempted == 0
    (message,) = smtp.sink.messages
    assert message["To"] == "budi@mail.example" and message["Subject"] == "Balasan 0"
    row = _rows(services)[notice.id]
    assert row.status == "sent" and row.delivered_via == "smtp" and row.attempts == 1
    assert row.provider_message_id == message["Message-ID"]
    with services.uow() as uow:
        (entry,) = uow.audit.for_subjects([("notice", str(notice.id))])
    assert entry.action == "notice.sent" and "budi" not in json.dumps(entry.details)


def test_server_down_then_up_keeps_the_notice_and_sends_it_once(
    db: object, services: Services, smtp: SmtpServer, clock: FixedClock
) -> None:
    (notice,) = _queue(services)
    delivery = _delivery(smtp.port)  # nothing listens on the port yet
    report = dispatch_due(services.uow, delivery, clock=clock)
    assert (report.sent, report.retried) == (0, 1)
    row = _rows(services)[notice.id]
    assert row.status == "retrying" and row.attempts == 1 and "connect" in (row.last_error or "")
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)

    smtp.start()
    assert dispatch_due(services.uow, delivery, clock=clock).attempted == 0  # backoff holds
    clock.advance(timedelta(minutes=1))
    assert dispatch_due(services.uow, delivery, clock=clock).sent == 1
    clock.advance(timedelta(hours=1))
    assert dispatch_due(services.uow, delivery, clock=clock).attempted == 0
    assert len(smtp.sink.messages) == 1
    assert _rows(services)[notice.id].attempts == 2


def test_gives_up_after_the_attempts_and_on_permanent_refusal(
    db: object, services: Services, smtp: SmtpServer, clock: FixedClock
) -> None:
    smtp.start()
    (refused,) = _queue(services, recipient="orang@refused.example")
    report = dispatch_due(services.uow, _delivery(smtp.port), clock=clock)
    assert report.failed == 1
    row = _rows(services)[refused.id]
    assert row.status == "failed" and row.attempts == 1
    assert "orang@refused.example" not in (row.last_error or "")  # no recipient in errors

    smtp.stop()
    (down,) = _queue(services)
    for _ in range(3):
        dispatch_due(services.uow, _delivery(smtp.port), clock=clock)
        clock.advance(timedelta(hours=2))
    row = _rows(services)[down.id]
    assert row.status == "failed" and row.attempts == 3
    with services.uow() as uow:
        actions = [e.action for e in uow.audit.for_subjects([("notice", str(down.id))])]
    assert actions == ["notice.failed"]


def test_concurrent_workers_never_send_a_notice_twice(
    db: object, services: Services, smtp: SmtpServer
) -> None:
    smtp.start()
    queued = _queue(services, n=12)
    delivery = _delivery(smtp.port)
    reports = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            reports.append(dispatch_due(services.uow, delivery, clock=services.clock))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in reports) == 12
    ids = [m["Message-ID"] for m in smtp.sink.messages]
    assert len(ids) == len(set(ids)) == 12
    assert all(n.status == "sent" for n in _rows(services).values())
    assert {n.id for n in queued} == set(_rows(services))


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012
    answer = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["Authorization"] == "Bearer rahasia"
        _Gateway.received.append(body)
        self.send_response(_Gateway.answer)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": f"sms-{len(_Gateway.received)}"}).encode())

    def log_message(self, *args: Any) -> None:
        pass


def test_sms_through_an_http_gateway_and_the_dev_outbox(
    db: object, services: Services, smtp: SmtpServer
) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _Gateway.received.clear()
        url = f"http://127.0.0.1:{server.server_port}/send"
        sms = HttpSmsSender(url=url, token="rahasia", sender_id="JMO", timeout=5)
        (notice,) = _queue(services, recipient="+6281234567890", channel=NoticeChannel.SMS)
        assert dispatch_due(services.uow, _delivery(smtp.port, sms), clock=services.clock).sent == 1
        (sent,) = _Gateway.received
        assert sent["to"] == "+6281234567890" and sent["reference"] == notice.idempotency_key
        assert _rows(services)[notice.id].provider_message_id == "sms-1"

        _Gateway.answer = 400  # a number the gateway rejects: permanent
        (bad,) = _queue(services, recipient="+620000", channel=NoticeChannel.SMS)
        assert (
            dispatch_due(services.uow, _delivery(smtp.port, sms), clock=services.clock).failed == 1
        )
        assert _rows(services)[bad.id].status == "failed"
    finally:
        _Gateway.answer = 200
        server.shutdown()

    dev = Delivery(
        senders={NoticeChannel.EMAIL: DevOutboxSender(), NoticeChannel.SMS: DevOutboxSender()}
    )
    (local,) = _queue(services)
    assert dispatch_due(services.uow, dev, clock=services.clock).sent == 1
    assert _rows(services)[local.id].delivered_via == "dev-outbox"


def test_without_a_gateway_sms_waits_and_is_never_marked_sent(
    db: object, services: Services, smtp: SmtpServer
) -> None:
    (notice,) = _queue(services, recipient="+6281234567890", channel=NoticeChannel.SMS)
    report = dispatch_due(services.uow, _delivery(smtp.port), clock=services.clock)
    assert report.retried == 1
    row = _rows(services)[notice.id]
    assert row.sent_at is None and "no SMS gateway" in (row.last_error or "")


def test_a_reset_link_reaches_the_mail_server_whole_and_leaves_no_trace(
    db: Engine, services: Services, smtp: SmtpServer
) -> None:
    """The stored notice holds a placeholder (tests/services/test_notice_secrets.py); the
    email the server receives carries the working link; afterwards the row holds nothing
    of it."""
    smtp.start()
    member = enrol_member(services)
    request_password_reset(
        services.uow(),
        services.limiter,
        services.notices,
        email=member.email,
        client=Client("198.51.100.9", "pytest"),
        now=services.clock.now(),
        policy=services.policy,
    )
    assert dispatch_due(services.uow, _delivery(smtp.port), clock=services.clock).sent == 1
    (message,) = smtp.sink.messages
    body = message.get_payload(decode=True).decode()
    found = re.search(r"/akun/reset-kata-sandi\?token=([\w-]+)", body)
    assert found, body
    with db.connect() as conn:
        (row,) = conn.execute(select(OutboxRow.__table__)).all()
    assert found.group(1) not in str(tuple(row)) and row.secrets_enc is None
    check_reset_token(services.uow(), token=found.group(1), now=services.clock.now())
