"""Configuration: one typed object, read once from the environment (prefix ``JMO_``).

Only the composition root (``bootstrap``), ``app`` and ``cli`` import this module; everything
else receives the values it needs as arguments.

Safe by default (docs/decisions/safe-by-default.md): with ``JMO_ENVIRONMENT`` unset the
service is in production: it refuses to start without its secrets, the mail server and its
public address, cookies are ``Secure``, still-photo selfies are off and ``/dev/outbox``
does not exist. Development conveniences are asked for with ``JMO_ENVIRONMENT=development``
(what `make run` does): secrets are then generated once into ``<data_dir>/dev-secrets.json``
so that a fresh clone works and restarts keep sessions and encrypted data. The test suite
asks for ``test``.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from jmo.adapters.passwords import OWASP_MEMORY_KIB, OWASP_PARALLELISM, OWASP_TIME_COST
from jmo.domain.backoffice.appointments import DEFAULT_SLOT_CAPACITY
from jmo.domain.pengkinian.policy import BANK_HOLD

Environment = Literal["development", "test", "production"]

_DEV_SECRET_NAMES = ("secret_key", "field_keys", "blind_index_key", "card_signing_keys")


def _new_aes_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _new_card_key() -> str:
    # An Ed25519 private key is its 32-byte seed (RFC 8032).
    return f"card1:{_new_aes_key()}"


_DEV_SECRET_FACTORIES: dict[str, Callable[[], str]] = {
    "secret_key": lambda: secrets.token_urlsafe(32),
    "field_keys": lambda: f"dev1:{_new_aes_key()}",
    "blind_index_key": _new_aes_key,
    "card_signing_keys": _new_card_key,
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JMO_", extra="ignore")

    environment: Environment = "production"
    data_dir: Path = Path("var")

    # --- database ---
    # Default: an embedded SQLite file under data_dir. Production: PostgreSQL, e.g.
    # postgresql+psycopg://jmo@db.internal/jmo
    database_url: str = ""
    database_echo: bool = False
    # Connections per process (PostgreSQL): each request holds at most one for its whole
    # length, plus short ones for rate-limit counters when Redis is not set; default
    # 2 x web_threads (docs/deployment.md).
    database_pool_size: int | None = None
    # Test each pooled connection before use (one extra round trip per request). Off: a
    # connection broken by a database restart fails one request with a 503 and the pool
    # replaces every connection older than the failure (SQLAlchemy's pool invalidation).
    database_pre_ping: bool = False
    # The connections go through PgBouncer in transaction mode: a server connection may
    # change between transactions, so no server-side prepared statements (psycopg
    # prepares a query after 5 runs otherwise). docs/deployment.md.
    database_pgbouncer: bool = False
    # A PostgreSQL streaming replica for the hot reads (docs/deployment.md); empty: none.
    # A read goes there while the replica is at most replica_max_lag_seconds behind and
    # the session wrote nothing in the last replica_sticky_seconds (read-your-writes).
    database_replica_url: str = ""
    # The hot reads (Cek Saldo, home, card, claim and request lists) run in the event loop
    # on asyncpg instead of a worker thread, through the same use cases; anything they
    # would write goes the general way (docs/decisions/fast-read-lane.md). PostgreSQL only;
    # off while a replica is set (the replica's routing keeps its read-your-writes rule).
    database_fast_reads: bool = True
    # The lane's connections per process, beside the pool above: a read holds one only for
    # its few statements, so a handful serves a whole core (docs/deployment.md).
    database_fast_reads_connections: int = Field(default=8, ge=1, le=100)
    replica_max_lag_seconds: float = 5.0
    replica_sticky_seconds: float = 10.0

    # --- web ---
    # Worker threads per process that run the use cases (blocking database and file work).
    web_threads: int = 16

    # --- security ---
    # argon2id cost (OWASP Password Storage Cheat Sheet; docs/security.md) and how many
    # hashes a process runs at once (default: its cores). Raising the cost later rehashes
    # each password at its owner's next login.
    password_hash_time_cost: int = OWASP_TIME_COST
    password_hash_memory_kib: int = OWASP_MEMORY_KIB
    password_hash_parallelism: int = OWASP_PARALLELISM
    password_hash_workers: int | None = None
    secret_key: SecretStr = SecretStr("")
    # Field encryption keys, newest first: "kid1:<urlsafe-b64 32 bytes>,kid0:<...>".
    # Values are written with the first key and read with whichever key id they carry.
    field_keys: SecretStr = SecretStr("")
    blind_index_key: SecretStr = SecretStr("")
    session_idle_minutes: int = 60
    # Staff (back office) sessions end sooner when idle: a counter PC left unattended.
    staff_session_idle_minutes: int = 15
    session_absolute_hours: int = 12
    cookie_secure: bool | None = None  # default: True outside development
    login_max_failures: int = 5
    login_lock_minutes: int = 15  # doubles with each repeat lock within a day, at most 24 h
    login_window_minutes: int = 15
    login_ip_limit: int = 30  # failed logins per client address per window, any account
    # A browser or app that logged in is a known device this long (its own failure budget).
    known_device_days: int = 180
    # Scans of the public card verification page per client address per minute.
    card_verify_ip_limit: int = 60
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: addresses or
    # CIDR networks, comma-separated. Default none: the client is the TCP peer.
    trusted_proxies: str = ""

    # --- biometrics ---
    # Euclidean distance between dlib 128-d descriptors. Calibrated on the dev pairs
    # (docs/biometrics.md): accept at or below, reject above; in between an officer reviews.
    face_accept_below: float = 0.55
    face_reject_above: float = 0.62
    face_workers: int = 1
    face_max_upload_bytes: int = 8 * 1024 * 1024
    # Face checks per person in the window, whatever the result (pass, review, fail); then
    # a branch office. Was face_max_failed_attempts, which counted failures only (issue 8).
    face_max_attempts: int = 3
    face_attempt_window_hours: int = 24
    # Step 6 by an uploaded still photo (no liveness): default on only in development/test.
    face_still_photo_allowed: bool | None = None

    # Days a new payout bank account waits before a claim may pay to it (default: the
    # field policy's, docs/policy.md).
    bank_cooling_off_days: int = BANK_HOLD.days

    # --- retention (days), `jmo retention run` ---
    retention_biometric_attempts_days: int = 730
    retention_seen_frames_days: int = 90
    retention_ended_sessions_days: int = 30
    retention_abandoned_draft_days: int = 90

    # --- pengkinian ---
    terms_version: str = "2026-11-01"

    # --- JHT and claims ---
    # The yearly yield table (hasil pengembangan); unset: the file shipped in the package.
    jht_yields_file: Path | None = None
    # JMO's self-service limit for JHT claims (docs/domain-rules.md §3: Rp15M since May 2025).
    claim_self_service_limit: int = 15_000_000
    # Four eyes on claims: above this gross the person who verified never approves.
    claim_four_eyes_above: int = Field(default=15_000_000, ge=0)
    # People per branch office and appointment slot (docs/back-office.md, "Appointments").
    appointment_slot_capacity: int = Field(default=DEFAULT_SLOT_CAPACITY, ge=1, le=100)

    # --- i18n ---
    default_locale: Literal["id", "en"] = "id"

    # --- notices (docs/notifications.md) ---
    # email: "smtp" sends through smtp_host; "outbox" leaves it in the dev outbox (refused
    # in production). Default: smtp when smtp_host is set, else outbox outside production.
    email_backend: Literal["smtp", "outbox"] | None = None
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "noreply@jmo.local"
    # sms: "http" posts to sms_gateway_url; "outbox" as above; "none" keeps SMS pending
    # (never a fake success). Default: http when the URL is set, else outbox outside
    # production and none in production.
    sms_backend: Literal["http", "outbox", "none"] | None = None
    sms_gateway_url: str = ""
    sms_gateway_token: SecretStr = SecretStr("")
    sms_sender_id: str = "JMO"
    sms_timeout_seconds: float = 10.0
    outbox_max_attempts: int = 8
    outbox_retry_base_seconds: int = 60
    outbox_retry_max_seconds: int = 6 * 3600

    # --- Kartu Digital ---
    # Ed25519 signing keys for the card's QR token, newest first:
    # "kid:<urlsafe-b64 32-byte seed>,...". New cards are signed with the first; every key
    # listed still verifies, so rotate by prepending a key and retire by removing one.
    card_signing_keys: SecretStr = SecretStr("")
    # The public address of this service: links in emails (unlock, password reset) and the
    # card QR code's verification link.
    public_url: str = "http://127.0.0.1:8000"

    # --- Pengaduan attachments ---
    files_dir: Path | None = None  # default: <data_dir>/files (outside the web root)
    attachment_max_bytes: int = 5 * 1024 * 1024
    attachment_max_files: int = 3
    attachment_max_pixels: int = 25_000_000

    # Rate-limit counters live in Redis when set (many web workers), else in the database.
    redis_url: str = ""

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'jmo.db').as_posix()}"
        if self.database_pool_size is None:
            self.database_pool_size = 2 * self.web_threads
        if self.cookie_secure is None:
            self.cookie_secure = self.environment == "production"
        if self.face_still_photo_allowed is None:
            self.face_still_photo_allowed = self.environment != "production"
        if self.files_dir is None:
            self.files_dir = self.data_dir / "files"
        self.trusted_proxy_networks()  # a typo fails at start, not as a silent "trust none"
        self._resolve_delivery()
        production = self.environment == "production"
        missing = [n for n in _DEV_SECRET_NAMES if not getattr(self, n).get_secret_value()]
        if production:
            unset = [f"JMO_{name.upper()}" for name in missing]
            if self.email_backend == "smtp" and not self.smtp_host:
                unset.append("JMO_SMTP_HOST")
            if self.public_url.startswith("http://127.0.0.1"):
                unset.append("JMO_PUBLIC_URL")  # the card's QR code and email links use it
            if unset:
                raise ValueError(
                    "JMO_ENVIRONMENT is production (the default when it is not set) and these "
                    f"are not set: {', '.join(unset)}. Set them (README, Configuration), or "
                    "ask for the development conveniences with JMO_ENVIRONMENT=development "
                    "(what `make run` does)."
                )
        elif missing:
            generated = _load_or_create_dev_secrets(self.data_dir)
            for name in missing:
                setattr(self, name, SecretStr(generated[name]))
        self._check_delivery()
        self._check_replica()
        return self

    def _check_replica(self) -> None:
        if not self.database_replica_url:
            return
        if self.is_sqlite or not self.database_replica_url.startswith("postgresql"):
            raise ValueError(
                "JMO_DATABASE_REPLICA_URL is a PostgreSQL replica of a PostgreSQL JMO_DATABASE_URL"
            )
        # after the sticky window the replica must hold the write (lag + one check apart)
        if self.replica_sticky_seconds <= self.replica_max_lag_seconds + 1:
            raise ValueError(
                "JMO_REPLICA_STICKY_SECONDS must exceed JMO_REPLICA_MAX_LAG_SECONDS + 1 "
                "(read-your-writes, docs/deployment.md)"
            )

    def _resolve_delivery(self) -> None:
        production = self.environment == "production"
        if self.email_backend is None:
            self.email_backend = "smtp" if self.smtp_host or production else "outbox"
        if self.sms_backend is None:
            if self.sms_gateway_url:
                self.sms_backend = "http"
            else:
                self.sms_backend = "none" if production else "outbox"

    def _check_delivery(self) -> None:
        if self.email_backend == "smtp" and not self.smtp_host:
            raise ValueError("set JMO_SMTP_HOST (or JMO_EMAIL_BACKEND=outbox outside production)")
        if self.sms_backend == "http" and not self.sms_gateway_url:
            raise ValueError("set JMO_SMS_GATEWAY_URL for JMO_SMS_BACKEND=http")
        if self.environment == "production" and "outbox" in (self.email_backend, self.sms_backend):
            raise ValueError("the dev outbox backend would fake delivery; not in production")

    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        networks = []
        for part in self.trusted_proxies.split(","):
            if part.strip():
                try:
                    networks.append(ipaddress.ip_network(part.strip(), strict=False))
                except ValueError as exc:
                    raise ValueError(
                        f"JMO_TRUSTED_PROXIES: {part.strip()!r} is not an address or network"
                    ) from exc
        return networks

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def parsed_card_keys(self) -> list[tuple[str, bytes]]:
        return _parse_keys(self.card_signing_keys, "JMO_CARD_SIGNING_KEYS")

    def parsed_field_keys(self) -> list[tuple[str, bytes]]:
        keys: list[tuple[str, bytes]] = []
        for part in self.field_keys.get_secret_value().split(","):
            kid, _, b64 = part.strip().partition(":")
            raw = base64.urlsafe_b64decode(b64)
            if not kid or len(raw) != 32:
                raise ValueError("JMO_FIELD_KEYS entries are kid:<32 bytes, urlsafe base64>")
            keys.append((kid, raw))
        return keys


def _parse_keys(value: SecretStr, variable: str) -> list[tuple[str, bytes]]:
    keys: list[tuple[str, bytes]] = []
    for part in value.get_secret_value().split(","):
        kid, _, b64 = part.strip().partition(":")
        raw = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        if not kid or len(raw) != 32:
            raise ValueError(f"{variable} entries are kid:<32 bytes, urlsafe base64>")
        keys.append((kid, raw))
    return keys


def _load_or_create_dev_secrets(data_dir: Path) -> dict[str, str]:
    path = data_dir / "dev-secrets.json"
    if path.exists():
        loaded: dict[str, str] = json.loads(path.read_text())
        added = [n for n in _DEV_SECRET_NAMES if n not in loaded]
        if added:  # a secrets file from before a new secret existed: add it, keep the rest
            loaded.update({n: _DEV_SECRET_FACTORIES[n]() for n in added})
            tmp = path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(loaded, fh)
            os.replace(tmp, path)
        return loaded
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {name: _DEV_SECRET_FACTORIES[name]() for name in _DEV_SECRET_NAMES}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(generated, fh)
    return generated


class ConfigurationError(Exception):
    """The environment does not describe a service that may start; the message says what
    to set."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        reasons = []
        for error in exc.errors():
            cause = error.get("ctx", {}).get("error")
            where = "".join(f"JMO_{str(part).upper()}: " for part in error["loc"][:1])
            reasons.append(str(cause) if cause else f"{where}{error['msg']}")
        raise ConfigurationError("; ".join(reasons)) from None


__all__ = ["ConfigurationError", "Environment", "Settings", "load_settings"]
