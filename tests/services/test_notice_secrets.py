"""One-time secrets in notices (issue 8, item 6): a reset or unlock link and a one-time
code are never stored in clear in the outbox. The row holds the text with a placeholder
and the secret encrypted apart; the sender gets the full text; after delivery (or when the
secret expires, or delivery is given up) the secret is gone. A copy of the database no
longer hands over an account."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from jmo.adapters.delivery import DevOutboxSender
from jmo.cli.main import app
from jmo.domain.errors import DomainError
from jmo.domain.notices import Notice, NoticeChannel, RetryPolicy, SendReceipt
from jmo.domain.pengkinian.steps import Step
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.rows import OutboxRow
from jmo.usecases.accounts.recovery import request_password_reset, reset_password
from jmo.usecases.accounts.sessions import Client, login
from jmo.usecases.notifications.dispatch import dispatch_due
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.notifications.views import outbox_overview
from jmo.usecases.pengkinian.contact_check import verify_contact
from jmo.usecases.pengkinian.flow import save_step
from jmo.usecases.ports.notices import Delivery, DeliveryFailed
from jmo.usecases.services import Services
from tests.cast import Member, actor_of, enrol_member, valid_contact, walk_to_selfie

CLIENT = Client("198.51.100.9", "pytest")
NEW_PASSWORD = "kuda-lumping-pagi-7"


class Recorder:
    """A sender that keeps what it was handed (the text that leaves the system)."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[Notice] = []
        self.fail = fail

    def send(self, notice: Notice) -> SendReceipt:
        if self.fail:
            raise DeliveryFailed("mail server down")
        self.sent.append(notice)
        return SendReceipt(via="test")


def _delivery(sender: Recorder, attempts: int = 8) -> Delivery:
    return Delivery(
        senders={NoticeChannel.EMAIL: sender, NoticeChannel.SMS: sender},
        retry=RetryPolicy(max_attempts=attempts, base=timedelta(minutes=1)),
    )


def _rows(db: Engine) -> list[dict[str, Any]]:
    """Every column of every outbox row, as a copy of the database would have them."""
    with db.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(OutboxRow.__table__))]


def _anywhere(rows: list[dict[str, Any]], secret: str) -> bool:
    return any(
        secret.encode() in value if isinstance(value, bytes) else secret in str(value)
        for row in rows
        for value in row.values()
    )


def _token(notice: Notice) -> str:
    found = re.search(r"token=([\w-]+)", notice.body)
    assert found, notice.body
    return found.group(1)


def _reset_requested(services: Services, member: Member) -> None:
    request_password_reset(
        services.uow(),
        services.limiter,
        services.notices,
        email=member.email,
        client=CLIENT,
        now=services.clock.now(),
        policy=services.policy,
    )


def test_a_reset_link_is_never_stored_in_clear_and_is_gone_after_sending(
    db: Engine, services: Services
) -> None:
    member = enrol_member(services)
    _reset_requested(services, member)
    queued = _rows(db)
    assert [r["kind"] for r in queued] == ["account.password_reset"]
    sender = Recorder()
    assert dispatch_due(services.uow, _delivery(sender), clock=services.clock).sent == 1
    (sent,) = sender.sent
    token = _token(sent)
    assert f"{services.policy.public_url}/akun/reset-kata-sandi?token={token}" in sent.body
    assert not _anywhere(queued, token)  # not in the body, not in any other column
    delivered = _rows(db)
    assert not _anywhere(delivered, token)
    assert delivered[0]["secrets_enc"] is None and delivered[0]["sent_at"] is not None
    # the link that left works
    reset_password(
        services.uow(),
        services.passwords,
        services.limiter,
        services.notices,
        token=token,
        new_password=NEW_PASSWORD,
        is_common=services.is_common_password,
        client=CLIENT,
        now=services.clock.now(),
    )


def test_an_unlock_link_is_never_stored_in_clear(db: Engine, services: Services) -> None:
    member = enrol_member(services)
    for _ in range(services.policy.login_max_failures):
        with pytest.raises(DomainError):  # a wrong password, then the lock
            login(
                services.uow(),
                services.passwords,
                services.limiter,
                email=member.email,
                password="salah-sandi-123",
                client=CLIENT,
                now=services.clock.now(),
                policy=services.policy,
                notices=services.notices,
                devices=services.device_tokens,
            )
    queued = [r for r in _rows(db) if r["kind"] == "account.locked"]
    assert len(queued) == 1
    sender = Recorder()
    dispatch_due(services.uow, _delivery(sender), clock=services.clock)
    (sent,) = [n for n in sender.sent if n.kind == "account.locked"]
    token = _token(sent)
    assert "/akun/buka-kunci?token=" in sent.body
    assert not _anywhere(queued, token) and not _anywhere(_rows(db), token)


def _codes_sent(services: Services, member: Member) -> None:
    """Step 7 with a new phone number and email: two codes go out."""
    actor = walk_to_selfie(services, member)
    contact = valid_contact(member) | {"email": "baru@mail.example"}
    view = save_step(
        services.uow(),
        actor,
        Step.CONTACT,
        contact,
        regions=services.regions,
        notices=services.notices,
        now=services.clock.now(),
    )
    assert set(view.pending_checks) == {"phone", "email"}


