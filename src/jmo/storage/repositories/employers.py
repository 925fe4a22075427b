from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.storage.rows import EmployerRow
from jmo.usecases.ports import Employer


class SqlEmployers:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def get_by_npp(self, npp: str) -> Employer | None:
        row = self._s.scalar(select(EmployerRow).where(EmployerRow.npp == npp))
        return Employer(npp=row.npp, name=row.name) if row else None

    def add(self, employer: Employer, at: datetime) -> None:
        self._s.add(EmployerRow(npp=employer.npp, name=employer.name, created_at=at))
        self._s.flush()
