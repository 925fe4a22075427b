"""Logs never carry NIKs, bank accounts, phone numbers or link tokens: neither what the
code writes during a whole data update, nor what uvicorn's access log would print."""

from __future__ import annotations

import logging

import pytest

from jmo.logging_setup import RedactingFilter, redact
from jmo.usecases.services import Services
from tests.cast import complete_pengkinian, enrol_member


def test_a_whole_flow_logged_with_its_sql_carries_no_personal_identifier(
    services: Services,
) -> None:
    """The data update logged at its most talkative (every SQL statement with its
    parameters, as ``JMO_DATABASE_ECHO`` would): the raw records do carry identifiers (so
    this test can fail), and none is left once the app's filter has seen them. The records
    are collected by a handler of this test's own: pytest's capture handler may already
    carry the app's filter (``create_app`` installs it on the root's handlers)."""
    records: list[logging.LogRecord] = []
    collector = logging.Handler()
    # a copy as it arrives: the root's handlers redact the record itself afterwards
    collector.emit = lambda record: records.append(  # type: ignore[method-assign]
        logging.makeLogRecord(dict(record.__dict__))
    )
    engine_log = logging.getLogger("sqlalchemy.engine")
    level = engine_log.level
    engine_log.addHandler(collector)
    engine_log.setLevel(logging.INFO)
    try:
        budi = enrol_member(services)
        complete_pengkinian(services, budi)
    finally:
        engine_log.removeHandler(collector)
        engine_log.setLevel(level)
    identifiers = [budi.kpj, "081234567890", budi.email]
    raw = "\n".join(r.getMessage() for r in records)
    assert [i for i in identifiers if i in raw], "the flow's SQL log carries no identifier"
    redacting = RedactingFilter()
    for record in records:
        redacting.filter(record)
    logged = "\n".join(r.getMessage() for r in records)
    for secret in (
        *identifiers,
        budi.nik,
        "012301001234567",
        "3578010101100001",
        "013121660091000",
        budi.participant.profile.bank_account or "?",
    ):
        assert secret not in logged


@pytest.mark.parametrize(
    ("line", "hidden"),
    [
        ('GET /akun/reset-kata-sandi?token=AbC_123-xyz HTTP/1.1" 200', "AbC_123-xyz"),
        ("lookup for 3578015703850001 failed", "3578015703850001"),
        ("transfer to 0123 0100 1234 567", "0123 0100 1234 567"),
        ("sms to +6281234567890", "6281234567890"),
        ("mail to budi.santoso@example.co.id", "santoso@example"),
    ],
)
def test_the_filter_masks_identifiers(line: str, hidden: str) -> None:
    assert hidden not in redact(line)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, line, None, None)
    RedactingFilter().filter(record)
    assert hidden not in record.getMessage()
    # as uvicorn's access log passes it: the path is an argument, formatted later
    access = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s"',
        ("127.0.0.1:5000", "GET", line),
        None,
    )
    RedactingFilter().filter(access)
    assert isinstance(access.args, tuple) and len(access.args) == 3
    assert hidden not in access.getMessage()


def test_short_numbers_stay_readable() -> None:
    assert redact("took 153 ms, step 7 of 11, HTTP 422") == "took 153 ms, step 7 of 11, HTTP 422"