def test_one_time_codes_are_never_stored_in_clear(db: Engine, services: Services) -> None:
    member = enrol_member(services)
    _codes_sent(services, member)
    queued = [r for r in _rows(db) if r["kind"].startswith("otp.")]
    assert sorted(r["kind"] for r in queued) == ["otp.email", "otp.phone"]
    sender = Recorder()
    dispatch_due(services.uow, _delivery(sender), clock=services.clock)
    codes = {}
    for notice in sender.sent:
        found = re.search(r"\b(\d{6})\b", notice.body)
        assert found, notice.body
        codes[{"otp.phone": "phone_code", "otp.email": "email_code"}[notice.kind]] = found.group(1)
    assert set(codes) == {"phone_code", "email_code"}
    for code in codes.values():
        assert not _anywhere(queued, code) and not _anywhere(_rows(db), code)
    # the codes that left are the right ones
    verify_contact(services.uow(), actor_of(services, member), codes, now=services.clock.now())


def test_the_secret_is_wiped_when_delivery_is_given_up_or_it_expires(
    db: Engine, services: Services, clock: FixedClock
) -> None:
    member = enrol_member(services)
    _reset_requested(services, member)
    down = Recorder(fail=True)
    dispatch_due(services.uow, _delivery(down, attempts=1), clock=clock)
    (row,) = _rows(db)
    assert row["failed_at"] is not None and row["secrets_enc"] is None  # given up: wiped

    # a second link waits (the mail server is down) until it expires: wiped, never sent late
    clock.advance(timedelta(minutes=1))
    _reset_requested(services, member)
    dispatch_due(services.uow, _delivery(down), clock=clock)
    waiting = [r for r in _rows(db) if r["failed_at"] is None]
    assert len(waiting) == 1 and waiting[0]["secrets_enc"] is not None
    clock.advance(timedelta(hours=2))  # the link was valid 1 hour
    late = Recorder()
    dispatch_due(services.uow, _delivery(late), clock=clock)
    assert late.sent == []
    assert all(r["secrets_enc"] is None for r in _rows(db))
    assert all(r["failed_at"] is not None for r in _rows(db))


def test_the_dev_outbox_still_shows_the_code_and_the_link(
    db: Engine,
    services: Services,
    settings: Settings,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In development the outbox is the mailbox: `jmo outbox` and /dev/outbox show the
    code and the link (delivered there, they stay until they expire); elsewhere the
    placeholders."""
    member = enrol_member(services)
    _reset_requested(services, member)
    (shown,) = outbox_overview(services.uow(), limit=10, reveal_secrets=True).notices
    token = _token(shown)
    (hidden,) = outbox_overview(services.uow(), limit=10).notices
    assert token not in hidden.body and "token=" not in hidden.body
    # "delivered" to the dev outbox: still readable there, until the link expires
    dev = Delivery(senders={NoticeChannel.EMAIL: DevOutboxSender()})
    assert dispatch_due(services.uow, dev, clock=services.clock).sent == 1
    (shown,) = outbox_overview(services.uow(), limit=10, reveal_secrets=True).notices
    assert _token(shown) == token and shown.sent_at is not None

    for name, value in (
        ("JMO_DATABASE_URL", settings.database_url),
        ("JMO_DATA_DIR", str(settings.data_dir)),
        ("JMO_SECRET_KEY", settings.secret_key.get_secret_value()),
        ("JMO_FIELD_KEYS", settings.field_keys.get_secret_value()),
        ("JMO_BLIND_INDEX_KEY", settings.blind_index_key.get_secret_value()),
    ):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JMO_ENVIRONMENT", "development")
    printed = CliRunner().invoke(app, ["outbox"])
    assert printed.exit_code == 0 and token in printed.output, printed.output
    monkeypatch.setenv("JMO_ENVIRONMENT", "test")
    printed = CliRunner().invoke(app, ["outbox"])
    assert printed.exit_code == 0 and token not in printed.output

    clock.advance(timedelta(hours=1, minutes=1))
    dispatch_due(services.uow, dev, clock=clock)  # each pass forgets what expired
    assert all(r["secrets_enc"] is None for r in _rows(db))


def test_a_typed_value_cannot_pose_as_a_placeholder(db: Engine, services: Services) -> None:
    """The parameters a notice is composed from lose the placeholder brackets, so text a
    person typed never receives a secret; a template that does not show a secret it was
    given is a bug, refused."""
    member = enrol_member(services)
    link = "https://jmo.example/akun/buka-kunci?token=abc"
    with services.uow() as uow:
        notice = queue_notice(
            uow,
            services.notices,
            kind="account.locked",
            channel=NoticeChannel.EMAIL,
            recipient=member.email,
            participant_id=member.participant.id,
            event_key="t1",
            now=services.clock.now(),
            params={"minutes": "\u27e6link\u27e7"},
            secrets={"link": link},
            secrets_valid_until=services.clock.now() + timedelta(hours=1),
        )
        with pytest.raises(ValueError):
            queue_notice(
                uow,
                services.notices,
                kind="account.password_changed",
                channel=NoticeChannel.EMAIL,
                recipient=member.email,
                participant_id=member.participant.id,
                event_key="t2",
                now=services.clock.now(),
                params={},
                secrets={"link": link},
                secrets_valid_until=services.clock.now() + timedelta(hours=1),
            )
        with pytest.raises(ValueError):  # a link as an ordinary parameter would be stored
            queue_notice(
                uow,
                services.notices,
                kind="account.password_reset",
                channel=NoticeChannel.EMAIL,
                recipient=member.email,
                participant_id=member.participant.id,
                event_key="t3",
                now=services.clock.now(),
                params={"link": link},
            )
    assert notice.rendered().body.count(link) == 1
    assert "link" in notice.rendered().body.split(link)[0]  # the typed "link", unbracketed
