"""Readable request ids: ``PD-2026-000123`` (kind prefix, year, sequence of that kind in
that year). The one definition of the prefixes and the format; the sequence is allocated
by storage (``request_ids``/``request_sequences``), safely under concurrency.

Adding a kind (appointments, heirs...) is one entry in ``KINDS``; the use cases then register
how the kind is listed and followed in ``usecases.requests.sources``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from jmo.domain.risk import BANK_FIELDS, CONTACT_FIELDS
from jmo.domain.time import WIB


class RequestKind(StrEnum):
    PENGKINIAN = "pengkinian"  # Pengkinian Data (the data update)
    CONTACT_CHANGE = "contact_change"  # a data update that changed only the phone/email
    BANK_CHANGE = "bank_change"  # a data update that changed only the payout bank account
    IDENTITY_CORRECTION = "identity_correction"
    KPJ_MERGE = "kpj_merge"
    CLAIM = "claim"
    COMPLAINT = "complaint"
    APPOINTMENT = "appointment"  # Janji Temu (registered by the appointments work)
    SECURITY_FREEZE = "security_freeze"  # "Bukan saya"


@dataclass(frozen=True)
class KindInfo:
    prefix: str  # two capital letters, unique; the label is jmo.i18n.requests.KINDS


# The registry. Prefixes are what people read out on the phone: never reuse one.
KINDS: Mapping[RequestKind, KindInfo] = {
    RequestKind.PENGKINIAN: KindInfo("PD"),  # Pengkinian Data
    RequestKind.CONTACT_CHANGE: KindInfo("UK"),  # Ubah Kontak
    RequestKind.BANK_CHANGE: KindInfo("UR"),  # Ubah Rekening
    RequestKind.IDENTITY_CORRECTION: KindInfo("KI"),  # Koreksi Identitas
    RequestKind.KPJ_MERGE: KindInfo("GK"),  # Gabung KPJ
    RequestKind.CLAIM: KindInfo("KL"),  # Klaim
    RequestKind.COMPLAINT: KindInfo("PG"),  # Pengaduan
    RequestKind.APPOINTMENT: KindInfo("JT"),  # Janji Temu
    RequestKind.SECURITY_FREEZE: KindInfo("BS"),  # Bukan Saya
}
_BY_PREFIX = {info.prefix: kind for kind, info in KINDS.items()}

SEQUENCE_DIGITS = 6  # 999 999 requests of one kind a year before the id grows a digit
REQUEST_ID_MAX_LENGTH = 20
_ID = r"([A-Z]{2})-(\d{4})-(\d{6,9})"
REQUEST_ID_PATTERN = re.compile(rf"^{_ID}$")
# A request id inside a text (a notice): a number the system writes, not a person's.
REQUEST_ID_IN_TEXT = re.compile(rf"\b{_ID}\b")


@dataclass(frozen=True, order=True)
class RequestId:
    kind: RequestKind
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{KINDS[self.kind].prefix}-{self.year:04d}-{self.seq:0{SEQUENCE_DIGITS}d}"


def id_year(at: datetime) -> int:
    """The year in the id: the calendar year in WIB, the fund's head-office time (a request
    made at 00:30 WIB on 1 January belongs to the new year)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(WIB).year


def parse_request_id(text: str) -> RequestId | None:
    """The id a person typed (any case, spaces around); None when it is not one."""
    match = REQUEST_ID_PATTERN.match(text.strip().upper())
    if match is None or match.group(1) not in _BY_PREFIX:
        return None
    return RequestId(_BY_PREFIX[match.group(1)], int(match.group(2)), int(match.group(3)))


def kind_of_data_change(changed_fields: Iterable[str]) -> RequestKind:
    """A data update is filed as a contact change or a bank change when that is all it
    changed (those are the changes a hijacker makes; the participant looks for them by
    name), otherwise as Pengkinian Data."""
    fields = set(changed_fields)
    if fields and fields <= set(CONTACT_FIELDS):
        return RequestKind.CONTACT_CHANGE
    if fields and fields <= set(BANK_FIELDS):
        return RequestKind.BANK_CHANGE
    return RequestKind.PENGKINIAN


def kind_of_change_request(kind: str, changed_fields: Iterable[str]) -> RequestKind:
    """The request kind of a stored change request (``ChangeKind`` value and its fields)."""
    if kind == "pengkinian":
        return kind_of_data_change(changed_fields)
    return RequestKind(kind)
