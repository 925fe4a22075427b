"""Riwayat & Lacak for the participant: every request with its id and timeline, one
request found by its id (or by the reference given before ids existed), its signed
receipt, and the public check of a receipt's code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from jmo.domain.identifiers.dates import parse_date
from jmo.domain.participant import Participant
from jmo.domain.requests.ids import RequestKind, parse_request_id
from jmo.domain.requests.receipt import Receipt, ReceiptDocument
from jmo.domain.requests.timeline import Progress, RequestFilter, RequestRef, TrackedRequest
from jmo.usecases.access import access_own_participant
from jmo.usecases.ports.requests import ReceiptRenderer, ReceiptSigner
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.requests.sources import SOURCES


def _all(uow: UnitOfWork, participant: Participant) -> list[TrackedRequest]:
    refs = uow.request_ids.for_participant(participant.id)
    found: list[TrackedRequest] = []
    for source in SOURCES:
        mine = {r.item_id: r for r in refs if r.kind in source.kinds}
        if mine:
            found += source.tracked(uow, participant.id, mine)
    return sorted(found, key=lambda r: (r.ref.created_at, r.request_id), reverse=True)


def parse_filter(
    *, kind: str = "", status: str = "", since: str = "", until: str = ""
) -> RequestFilter:
    """Riwayat & Lacak's filters as typed (empty = any); every bad field reported at once."""
    errors: list[FieldError] = []
    chosen_kind = chosen_progress = None
    dates: dict[str, date | None] = {"since": None, "until": None}
    if kind:
        try:
            chosen_kind = RequestKind(kind)
        except ValueError:
            errors.append(FieldError("kind", "field.choice", {}))
    if status:
        try:
            chosen_progress = Progress(status)
        except ValueError:
            errors.append(FieldError("status", "field.choice", {}))
    for name, raw in (("since", since), ("until", until)):
        if raw:
            try:
                dates[name] = parse_date(raw, name)
            except DomainError as exc:
                errors.append(FieldError(name, exc.code, exc.params))
    if not errors and dates["since"] and dates["until"] and dates["since"] > dates["until"]:
        errors.append(FieldError("until", "requests.period_reversed", {}))
    if errors:
        raise ValidationFailed(errors)
    return RequestFilter(chosen_kind, chosen_progress, dates["since"], dates["until"])


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
    verify_url_of: Callable[[str], str],
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
    data = renderer.render(ReceiptDocument(receipt, code, verify_url_of(code)), locale)
    return ReceiptFile(f"bukti-{receipt.request_id}.pdf", data, receipt, code)


def verify_receipt(signer: ReceiptSigner, code: str) -> Receipt | None:
    """Public: the receipt a code holds when our key signed exactly it, otherwise None
    ("tidak sah": one changed byte is enough)."""
    try:
        return signer.verify(code)
    except ValueError:
        return None


def verify_receipt_file(
    signer: ReceiptSigner,
    renderer: ReceiptRenderer,
    data: bytes,
    *,
    verify_urls: Callable[[str], Sequence[str]],
    locales: Sequence[str],
) -> Receipt | None:
    """Public: the receipt a PDF file is, when its code is ours **and** the file is exactly
    the one that code renders to (receipts are deterministic), in one of ``locales`` with
    one of the verify links the server prints. Any changed byte of the file: None."""
    code = renderer.code_in(data)
    receipt = verify_receipt(signer, code) if code else None
    if code is None or receipt is None:
        return None
    for locale in locales:
        for url in verify_urls(code):
            if renderer.render(ReceiptDocument(receipt, code, url), locale) == data:
                return receipt
    return None
