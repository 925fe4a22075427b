from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.jht.ledger import EntryKind, LedgerEntry
from jmo.domain.jht.summary import BalanceSummary, from_data, to_data
from jmo.domain.jht.tables import Program
from jmo.storage.rows import EmploymentRow
from jmo.storage.rows_jht import JhtBalanceRow, LedgerEntryRow


class SqlLedger:
    """The contribution ledger per KPJ. Entries are only ever added (a withdrawal is a
    negative entry), never changed."""

    def __init__(self, session: DbSession) -> None:
        self._s = session

    def entries(self, participant_id: UUID) -> list[LedgerEntry]:
        rows = self._s.execute(
            select(
                LedgerEntryRow.program,
                LedgerEntryRow.kind,
                LedgerEntryRow.period,
                LedgerEntryRow.employer_npp,
                LedgerEntryRow.amount,
                LedgerEntryRow.employer_share,
                LedgerEntryRow.worker_share,
                LedgerEntryRow.wage,
                LedgerEntryRow.rate_bp,
                LedgerEntryRow.reference,
            )
            .where(LedgerEntryRow.participant_id == participant_id)
            .order_by(LedgerEntryRow.period, LedgerEntryRow.kind, LedgerEntryRow.employer_npp)
        ).all()
        return [
            LedgerEntry(
                program=Program(row.program),
                kind=EntryKind(row.kind),
                period=row.period,
                employer_npp=row.employer_npp,
                amount=row.amount,
                employer_share=row.employer_share,
                worker_share=row.worker_share,
                wage=row.wage,
                rate_bp=row.rate_bp,
                reference=row.reference,
            )
            for row in rows
        ]

    def participants_with_employment(self) -> list[UUID]:
        return list(
            self._s.scalars(
                select(EmploymentRow.participant_id)
                .distinct()
                .order_by(EmploymentRow.participant_id)
            )
        )

    def summaries(self, participant_ids: Sequence[UUID]) -> dict[UUID, BalanceSummary]:
        """The stored summaries of these KPJ (one query); a KPJ without one is left out."""
        rows = self._s.execute(
            select(
                JhtBalanceRow.participant_id,
                JhtBalanceRow.posted_through,
                JhtBalanceRow.yields_version,
                JhtBalanceRow.data,
            ).where(JhtBalanceRow.participant_id.in_(participant_ids))
        ).all()
        found: dict[UUID, BalanceSummary] = {}
        for row in rows:
            summary = from_data(
                json.loads(row.data),
                posted_through=row.posted_through,
                yields_version=row.yields_version,
            )
            if summary is not None:
                found[row.participant_id] = summary
        return found

    def save_summary(self, participant_id: UUID, summary: BalanceSummary, at: datetime) -> None:
        drop_summary(self._s, participant_id)
        self._s.add(
            JhtBalanceRow(
                participant_id=participant_id,
                posted_through=summary.posted_through,
                yields_version=summary.yields_version,
                data=json.dumps(to_data(summary), separators=(",", ":")),
                updated_at=at,
            )
        )
        self._s.flush()

    def add(self, participant_id: UUID, entries: Sequence[LedgerEntry], at: datetime) -> None:
        if not entries:
            return
        drop_summary(self._s, participant_id)  # outdated by these entries
        # One multi-row INSERT: a first posting of 20 years is about 500 rows.
        self._s.execute(
            insert(LedgerEntryRow),
            [
                {
                    "participant_id": participant_id,
                    "program": e.program.value,
                    "kind": e.kind.value,
                    "period": e.period,
                    "employer_npp": e.employer_npp,
                    "amount": e.amount,
                    "employer_share": e.employer_share,
                    "worker_share": e.worker_share,
                    "wage": e.wage,
                    "rate_bp": e.rate_bp,
                    "reference": e.reference,
                    "posted_at": at,
                }
                for e in entries
            ],
        )


def drop_summary(session: DbSession, participant_id: UUID) -> None:
    """Whatever changes a KPJ's ledger or employment outdates its balance summary."""
    session.execute(delete(JhtBalanceRow).where(JhtBalanceRow.participant_id == participant_id))
