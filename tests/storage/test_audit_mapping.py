"""Issue 9, rules written twice: one mapping between AuditEntry and its row, used to write,
to read and to check the chain."""

from __future__ import annotations

import inspect
from dataclasses import fields
from datetime import UTC, datetime
from uuid import uuid4

import jmo.storage.audit_chain as audit_chain
from jmo.domain.audit import AuditEntry
from jmo.storage.repositories import audit
from jmo.storage.rows import AuditRow


def test_every_entry_field_is_a_column_and_round_trips() -> None:
    columns = set(AuditRow.__table__.columns.keys())
    assert set(audit.ENTRY_COLUMNS) == {f.name for f in fields(AuditEntry)}
    assert set(audit.ENTRY_COLUMNS) <= columns
    assert columns - set(audit.ENTRY_COLUMNS) == {"seq", "prev_hash", "hash"}
    entry = AuditEntry(
        at=datetime(2026, 11, 25, 3, tzinfo=UTC),
        action="account.logged_in",
        actor_account_id=uuid4(),
        actor_role="participant",
        channel="app",
        subject_type="account",
        subject_id="x",
        client_ip="203.0.113.7",
        user_agent="pytest",
        details={"k": "v"},
    )
    row = AuditRow(seq=1, prev_hash="0", hash="1", **audit.row_values(entry))
    assert audit.entry_of(row) == entry


def test_the_chain_check_reads_rows_with_the_same_mapping() -> None:
    # the identity of the chain's own import is what is checked, not a public name
    assert audit_chain.entry_of is audit.entry_of  # type: ignore[attr-defined]
    assert "AuditEntry(" not in inspect.getsource(audit_chain)
