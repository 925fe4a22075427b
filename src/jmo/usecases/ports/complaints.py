"""Pengaduan: the tickets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from jmo.domain.complaints import AttachmentInfo, Complaint, ComplaintMessage, ComplaintStatus


class ComplaintRepository(Protocol):
    def get(self, complaint_id: UUID) -> Complaint | None:
        """With its messages and attachments."""

    def by_idempotency_key(self, participant_id: UUID, key: str) -> Complaint | None: ...
    def for_participant(self, participant_id: UUID) -> list[Complaint]:
        """Newest first, without messages."""

    def queue(self, statuses: Sequence[ComplaintStatus], limit: int) -> list[Complaint]:
        """For staff: tickets in these statuses, the earliest due first, without messages."""

    def add(self, complaint: Complaint) -> None: ...
    def save(self, complaint: Complaint) -> None:
        """Write back the ticket's own fields; raises Conflict when another writer
        changed it since it was read."""

    def add_message(self, message: ComplaintMessage) -> None: ...
    def add_attachment(self, attachment: AttachmentInfo) -> None: ...
