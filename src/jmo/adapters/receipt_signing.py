"""The receipt's code: the whole receipt, signed with the card's Ed25519 keys
(docs/decisions/request-ids-and-receipts.md).

Code: ``<kid>.<receipt>.<signature>`` (base64url without padding; the receipt is its
canonical encoding, deflated). The signed bytes start with a prefix of their own
(``jmo-receipt-v1.``), different from the card's, so a card signature is never a valid
receipt and a receipt signature never a valid card. Rotation is the card keys' rotation:
a receipt signed with a removed key no longer verifies (keep old keys while their receipts
matter, or re-download the receipt).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jmo.domain.requests.receipt import Receipt

MAX_CODE_LENGTH = 8000
MAX_RECEIPT_BYTES = 16_000
_DOMAIN = b"jmo-receipt-v1."
_B64 = re.compile(r"^[A-Za-z0-9_-]+$")
_SPACE = re.compile(r"\s+")
SIGNATURE_BYTES = 64


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    if not _B64.match(text):
        raise ValueError("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc
    if _encode(raw) != text:  # one spelling per code: no malleable padding bits
        raise ValueError("non-canonical base64")
    return raw


class Ed25519ReceiptSigner:
    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        """``keys``: (key id, 32-byte seed), newest first: the card keys."""
        if not keys:
            raise ValueError("at least one signing key is needed")
        self._signing = {kid: Ed25519PrivateKey.from_private_bytes(seed) for kid, seed in keys}
        self._verifying = {kid: key.public_key() for kid, key in self._signing.items()}
        self._current = keys[0][0]

    @staticmethod
    def _signed_part(kid: str, body: str) -> bytes:
        return _DOMAIN + kid.encode() + b"." + body.encode()

    def sign(self, receipt: Receipt) -> str:
        # level 9 and no header time: the same receipt always gives the same code
        body = _encode(zlib.compress(receipt.encode(), 9))
        signature = self._signing[self._current].sign(self._signed_part(self._current, body))
        return f"{self._current}.{body}.{_encode(signature)}"

    def verify(self, code: str) -> Receipt:
        code = _SPACE.sub("", code or "")  # printed codes are copied with line breaks
        if len(code) > MAX_CODE_LENGTH:
            raise ValueError("code too long")
        parts = code.split(".")
        if len(parts) != 3:
            raise ValueError("malformed code")
        kid, body, signature_text = parts
        key = self._verifying.get(kid)
        if key is None:
            raise ValueError("unknown key")
        signature = _decode(signature_text)
        if len(signature) != SIGNATURE_BYTES:
            raise ValueError("bad signature length")
        try:
            key.verify(signature, self._signed_part(kid, body))
        except InvalidSignature as exc:
            raise ValueError("bad signature") from exc
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(_decode(body), MAX_RECEIPT_BYTES)
        except zlib.error as exc:
            raise ValueError("bad receipt") from exc
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("receipt too large")
        return Receipt.decode(raw)
