"""Kartu Digital: the cards, their signed tokens and the rendered card."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from jmo.domain.card import Card, CardClaims, CardFace
from jmo.domain.signed_document import DocumentClaims


class CardRepository(Protocol):
    def get(self, card_id: UUID) -> Card | None: ...
    def latest_for(self, participant_id: UUID) -> Card | None: ...
    def add(self, card: Card) -> None: ...
    def save(self, card: Card) -> None: ...


class CardTokens(Protocol):
    """Signs and checks the card's QR token (key id inside; several keys verify)."""

    @property
    def current_key_id(self) -> str: ...
    def sign(self, claims: CardClaims) -> str: ...
    def verify(self, token: str) -> CardClaims:
        """The claims of a token signed by a known key; raises ValueError otherwise
        (malformed, unknown key, bad signature). Expiry is the caller's business."""

    def sign_document(self, claims: DocumentClaims) -> str:
        """The seal of a printed document (same keys, another signing domain)."""

    def verify_document(self, token: str) -> DocumentClaims:
        """As ``verify``, for a document's seal: a card's token never passes here."""

    def sign_letter(self, payload: bytes) -> str:
        """The employer's signed letter (same keys, a signing prefix of its own)."""

    def verify_letter(self, token: str) -> bytes:
        """The payload of a letter's token; ValueError otherwise (a card's never passes)."""


class CardRenderer(Protocol):
    def png(self, face: CardFace, locale: str) -> bytes: ...
    def pdf(self, face: CardFace, locale: str) -> bytes: ...
