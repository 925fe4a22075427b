"""What the QR code of a printed document signs (issue 9 item 8: "no way to verify the
statement is genuine"), generic over the kind of document so that other printouts (a
request's receipt) can carry the same seal and be checked at the same kind of address.

The claims are small and fixed-size (they travel in a QR code): the kind, the KPJ, the
period, the headline amount, when it was produced, and a digest of the whole content.
A verifier sees the headline values to compare with the paper in hand; the server also
recomputes the content from the fund's records and says whether they still agree.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from jmo.domain.jht.balance import Statement

DOCUMENT_CLAIMS_VERSION = 1
DIGEST_BYTES = 16  # 128 bits of SHA-256: collisions are out of reach, the QR stays small
_CLAIMS = struct.Struct(">BB11sHqq16s")


class DocumentKind(IntEnum):
    JHT_STATEMENT = 1  # Laporan Saldo JHT of a year ("Cetak Saldo")


@dataclass(frozen=True)
class DocumentClaims:
    kind: DocumentKind
    kpj: str
    period: int  # the year of a statement
    amount: int  # the headline figure, rupiah (a statement's closing balance)
    produced_at: datetime
    digest: bytes

    def encode(self) -> bytes:
        return _CLAIMS.pack(
            DOCUMENT_CLAIMS_VERSION,
            int(self.kind),
            self.kpj.encode("ascii"),
            self.period,
            self.amount,
            int(self.produced_at.timestamp()),
            self.digest,
        )

    @classmethod
    def decode(cls, data: bytes) -> DocumentClaims:
        """Raises ValueError for anything that is not exactly a version-1 claim set."""
        if len(data) != _CLAIMS.size:
            raise ValueError("claims have the wrong length")
        version, kind, kpj, period, amount, produced, digest = _CLAIMS.unpack(data)
        if version != DOCUMENT_CLAIMS_VERSION:
            raise ValueError("unknown claims version")
        text = kpj.decode("ascii", errors="replace")
        if not text.isdigit():
            raise ValueError("malformed KPJ")
        return cls(
            DocumentKind(kind),
            text,
            period,
            amount,
            datetime.fromtimestamp(produced, UTC),
            digest,
        )


def statement_digest(kpj: str, statement: Statement) -> bytes:
    """The content of a yearly statement, canonically: every line and the opening balance
    (the totals follow from them). A statement printed from other figures has another."""
    content = {
        "kpj": kpj,
        "program": statement.program.value,
        "year": statement.year,
        "opening": statement.opening,
        "lines": [
            [
                line.period.isoformat(),
                line.kind.value,
                line.employer_npp,
                line.wage,
                line.employer_share,
                line.worker_share,
                line.amount,
                line.rate_bp,
                line.reference,
            ]
            for line in statement.lines
        ],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).digest()[:DIGEST_BYTES]


def statement_claims(kpj: str, statement: Statement, produced_at: datetime) -> DocumentClaims:
    return DocumentClaims(
        DocumentKind.JHT_STATEMENT,
        kpj,
        statement.year,
        statement.closing,
        produced_at,
        statement_digest(kpj, statement),
    )
