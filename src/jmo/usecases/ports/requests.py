"""Request ids, and the signed receipt of a request."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.requests.ids import RequestId, RequestKind
from jmo.domain.requests.receipt import Receipt, ReceiptDocument
from jmo.domain.requests.timeline import RequestRef


class RequestIdRepository(Protocol):
    """Readable request ids (``domain.requests.ids``), drawn without duplicates."""

    def assign(
        self, kind: RequestKind, item_id: UUID, participant_id: UUID, at: datetime
    ) -> RequestId: ...
    def get(self, request_id: RequestId) -> RequestRef | None: ...
    def of_item(self, item_id: UUID) -> RequestRef | None: ...
    def for_participant(self, participant_id: UUID) -> list[RequestRef]:
        """Newest first."""


class ReceiptSigner(Protocol):
    """Signs a request's receipt and checks a receipt code (key id inside)."""

    def sign(self, receipt: Receipt) -> str: ...
    def verify(self, code: str) -> Receipt:
        """The receipt of a code signed by a known key; ValueError otherwise."""


class ReceiptRenderer(Protocol):
    def render(self, document: ReceiptDocument, locale: str) -> bytes:
        """The same document always gives the same bytes."""

    def code_in(self, pdf: bytes) -> str | None:
        """The code a rendered receipt carries, if the file is one."""
