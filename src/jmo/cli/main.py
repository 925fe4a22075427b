"""The ``jmo`` command."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from jmo.cli import biometrics, bulk_import, claims, outbox, policy, staff
from jmo.cli.runtime import cli_settings
from jmo.domain.accounts import Role
from jmo.domain.errors import DomainError

app = typer.Typer(no_args_is_help=True, help="JMO: participant self-service (Pengkinian Data).")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
participant_app = typer.Typer(no_args_is_help=True, help="Participants.")
account_app = typer.Typer(no_args_is_help=True, help="Accounts.")
audit_app = typer.Typer(no_args_is_help=True, help="The hash-chained audit log.")
keys_app = typer.Typer(no_args_is_help=True, help="Field encryption keys.")
retention_app = typer.Typer(no_args_is_help=True, help="Deleting what is no longer needed.")
api_app = typer.Typer(no_args_is_help=True, help="The JSON API's contract.")
app.add_typer(db_app, name="db")
app.add_typer(participant_app, name="participant")
app.add_typer(account_app, name="account")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(retention_app, name="retention")
app.add_typer(api_app, name="api")
app.add_typer(biometrics.app, name="biometrics")
app.add_typer(outbox.app, name="outbox")
app.add_typer(claims.app, name="claim")
app.add_typer(claims.jht_app, name="jht")
app.command("import")(bulk_import.import_command)
app.add_typer(staff.app, name="staff")
app.add_typer(policy.app, name="policy")


@app.callback()
def _root() -> None:
    """JMO command line. Configuration comes from JMO_* environment variables."""


def _fail(error: DomainError) -> None:
    from jmo.domain.errors import ValidationFailed
    from jmo.i18n import error_message

    problems = error.errors if isinstance(error, ValidationFailed) else ()
    typer.secho(
        f"{error.code}: {error_message('en', error.code, error.params)}", fg="red", err=True
    )
    for item in problems:  # each field named, as the page does next to it
        typer.secho(
            f"  {item.field}: {error_message('en', item.code, item.params)}", fg="red", err=True
        )
    raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the Alembic migrations (creates the SQLite file if needed)."""
    from jmo.bootstrap import engine_from
    from jmo.storage.migrate import upgrade

    settings = cli_settings()
    engine = engine_from(settings)
    upgrade(settings.database_url, revision, engine=engine)
    engine.dispose()
    typer.echo(f"database at {revision}: {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    """The URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}" if ":" in creds else url
    return url


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    reload: bool = False,
) -> None:
    """Serve the pages and the API (uvicorn)."""
    import uvicorn

    from jmo.cli.demo import print_demo_logins
    from jmo.cli.serving import serve_workers, tune_malloc

    settings = cli_settings()  # refused here, before uvicorn starts, with the reason
    tune_malloc()  # before the first worker forks or any thread starts
    if settings.environment == "development":
        print_demo_logins(settings, host, port)
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    # Every handler gets the redacting filter (access logs print the query string).
    config["filters"] = {"redact": {"()": "jmo.logging_setup.RedactingFilter"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    options: dict[str, Any] = {
        "app": "jmo.app:create_app_from_env",
        "log_config": config,
        "factory": True,
        # The app believes X-Forwarded-For only from JMO_TRUSTED_PROXIES (jmo.app);
        # uvicorn's own copy would believe any local client.
        "proxy_headers": False,
        "log_level": "info",
        # A line per request costs the hot reads about a tenth of their Python time
        # (issue 10); in production the proxy in front keeps the access log.
        "access_log": settings.environment != "production",
    }
    if reload:
        uvicorn.run(**options, host=host, port=port, reload=True)
        return
    serve_workers(options, host=host, port=port, workers=workers)


@app.command()
def demo(
    participants: Annotated[int, typer.Option(help="How many generated participants")] = 50,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data")] = 7,
    if_empty: Annotated[bool, typer.Option(help="Do nothing when participants exist")] = False,
) -> None:
    """Seed demo data: the named demo logins with reference photos, plus generated
    participants (deterministic)."""
    from jmo.cli.demo import seed_demo

    settings = cli_settings()
    if settings.environment == "production":
        typer.secho(
            "jmo demo creates logins with a published password: refused in production. "
            "For a local trial: JMO_ENVIRONMENT=development (what `make run` does).",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    try:
        seed_demo(settings, participants=participants, seed=seed, if_empty=if_empty)
    except DomainError as exc:
        _fail(exc)


@participant_app.command("enroll-photo")
def enroll_photo(kpj: str, file: Path) -> None:
    """Set the reference photo selfies are matched against."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.participants.enrol import enroll_reference_photo

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            face = enroll_reference_photo(
                svc.uow(),
                None,
                svc.faces,
                kpj=kpj,
                image=file.read_bytes(),
                source=f"cli:{file.name}",
                now=svc.clock.now(),
            )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"reference photo enrolled for KPJ {kpj} (model {face.model})")


@participant_app.command("history")
def history(kpj: str) -> None:
    """Print a participant's versions, change requests (with the field-level diff) and
    audit entries."""
    from jmo.cli.reports import print_history

    try:
        print_history(kpj)
    except DomainError as exc:
        _fail(exc)


@account_app.command("create")
def account_create(
    email: str,
    role: Annotated[
        Role, typer.Option(help="participant, officer, employer_hr, admin")
    ] = Role.PARTICIPANT,
    kpj: Annotated[
        str | None, typer.Option(help="The participant's KPJ (role participant)")
    ] = None,
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create a login."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.accounts.create import create_account

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            account = create_account(
                svc.uow(),
                svc.passwords,
                None,
                email=email,
                password=password,
                role=role,
                now=svc.clock.now(),
                kpj=kpj,
            )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"account {account.email} ({account.role.value}) created")


@account_app.command("unfreeze")
def account_unfreeze(
    kpj: str,
    officer: Annotated[str, typer.Option(help="The officer's login email")],
    note: Annotated[str, typer.Option(help="What was checked (the report, the contacts)")],
) -> None:
    """Lift a "Bukan saya" freeze after checking the report, once the person passed the
    face check with liveness in the app (refused before: freeze.face_required)."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.accounts.not_me import lift_freeze_for_kpj
    from jmo.usecases.claims.staff import staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            actor = staff_actor(svc.uow(), officer)
            freeze = lift_freeze_for_kpj(svc.uow(), actor, kpj, note=note, now=svc.clock.now())
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"freeze of {freeze.frozen_at:%Y-%m-%d %H:%M} UTC lifted for KPJ {kpj}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the whole chain; exit 1 and name the first bad entry if anything was edited,
    deleted, reordered or cut off."""
    from jmo.bootstrap import engine_from
    from jmo.storage.audit_chain import verify_audit_chain

    engine = engine_from(cli_settings())
    report = verify_audit_chain(engine)
    engine.dispose()
    if report.ok:
        typer.echo(f"audit chain intact: {report.entries} entries")
        return
    typer.secho(
        f"audit chain broken at entry {report.broken_at}: {report.reason} "
        f"({report.entries} entries verified before it)",
        fg="red",
        err=True,
    )
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    officer: Annotated[
        str,
        typer.Option("--as", help="Email of the auditor or supervisor (role and branch checked)"),
    ],
    export_format: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
    participant: Annotated[str, typer.Option(help="KPJ (11 digits) or NIK (16 digits)")] = "",
    staff: Annotated[str, typer.Option(help="A staff member's email")] = "",
    action: Annotated[str, typer.Option(help="One action, e.g. participant.viewed")] = "",
    since: Annotated[str, typer.Option(help="First day, YYYY-MM-DD (WIB), included")] = "",
    until: Annotated[str, typer.Option(help="Last day, YYYY-MM-DD (WIB), included")] = "",
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout")] = None,
) -> None:
    """The audit trail, newest first, as CSV or JSON: reads and writes, masked (no NIK or
    account number in clear). The export is itself recorded."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.backoffice.audit_trail import AuditSearch, export_audit, export_chunks
    from jmo.usecases.claims.staff import staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            actor = staff_actor(svc.uow(), officer)
            search = AuditSearch.typed(
                participant=participant,
                staff_email=staff,
                action=action,
                first_day=since,
                last_day=until,
            )
            lines = export_audit(
                svc.uow(), actor, search, export_format=export_format, now=svc.clock.now()
            )
        except DomainError as exc:
            _fail(exc)
            return
        if output is None:
            for chunk in export_chunks(lines, export_format):
                sys.stdout.write(chunk)
            sys.stdout.flush()
            return
        with output.open("w", encoding="utf-8", newline="") as fh:
            for chunk in export_chunks(lines, export_format):
                fh.write(chunk)
    typer.echo(f"audit export written to {output}", err=True)


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every sensitive value with the first key of JMO_FIELD_KEYS and recompute
    the NIK blind index; safe to run while serving, and to run again."""
    from jmo.bootstrap import engine_from, make_cipher
    from jmo.storage.key_rotation import count_old_values, rotate_keys
    from jmo.storage.schema import metadata

    settings = cli_settings()
    cipher = make_cipher(settings)
    engine = engine_from(settings)
    report = rotate_keys(engine, metadata, cipher)
    left = count_old_values(engine, metadata, cipher.current_key_id)
    engine.dispose()
    typer.echo(
        f"re-encrypted {report.total} values with key {cipher.current_key_id!r}: {report.rewritten}"
    )
    typer.echo(
        f"blind indexes recomputed: {report.reindexed}; values under older keys left: {left}"
    )
    if left:
        raise typer.Exit(1)


@keys_app.command("status")
def keys_status() -> None:
    """How many values are still under an older key."""
    from jmo.bootstrap import engine_from, make_cipher
    from jmo.storage.key_rotation import count_old_values
    from jmo.storage.schema import metadata

    settings = cli_settings()
    cipher = make_cipher(settings)
    engine = engine_from(settings)
    left = count_old_values(engine, metadata, cipher.current_key_id)
    engine.dispose()
    typer.echo(f"current key {cipher.current_key_id!r}; values under older keys: {left}")


@retention_app.command("run")
def retention_run() -> None:
    """Delete attempt logs, frame digests, ended sessions and tokens past their retention;
    close drafts left untouched for months and wipe what was typed in them."""
    from datetime import UTC, datetime

    from jmo.bootstrap import engine_from
    from jmo.storage.retention import RetentionPolicy, run_retention

    settings = cli_settings()
    engine = engine_from(settings)
    report = run_retention(
        engine,
        RetentionPolicy(
            biometric_attempts_days=settings.retention_biometric_attempts_days,
            seen_frames_days=settings.retention_seen_frames_days,
            ended_sessions_days=settings.retention_ended_sessions_days,
            abandoned_draft_days=settings.retention_abandoned_draft_days,
        ),
        now=datetime.now(UTC),
    )
    engine.dispose()
    typer.echo("\n".join(report.lines()))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


def api_document_offline() -> dict[str, Any]:
    """The OpenAPI document as the app serves it, with the default limits (no settings)."""
    from jmo import __version__
    from jmo.api import build_routes
    from jmo.api.contract.document import api_document

    return api_document(
        build_routes(),
        title="JMO API",
        version=__version__,
        description="Participant self-service: Pengkinian Data and the services it unlocks.",
    )


@api_app.command("docs")
def api_docs(
    path: Annotated[Path, typer.Option(help="The API guide to update")] = Path("docs/api.md"),
    check: Annotated[bool, typer.Option(help="Fail if the file is not up to date")] = False,
) -> None:
    """Write the generated sections of docs/api.md (operations, error codes per operation)."""
    from jmo.api.contract.markdown import updated

    text = path.read_text(encoding="utf-8")
    new = updated(text, api_document_offline())
    if check:
        if new != text:
            typer.echo(f"{path} is out of date: run `jmo api docs`", err=True)
            raise typer.Exit(1)
        return
    path.write_text(new, encoding="utf-8")
    typer.echo(f"wrote {path}")


@api_app.command("openapi")
def api_openapi() -> None:
    """Print the OpenAPI document (JSON)."""
    import json

    typer.echo(json.dumps(api_document_offline(), indent=2, sort_keys=False))
