"""Error code -> message (an Indonesian msgid). One module per area, merged here, so the
areas can grow without stepping on each other. Messages say what is wrong and what to do.
Placeholders use ``str.format`` names taken from ``DomainError.params``."""

from __future__ import annotations

from jmo.i18n import N_
from jmo.i18n.errors import (
    accounts,
    backoffice,
    biometrics,
    claims,
    common,
    employer,
    identifiers,
    imports,
    pengkinian,
    services,
)

GENERIC_ERROR = N_("Terjadi kesalahan. Silakan coba lagi.")

ERROR_MESSAGES: dict[str, str] = {}
for _module in (
    common,
    identifiers,
    pengkinian,
    biometrics,
    services,
    claims,
    imports,
    accounts,
    backoffice,
    employer,
):
    _overlap = ERROR_MESSAGES.keys() & _module.MESSAGES.keys()
    if _overlap:
        raise RuntimeError(f"error codes defined twice: {sorted(_overlap)}")
    ERROR_MESSAGES.update(_module.MESSAGES)
