from __future__ import annotations

from sqlalchemy import Engine, text

from jmo.storage.audit_chain import verify_audit_chain
from jmo.usecases.services import Services
from tests.cast import enrol_member, persona_member


def _some_history(services: Services) -> None:
    enrol_member(services)
    persona_member(services, "agus")


def test_an_untouched_chain_verifies(services: Services, db: Engine) -> None:
    _some_history(services)
    report = verify_audit_chain(db)
    assert report.ok and report.entries >= 6


def test_an_edited_entry_is_found(services: Services, db: Engine) -> None:
    _some_history(services)
    with db.begin() as conn:
        conn.execute(text("UPDATE audit_log SET channel = 'branch' WHERE seq = 3"))
    report = verify_audit_chain(db)
    assert not report.ok and report.broken_at == 3 and "changed" in report.reason


def test_a_deleted_entry_is_found(services: Services, db: Engine) -> None:
    _some_history(services)
    with db.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    report = verify_audit_chain(db)
    assert not report.ok and report.broken_at == 2


def test_reordered_entries_are_found(services: Services, db: Engine) -> None:
    _some_history(services)
    with db.begin() as conn:
        conn.execute(text("UPDATE audit_log SET seq = 1000 WHERE seq = 4"))
        conn.execute(text("UPDATE audit_log SET seq = 4 WHERE seq = 5"))
        conn.execute(text("UPDATE audit_log SET seq = 5 WHERE seq = 1000"))
    report = verify_audit_chain(db)
    assert not report.ok and report.broken_at == 4


def test_a_truncated_tail_is_found(services: Services, db: Engine) -> None:
    _some_history(services)
    with db.begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": last})
    report = verify_audit_chain(db)
    assert not report.ok and "truncated" in report.reason
