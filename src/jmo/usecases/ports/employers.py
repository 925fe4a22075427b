"""Companies: their worker lists, correction files and signed letters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.backoffice.employer import Employer, EmployerUpload, Letter, Worker


class EmployerRepository(Protocol):
    def get_by_npp(self, npp: str) -> Employer | None: ...
    def add(self, employer: Employer, at: datetime) -> None: ...
    def workers(self, npp: str, limit: int, kpj_prefix: str = "") -> list[Worker]:
        """Everyone with an employment at the company (current first), by name; only the
        KPJ starting with ``kpj_prefix`` when one is given."""

    def end_employment(self, participant_id: UUID, npp: str, end_date: date) -> bool:
        """Set the end date of the worker's open employment there; False if none is open."""

    def upload_by_hash(self, npp: str, content_hash: str) -> EmployerUpload | None: ...
    def add_upload(self, upload: EmployerUpload) -> None: ...
    def add_letter(self, letter: Letter, token: str, change_request_id: UUID | None) -> None: ...
    def letter(self, letter_id: UUID) -> tuple[Letter, str] | None:
        """The letter and its signature token."""

    def letter_for_request(self, request_id: UUID) -> tuple[Letter, str] | None:
        """The latest letter that goes with an identity-correction request."""
