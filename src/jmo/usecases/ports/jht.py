"""JHT: the contribution ledger and the printed statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.jht.balance import StatementDocument
from jmo.domain.jht.ledger import LedgerEntry
from jmo.domain.jht.summary import BalanceSummary
from jmo.domain.jht.tables import Program


class LedgerRepository(Protocol):
    """A KPJ's contribution ledger (``jmo.domain.jht.ledger``)."""

    def entries(self, participant_id: UUID) -> list[LedgerEntry]: ...
    def add(self, participant_id: UUID, entries: Sequence[LedgerEntry], at: datetime) -> None:
        """Also drops the KPJ's balance summary (outdated by the new entries)."""

    def summaries(self, participant_ids: Sequence[UUID]) -> dict[UUID, BalanceSummary]: ...
    def post_year_end_yields(
        self, program: Program, year: int, rate_bp: int, at: datetime
    ) -> tuple[int, int]:
        """Every pot's year-end yield of ``year`` in one set-based statement (the rule of
        ``domain.jht.ledger.yield_due``); returns (pots credited, rupiah credited)."""

    def save_summary(self, participant_id: UUID, summary: BalanceSummary, at: datetime) -> None: ...
    def participants_with_employment(self) -> list[UUID]:
        """Everyone whose ledger a posting run should look at."""


class StatementRenderer(Protocol):
    """Turns a yearly JHT statement into a document (PDF) in a language."""

    def render(self, statement: StatementDocument, locale: str) -> bytes: ...
