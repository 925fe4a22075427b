"""Every table, for Alembic and the tests. Feature tables live in their own ``rows_*``
modules (one per feature); import each here so the metadata knows it."""

from __future__ import annotations

from jmo.storage import (
    rows,
    rows_accounts,
    rows_appointments,
    rows_backoffice,
    rows_biometrics,
    rows_employer,
    rows_jht,
    rows_requests,
    rows_security,
    rows_services,
)
from jmo.storage.rows import Base

metadata = Base.metadata

__all__ = [
    "Base",
    "metadata",
    "rows",
    "rows_accounts",
    "rows_appointments",
    "rows_backoffice",
    "rows_biometrics",
    "rows_employer",
    "rows_jht",
    "rows_requests",
    "rows_security",
    "rows_services",
]
