"""Issue 12: a readable id for every request (PD-2026-000123), drawn from a per-kind,
per-year counter; the requests already stored get theirs here, in the order they were made.

Revision ID: 0008_tracking
Revises: 0008_counter
Create Date: 2026-11-30 14:50:00
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from jmo.domain.requests.ids import RequestId, RequestKind, id_year, kind_of_data_change

revision = "0008_tracking"
down_revision = "0008_counter"
branch_labels = None
depends_on = None


def _existing(conn: sa.Connection) -> list[tuple[datetime, str, RequestKind, Any, Any]]:
    """(made at, a tie-breaker, kind, item id, participant id) of every stored request."""
    found: list[tuple[datetime, str, RequestKind, Any, Any]] = []
    rows = conn.execute(
        sa.text(
            "SELECT id, participant_id, kind, changed_fields, submitted_at FROM change_requests"
        )
    )
    for item_id, participant_id, kind, fields, at in rows:
        if kind == "pengkinian":
            names = fields if isinstance(fields, list) else _json_list(fields)
            request_kind = kind_of_data_change(names)
        else:
            request_kind = RequestKind(kind)
        found.append((at, str(item_id), request_kind, item_id, participant_id))
    for table, owner, made in (
        ("claims", "claimant_participant_id", "submitted_at"),
        ("complaints", "participant_id", "created_at"),
        ("account_freezes", "participant_id", "frozen_at"),
    ):
        kind = {
            "claims": RequestKind.CLAIM,
            "complaints": RequestKind.COMPLAINT,
            "account_freezes": RequestKind.SECURITY_FREEZE,
        }[table]
        for item_id, participant_id, at in conn.execute(
            sa.text(f"SELECT id, {owner}, {made} FROM {table}")  # noqa: S608 (fixed names)
        ):
            found.append((at, str(item_id), kind, item_id, participant_id))
    return found


def _json_list(raw: Any) -> list[str]:
    return list(json.loads(raw)) if raw else []


def _aware(at: Any) -> datetime:
    moment: datetime = datetime.fromisoformat(at) if isinstance(at, str) else at  # SQLite: text
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def upgrade() -> None:
    op.create_table(
        "request_ids",
        sa.Column("request_id", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_request_ids")),
        sa.UniqueConstraint("item_id", name=op.f("uq_request_ids_item_id")),
        sa.UniqueConstraint("kind", "year", "seq", name="uq_request_ids_kind_year_seq"),
    )
    op.create_index("ix_request_ids_participant", "request_ids", ["participant_id", "created_at"])
    op.create_table(
        "request_sequences",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "year", name=op.f("pk_request_sequences")),
    )

    conn = op.get_bind()
    ids = sa.table(
        "request_ids",
        sa.column("request_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("year", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("item_id", sa.Uuid),
        sa.column("participant_id", sa.Uuid),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    sequences = sa.table(
        "request_sequences",
        sa.column("kind", sa.String),
        sa.column("year", sa.Integer),
        sa.column("last_seq", sa.Integer),
    )
    last: dict[tuple[RequestKind, int], int] = defaultdict(int)
    rows = []
    for at, _tie, kind, item_id, participant_id in sorted(
        _existing(conn), key=lambda r: (_aware(r[0]), r[1])
    ):
        made = _aware(at)
        year = id_year(made)
        last[(kind, year)] += 1
        rid = RequestId(kind, year, last[(kind, year)])
        rows.append(
            {
                "request_id": str(rid),
                "kind": kind.value,
                "year": year,
                "seq": rid.seq,
                "item_id": item_id if not isinstance(item_id, str) else _uuid(item_id),
                "participant_id": participant_id
                if not isinstance(participant_id, str)
                else _uuid(participant_id),
                "created_at": made,
            }
        )
    if rows:
        op.bulk_insert(ids, rows)
        op.bulk_insert(
            sequences,
            [{"kind": k.value, "year": y, "last_seq": n} for (k, y), n in last.items()],
        )


def _uuid(text: str) -> uuid.UUID:
    return uuid.UUID(text)


def downgrade() -> None:
    op.drop_table("request_sequences")
    op.drop_index("ix_request_ids_participant", table_name="request_ids")
    op.drop_table("request_ids")
