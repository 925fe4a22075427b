"""The receipt of a request (Bukti Permintaan): what it is, where it stood when issued,
when (shown in the participant's zone), through which channel, and the values before and
after, masked with the Pengkinian rule (``domain.pengkinian.disclosure``); the name and KPJ
masked as the card's public check shows them (``domain.card``).

The whole receipt is what gets signed: ``encode`` is canonical (sorted keys, no spaces,
times in whole seconds), so one receipt has one encoding and any changed byte of a signed
receipt fails the signature (``usecases.requests.receipts``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jmo.domain.card import mask_kpj, mask_name
from jmo.domain.pengkinian.disclosure import mask_value
from jmo.domain.requests.ids import RequestKind, parse_request_id
from jmo.domain.requests.timeline import ChangeLine, Progress, TrackedRequest

FORMAT = 1
MAX_LINES = 40
# A receipt PDF of MAX_LINES lines is about 30 kB; a bigger upload is not one of ours.
RECEIPT_FILE_MAX_BYTES = 64 * 1024


def masked_line(field: str, before: str | None, after: str | None) -> ChangeLine:
    """A before/after pair as a receipt shows it (sensitive values masked)."""
    return ChangeLine(field, mask_value(field, before) or "", mask_value(field, after) or "")


@dataclass(frozen=True)
class Receipt:
    request_id: str
    kind: RequestKind
    progress: Progress
    status: str
    made_at: datetime  # when the request was made
    issued_at: datetime  # when this receipt was signed
    channel: str
    name_masked: str
    kpj_masked: str
    province_code: str | None  # the zone the times are shown in (WIB/WITA/WIT)
    lines: tuple[ChangeLine, ...]

    @classmethod
    def of(
        cls,
        request: TrackedRequest,
        *,
        full_name: str,
        kpj: str,
        province_code: str | None,
        issued_at: datetime,
    ) -> Receipt:
        return cls(
            request_id=request.request_id,
            kind=request.kind,
            progress=request.progress,
            status=request.status,
            made_at=request.ref.created_at,
            issued_at=issued_at,
            channel=request.channel,
            name_masked=mask_name(full_name),
            kpj_masked=mask_kpj(kpj),
            province_code=province_code,
            lines=request.changes[:MAX_LINES],
        )

    def encode(self) -> bytes:
        data: dict[str, Any] = {
            "v": FORMAT,
            "id": self.request_id,
            "k": self.kind.value,
            "p": self.progress.value,
            "s": self.status,
            "m": int(self.made_at.timestamp()),
            "i": int(self.issued_at.timestamp()),
            "c": self.channel,
            "n": self.name_masked,
            "j": self.kpj_masked,
            "z": self.province_code,
            "l": [[line.field, line.before, line.after] for line in self.lines],
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def decode(cls, raw: bytes) -> Receipt:
        """The receipt of a canonical encoding; ValueError for anything else."""
        try:
            data = json.loads(raw.decode())
            lines = tuple(ChangeLine(str(f), str(b), str(a)) for f, b, a in data["l"])
            receipt = cls(
                request_id=str(data["id"]),
                kind=RequestKind(data["k"]),
                progress=Progress(data["p"]),
                status=str(data["s"]),
                made_at=datetime.fromtimestamp(int(data["m"]), UTC),
                issued_at=datetime.fromtimestamp(int(data["i"]), UTC),
                channel=str(data["c"]),
                name_masked=str(data["n"]),
                kpj_masked=str(data["j"]),
                province_code=None if data["z"] is None else str(data["z"]),
                lines=lines,
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise ValueError("not a receipt") from exc
        if data.get("v") != FORMAT or receipt.encode() != raw:
            raise ValueError("not a canonical receipt")
        if parse_request_id(receipt.request_id) is None:
            raise ValueError("not a request id")
        return receipt


@dataclass(frozen=True)
class ReceiptDocument:
    receipt: Receipt
    code: str  # the signed code, printed and in the QR
    verify_url: str
