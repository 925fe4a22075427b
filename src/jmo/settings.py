"""Configuration: one typed object, read once from the environment (prefix ``JMO_``).

Only the composition root (``bootstrap``), ``app`` and ``cli`` import this module; everything
else receives the values it needs as arguments. Outside development, secrets must be set
explicitly; in development they are generated once into ``<data_dir>/dev-secrets.json``
so that `make run` works on a fresh clone and restarts keep sessions and encrypted data.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

_DEV_SECRET_NAMES = ("secret_key", "field_keys", "blind_index_key")


def _new_aes_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JMO_", extra="ignore")

    environment: Environment = "development"
    data_dir: Path = Path("var")

    # --- database ---
    # Default: an embedded SQLite file under data_dir. Production: PostgreSQL, e.g.
    # postgresql+psycopg://jmo@db.internal/jmo
    database_url: str = ""
    database_echo: bool = False

    # --- security ---
    secret_key: SecretStr = SecretStr("")
    # Field encryption keys, newest first: "kid1:<urlsafe-b64 32 bytes>,kid0:<...>".
    # Values are written with the first key and read with whichever key id they carry.
    field_keys: SecretStr = SecretStr("")
    blind_index_key: SecretStr = SecretStr("")
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    cookie_secure: bool | None = None  # default: True outside development
    login_max_failures: int = 5
    login_lock_minutes: int = 15

    # --- biometrics ---
    # Euclidean distance between dlib 128-d descriptors. Calibrated on the dev pairs
    # (docs/biometrics.md): accept at or below, reject above; in between an officer reviews.
    face_accept_below: float = 0.55
    face_reject_above: float = 0.62
    face_workers: int = 1
    face_max_upload_bytes: int = 8 * 1024 * 1024
    face_max_failed_attempts: int = 3
    face_attempt_window_hours: int = 24

    # --- pengkinian ---
    terms_version: str = "2026-11-01"

    # --- JHT and claims ---
    # The yearly yield table (hasil pengembangan); unset: the file shipped in the package.
    jht_yields_file: Path | None = None
    # JMO's self-service limit for JHT claims (domain-rules.md §3: Rp15M since May 2025).
    claim_self_service_limit: int = 15_000_000

    # --- i18n ---
    default_locale: Literal["id", "en"] = "id"

    # --- notices ---
    smtp_host: str = ""
    smtp_port: int = 25
    mail_from: str = "noreply@jmo.local"

    redis_url: str = ""

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'jmo.db').as_posix()}"
        if self.cookie_secure is None:
            self.cookie_secure = self.environment == "production"
        missing = [n for n in _DEV_SECRET_NAMES if not getattr(self, n).get_secret_value()]
        if missing:
            if self.environment == "production":
                raise ValueError(
                    "set JMO_" + ", JMO_".join(m.upper() for m in missing) + " in production"
                )
            generated = _load_or_create_dev_secrets(self.data_dir)
            for name in missing:
                setattr(self, name, SecretStr(generated[name]))
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def parsed_field_keys(self) -> list[tuple[str, bytes]]:
        keys: list[tuple[str, bytes]] = []
        for part in self.field_keys.get_secret_value().split(","):
            kid, _, b64 = part.strip().partition(":")
            raw = base64.urlsafe_b64decode(b64)
            if not kid or len(raw) != 32:
                raise ValueError("JMO_FIELD_KEYS entries are kid:<32 bytes, urlsafe base64>")
            keys.append((kid, raw))
        return keys


def _load_or_create_dev_secrets(data_dir: Path) -> dict[str, str]:
    path = data_dir / "dev-secrets.json"
    if path.exists():
        loaded: dict[str, str] = json.loads(path.read_text())
        return loaded
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {
        "secret_key": secrets.token_urlsafe(32),
        "field_keys": f"dev1:{_new_aes_key()}",
        "blind_index_key": _new_aes_key(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(generated, fh)
    return generated


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]


__all__ = ["Environment", "Settings", "load_settings"]
