"""The file store: complaint attachments on a local disk, outside the web root, under
random names, encrypted with the field cipher (AES-256-GCM; the storage key is the
associated data, so a file moved to another name does not decrypt).

Production can put ``files_dir`` on a mounted volume shared by the web workers; an object
store would implement the same three methods.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from jmo.storage.crypto import FieldCipher

_KEY = re.compile(r"^[A-Za-z0-9_-]{32}$")


class LocalEncryptedFileStore:
    def __init__(self, root: Path, cipher: FieldCipher) -> None:
        self._root = root
        self._cipher = cipher

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):  # never a path from outside: keys are ours, 32 url-safe chars
            raise KeyError("not a file key")
        return self._root / key[:2] / key

    @staticmethod
    def _context(key: str) -> str:
        return f"files:{key}"

    def put(self, data: bytes) -> str:
        key = secrets.token_urlsafe(24)  # 32 characters, 192 random bits
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        sealed = self._cipher.encrypt_bytes(data, context=self._context(key))
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(sealed)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # readers never see half a file
        return key

    def get(self, key: str) -> bytes:
        sealed = self._path(key).read_bytes()
        return self._cipher.decrypt_bytes(sealed, context=self._context(key))

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
