"""The signed QR of the printed JHT statement ("Cetak Saldo", issue 9 item 8) and the
public page that checks it (``/verify/dokumen/{token}``).

The seal is the card's (Ed25519, the same keys, another signing domain:
``adapters/card_tokens.py``) over ``domain.signed_document`` claims: the KPJ, the year,
the closing balance, when it was printed and a digest of every line. Checking it needs
no stored copy: the signature says the claims are ours, and the statement recomputed
from the ledger says whether the fund's records of that year still read the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from jmo.domain.card import mask_kpj, mask_name
from jmo.domain.jht.balance import StatementDocument, statement_for_year
from jmo.domain.jht.tables import Program
from jmo.domain.signed_document import (
    DocumentKind,
    statement_claims,
    statement_digest,
)
from jmo.usecases.card.card import count_scan
from jmo.usecases.ports.card import CardTokens
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

VERIFY_DOCUMENT_PATH = "/verify/dokumen"


def seal_statement(
    document: StatementDocument, tokens: CardTokens, policy: Policy
) -> StatementDocument:
    """The statement with the link its QR code carries."""
    claims = statement_claims(document.kpj, document.statement, document.produced_at)
    token = tokens.sign_document(claims)
    return replace(document, verify_url=f"{policy.public_url}{VERIFY_DOCUMENT_PATH}/{token}")


class DocumentStatus(StrEnum):
    GENUINE = "genuine"  # signed by the fund, and the records still read the same
    CHANGED = "changed"  # signed by the fund, but the year's records differ now
    INVALID = "invalid"  # not signed by the fund (forged, altered, or not a document)


@dataclass(frozen=True)
class DocumentVerification:
    status: DocumentStatus
    kind: DocumentKind | None = None
    name_masked: str = ""
    kpj_masked: str = ""
    period: int | None = None
    amount: int | None = None  # as printed (the claims), to compare with the paper
    produced_at: datetime | None = None


def verify_document(
    uow: UnitOfWork,
    tokens: CardTokens,
    token: str,
    *,
    now: datetime,
    limiter: RateLimiter,
    client_ip: str | None,
    policy: Policy,
) -> DocumentVerification:
    """Anyone with the printout. Read only, like the card's check (a public page must not
    let strangers fill the audit log), and on the same per-address scan budget."""
    count_scan(limiter, policy, client_ip, now=now)
    try:
        claims = tokens.verify_document(token)
    except ValueError:
        return DocumentVerification(DocumentStatus.INVALID)
    with uow:
        participant = uow.participants.get_by_kpj(claims.kpj)
        entries = uow.jht_ledger.entries(participant.id) if participant else []
    if participant is None:
        return DocumentVerification(DocumentStatus.INVALID)
    statement = statement_for_year(entries, Program.JHT, claims.period, {})
    same = statement_digest(claims.kpj, statement) == claims.digest
    return DocumentVerification(
        DocumentStatus.GENUINE if same else DocumentStatus.CHANGED,
        kind=claims.kind,
        name_masked=mask_name(participant.identity.full_name),
        kpj_masked=mask_kpj(claims.kpj),
        period=claims.period,
        amount=claims.amount,
        produced_at=claims.produced_at,
    )
