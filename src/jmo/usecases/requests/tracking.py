"""Riwayat & Lacak for the participant: every request with its id and timeline, one
request found by its id (or by the reference given before ids existed), its signed
receipt, and the public check of a receipt's code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.errors import NotFound
from jmo.domain.participant import Participant
from jmo.domain.requests.ids import parse_request_id
from jmo.domain.requests.receipt import Receipt
from jmo.domain.requests.timeline import RequestFilter, RequestRef, TrackedRequest
from jmo.usecases.access import access_own_participant
from jmo.usecases.ports import ReceiptDocument, ReceiptRenderer, ReceiptSigner, UnitOfWork
from jmo.usecases.requests.sources import SOURCES


def _all(uow: UnitOfWork, participant: Participant) -> list[TrackedRequest]:
    refs = uow.request_ids.for_participant(participant.id)
    found: list[TrackedRequest] = []
    for source in SOURCES:
        mine = {r.item_id: r for r in refs if r.kind in source.kinds}
        if mine:
            found += source.tracked(uow, participant.id, mine)
    return sorted(found, key=lambda r: (r.ref.created_at, r.request_id), reverse=True)


def my_requests(
    uow: UnitOfWork, actor: Actor, where: RequestFilter | None = None
) -> list[TrackedRequest]:
    """Newest first, those that match ``where``."""
    where = where or RequestFilter()
    with uow:
        participant = access_own_participant(uow, actor)
        return [r for r in _all(uow, participant) if where.matches(r)]


def _find(uow: UnitOfWork, participant: Participant, text: str) -> TrackedRequest:
    """By request id; or by the reference given before ids (the 8 hex digits of a data
    change, ADU-... of a complaint, the claim number), which notices already sent carry."""
    wanted = parse_request_id(text)
    key = text.strip().upper()
    for request in _all(uow, participant):
        if (wanted is not None and request.ref.request_id == wanted) or (
            wanted is None and key and request.old_reference.upper() == key
        ):
            return request
    raise NotFound("request")


def my_request(uow: UnitOfWork, actor: Actor, text: str) -> TrackedRequest:
    with uow:
        participant = access_own_participant(uow, actor)
        return _find(uow, participant, text)


def request_of_item(uow: UnitOfWork, actor: Actor, item_id: UUID) -> RequestRef | None:
    """The id of one of the participant's items (a claim, a complaint...), for pages that
    show the item and want to show its id."""
    with uow:
        participant = access_own_participant(uow, actor)
        ref = uow.request_ids.of_item(item_id)
        return ref if ref is not None and ref.participant_id == participant.id else None


@dataclass(frozen=True)
class ReceiptFile:
    filename: str
    data: bytes
    receipt: Receipt
    code: str


def my_receipt(
    uow: UnitOfWork,
    actor: Actor,
    text: str,
    *,
    signer: ReceiptSigner,
    renderer: ReceiptRenderer,
    verify_url: str,
    locale: str,
    now: datetime,
) -> ReceiptFile:
    """The PDF receipt of one request as it stands now, signed."""
    with uow:
        participant = access_own_participant(uow, actor)
        request = _find(uow, participant, text)
    receipt = Receipt.of(
        request,
        full_name=participant.identity.full_name,
        kpj=participant.identity.kpj,
        province_code=participant.profile.province_code,
        issued_at=now.replace(microsecond=0),
    )
    code = signer.sign(receipt)
    data = renderer.render(ReceiptDocument(receipt, code, verify_url), locale)
    return ReceiptFile(f"bukti-{receipt.request_id}.pdf", data, receipt, code)


def verify_receipt(signer: ReceiptSigner, code: str) -> Receipt | None:
    """Public: the receipt a code holds when our key signed exactly it, otherwise None
    ("tidak sah": one changed byte is enough)."""
    try:
        return signer.verify(code)
    except ValueError:
        return None
