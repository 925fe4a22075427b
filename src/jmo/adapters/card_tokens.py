"""The card's QR token, and the seal of printed documents: Ed25519 signatures with a key id, several keys for rotation.

Token: ``<kid>.<claims>.<signature>`` (base64url without padding). The signature covers
a fixed prefix, the key id and the claims, so neither the claims nor the key id can be
changed, and a signature made for something else cannot be replayed here. Verifying needs
only the public keys; the server keeps the private seeds in ``JMO_CARD_SIGNING_KEYS``.

Rotation: prepend a new key (new cards are signed with it), keep the old one while cards
signed with it are in circulation (at most about two months, domain.card.valid_through),
then remove it: its tokens become invalid.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from jmo.domain.card import CardClaims
from jmo.domain.signed_document import DocumentClaims

MAX_TOKEN_LENGTH = 200
_KID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_B64 = re.compile(r"^[A-Za-z0-9_-]+$")
_DOMAIN = b"jmo-card-v1."
# Printed documents (the JHT statement) are signed with the same keys under another
# prefix: a card's signature can never pass as a document's, nor the reverse.
_DOCUMENT_DOMAIN = b"jmo-doc-v1."
# The employer's signed letter ("surat pengantar koreksi data"): the same keys, its own prefix.
_LETTER_DOMAIN = b"jmo-employer-letter-v1."
SIGNATURE_BYTES = 64


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    if not _B64.match(text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


SIGNED_KEPT = 4096


class Ed25519CardTokens:
    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        """``keys``: (key id, 32-byte private seed), newest first."""
        if not keys:
            raise ValueError("at least one card signing key is needed")
        self._signing: dict[str, Ed25519PrivateKey] = {}
        for kid, seed in keys:
            if not _KID.match(kid) or len(seed) != 32:
                raise ValueError("card keys are kid:<32-byte seed>; kid [A-Za-z0-9_-]{1,16}")
            if kid in self._signing:
                raise ValueError(f"card key id {kid!r} listed twice")
            self._signing[kid] = Ed25519PrivateKey.from_private_bytes(seed)
        self._current = keys[0][0]
        self._signed: dict[tuple[bytes, bytes], str] = {}
        self._keeping = threading.Lock()
        self._verifying: dict[str, Ed25519PublicKey] = {
            kid: key.public_key() for kid, key in self._signing.items()
        }

    @property
    def current_key_id(self) -> str:
        return self._current

    @staticmethod
    def _signed_part(domain: bytes, kid: str, claims_b64: str) -> bytes:
        return domain + kid.encode() + b"." + claims_b64.encode()

    def _sign(self, domain: bytes, payload: bytes) -> str:
        # Ed25519 is deterministic: the card page shows the same token at every view, so the
        # last few thousand are kept instead of signed again (the tokens are public).
        token = self._signed.get((domain, payload))
        if token is None:
            token = self._sign_now(domain, payload)
            with self._keeping:  # worker threads sign too
                self._signed[(domain, payload)] = token
                if len(self._signed) > SIGNED_KEPT:
                    del self._signed[next(iter(self._signed))]
        return token

    def _sign_now(self, domain: bytes, payload: bytes) -> str:
        claims_b64 = _b64encode(payload)
        signed = self._signed_part(domain, self._current, claims_b64)
        signature = self._signing[self._current].sign(signed)
        return f"{self._current}.{claims_b64}.{_b64encode(signature)}"

    def _verify(self, domain: bytes, token: str) -> bytes:
        if len(token) > MAX_TOKEN_LENGTH:
            raise ValueError("token too long")
        parts = token.split(".")
        if len(parts) != 3:
            raise ValueError("malformed token")
        kid, claims_b64, signature_b64 = parts
        key = self._verifying.get(kid)
        if key is None:
            raise ValueError("unknown key")
        signature = _b64decode(signature_b64)
        if len(signature) != SIGNATURE_BYTES or _b64encode(signature) != signature_b64:
            raise ValueError("bad signature encoding")
        try:
            key.verify(signature, self._signed_part(domain, kid, claims_b64))
        except InvalidSignature as exc:
            raise ValueError("bad signature") from exc
        # Only a canonical encoding is accepted (one token per card, no malleable padding).
        raw = _b64decode(claims_b64)
        if _b64encode(raw) != claims_b64:
            raise ValueError("non-canonical claims")
        return raw

    def sign(self, claims: CardClaims) -> str:
        return self._sign(_DOMAIN, claims.encode())

    def verify(self, token: str) -> CardClaims:
        return CardClaims.decode(self._verify(_DOMAIN, token))

    def sign_document(self, claims: DocumentClaims) -> str:
        return self._sign(_DOCUMENT_DOMAIN, claims.encode())

    def verify_document(self, token: str) -> DocumentClaims:
        return DocumentClaims.decode(self._verify(_DOCUMENT_DOMAIN, token))

    def sign_letter(self, payload: bytes) -> str:
        return self._sign(_LETTER_DOMAIN, payload)

    def verify_letter(self, token: str) -> bytes:
        return self._verify(_LETTER_DOMAIN, token)
