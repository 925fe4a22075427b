"""Field-level encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

Each stored value carries the id of the key that wrote it (``kid.nonce.ciphertext``), so
keys rotate without downtime: new writes use the first key, reads use whichever key the
value names, and a re-encryption job moves old values forward. Lookups by NIK use the
blind index, never the clear value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12


class FieldCipher:
    def __init__(self, keys: list[tuple[str, bytes]], blind_index_key: bytes) -> None:
        if not keys:
            raise ValueError("at least one field key is needed")
        for kid, key in keys:
            if "." in kid or len(key) != 32:
                raise ValueError("field keys are 32 bytes with a kid without dots")
        self._write_kid = keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in keys}
        self._index_key = blind_index_key

    @property
    def current_key_id(self) -> str:
        return self._write_kid

    def encrypt_bytes(self, plaintext: bytes, *, context: str) -> bytes:
        """``context`` (e.g. the column name) is authenticated: a value copied into
        another column does not decrypt."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._keys[self._write_kid].encrypt(nonce, plaintext, context.encode())
        return self._write_kid.encode() + b"." + nonce + sealed

    def decrypt_bytes(self, token: bytes, *, context: str) -> bytes:
        kid, _, rest = token.partition(b".")
        key = self._keys.get(kid.decode())
        if key is None:
            raise KeyError(f"no field key with id {kid.decode()!r}")
        nonce, sealed = rest[:_NONCE_BYTES], rest[_NONCE_BYTES:]
        return key.decrypt(nonce, sealed, context.encode())

    def encrypt(self, plaintext: str | None, *, context: str) -> str | None:
        if plaintext is None:
            return None
        sealed = self.encrypt_bytes(plaintext.encode(), context=context)
        kid, _, rest = sealed.partition(b".")
        return kid.decode() + "." + base64.urlsafe_b64encode(rest).decode()

    def decrypt(self, token: str | None, *, context: str) -> str | None:
        if token is None:
            return None
        kid, _, b64 = token.partition(".")
        raw = kid.encode() + b"." + base64.urlsafe_b64decode(b64)
        return self.decrypt_bytes(raw, context=context).decode()

    @staticmethod
    def key_id_of(token: str | bytes) -> str:
        if isinstance(token, bytes):
            return token.partition(b".")[0].decode()
        return token.partition(".")[0]

    def blind_index(self, value: str, *, context: str) -> str:
        normalised = unicodedata.normalize("NFKC", value).strip().upper()
        mac = hmac.new(self._index_key, f"{context}:{normalised}".encode(), hashlib.sha256)
        return mac.hexdigest()
