"""`jmo staff`: back-office accounts (admins' work; the operator at the shell acts as an
admin of the head office)."""

from __future__ import annotations

from typing import Annotated

import typer

from jmo.domain.accounts import Role
from jmo.domain.errors import DomainError

app = typer.Typer(no_args_is_help=True, help="Back-office staff accounts (docs/back-office.md).")

STAFF_ROLE_NAMES = ("officer", "supervisor", "auditor", "admin")
EMPLOYER_ROLE = "employer_hr"  # HR of one company (/perusahaan), bound by --npp


def _fail(error: DomainError) -> None:
    from jmo.domain.errors import ValidationFailed
    from jmo.i18n import error_message

    typer.secho(
        f"{error.code}: {error_message('en', error.code, error.params)}", fg="red", err=True
    )
    for item in error.errors if isinstance(error, ValidationFailed) else ():
        message = error_message("en", item.code, item.params)
        typer.secho(f"  {item.field}: {item.code}: {message}", fg="red", err=True)
    raise typer.Exit(1)


@app.command("create")
def create_command(
    email: str,
    role: Annotated[str, typer.Option(help="officer, supervisor, auditor, admin or employer_hr")],
    branch: Annotated[
        str, typer.Option(help="Branch office code, e.g. SBY01 (KP00: head office)")
    ] = "",
    npp: Annotated[str, typer.Option(help="employer_hr: the company's NPP (8 digits)")] = "",
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Create a staff login bound to a branch office (--branch), or an employer HR login
    bound to one company (--role employer_hr --npp); the first sign-in at /petugas/masuk
    or /perusahaan/masuk enrols the authenticator app (QR code)."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.backoffice.staff_accounts import create_employer_user, create_staff
    from jmo.usecases.system import operator_actor

    if role not in (*STAFF_ROLE_NAMES, EMPLOYER_ROLE):
        names = ", ".join((*STAFF_ROLE_NAMES, EMPLOYER_ROLE))
        typer.secho(f"role must be one of {names}", fg="red", err=True)
        raise typer.Exit(2)
    if (role == EMPLOYER_ROLE) != bool(npp) or (role != EMPLOYER_ROLE) != bool(branch):
        typer.secho(
            "staff need --branch; employer_hr needs --npp (and no branch)", fg="red", err=True
        )
        raise typer.Exit(2)
    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            if role == EMPLOYER_ROLE:
                account = create_employer_user(
                    svc.uow(),
                    svc.passwords,
                    operator_actor(),
                    email=email,
                    password=password,
                    npp=npp,
                    now=svc.clock.now(),
                    is_common=svc.is_common_password,
                )
                typer.echo(f"created employer_hr {account.email} for NPP {account.employer_npp}")
                return
            account = create_staff(
                svc.uow(),
                svc.passwords,
                operator_actor(),
                email=email,
                password=password,
                role=Role(role),
                branch_code=branch,
                now=svc.clock.now(),
                is_common=svc.is_common_password,
            )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"created {account.role.value} {account.email} at {account.branch_code}")


@app.command("disable")
def disable_command(email: str) -> None:
    """Disable a staff login: sign-in refused, every session ended at once."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.backoffice.staff_accounts import disable_staff
    from jmo.usecases.system import operator_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            disable_staff(svc.uow(), operator_actor(), email=email, now=svc.clock.now())
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"disabled {email}")


@app.command("reset-2fa")
def reset_command(email: str) -> None:
    """Forget the authenticator and the recovery codes (lost phone): the next sign-in
    shows a new QR code."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.backoffice.staff_accounts import reset_two_factor
    from jmo.usecases.system import operator_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            reset_two_factor(svc.uow(), operator_actor(), email=email, now=svc.clock.now())
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"second factor reset for {email}: the next sign-in enrols a new one")


@app.command("totp")
def totp_command(email: str) -> None:
    """Development only: print the current sign-in code of a staff account (instead of
    an authenticator app)."""
    from jmo.cli.runtime import cli_runtime, cli_settings
    from jmo.usecases.backoffice.two_factor import development_code

    settings = cli_settings()
    if settings.environment != "development":
        typer.secho(
            "jmo staff totp works only with JMO_ENVIRONMENT=development", fg="red", err=True
        )
        raise typer.Exit(2)
    with cli_runtime(settings) as runtime:
        svc = runtime.services
        try:
            code = development_code(svc.uow(), email=email, now=svc.clock.now())
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(code)
