"""`jmo claim` (staff moves on claims, with the role checked in the use cases) and
`jmo jht post` (posting the contribution ledger, idempotently)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from jmo.domain.claims.model import BranchStep, Claim, ClaimStatus, RejectionReason
from jmo.domain.errors import DomainError

app = typer.Typer(no_args_is_help=True, help="Claims (JHT, JKM, JKK, JP): list, show, move.")
jht_app = typer.Typer(no_args_is_help=True, help="The JHT contribution ledger.")

AsOfficer = Annotated[
    str, typer.Option("--as", help="Email of the officer account doing this (role checked)")
]


def _fail(error: DomainError) -> None:
    from jmo.i18n import error_message

    typer.secho(
        f"{error.code}: {error_message('en', error.code, error.params)}", fg="red", err=True
    )
    raise typer.Exit(1)


def _queue_line(claim: Claim) -> str:
    """A line of the work queue: what and where, not whose (opening a claim is recorded)."""
    from jmo.domain.time import to_local

    return (
        f"{claim.number}  {claim.status.value:<9} {claim.reason.value:<26} {claim.route.value:<6} "
        f"submitted {to_local(claim.submitted_at):%Y-%m-%d}"
    )


def _show(claim: Claim, payout_hold_until: datetime | None = None) -> None:
    from jmo.domain.identifiers.bank import mask_bank_account
    from jmo.domain.time import to_local

    b = claim.benefit
    typer.secho(
        f"{claim.number}  {claim.status.value}  {claim.reason.value}  route {claim.route.value}  "
        f"KPJ {claim.member_kpj}",
        bold=True,
    )
    typer.echo(f"  gross {b.gross:>13,}  tax {b.tax:>11,}  net {b.net:>13,}".replace(",", "."))
    # the full account only while the claim waits for payment (the transfer needs it)
    account = (
        claim.bank_account if claim.payout_account_needed else mask_bank_account(claim.bank_account)
    )
    typer.echo(f"  bank {claim.bank_code} {account} ({claim.bank_account_holder})")
    if payout_hold_until is not None:
        # said now, not on payment day (issue 9 item 2)
        typer.secho(
            "  payout hold: the bank account, phone or email changed recently "
            "(docs/policy.md); no payment before "
            f"{to_local(payout_hold_until):%Y-%m-%d %H:%M %Z}",
            fg="yellow",
        )
    typer.echo(f"  submitted {to_local(claim.submitted_at):%Y-%m-%d %H:%M %Z}")
    if claim.route_reason:
        typer.echo(f"  route: {claim.route.value} ({claim.route_reason})")
    if claim.filed_by_heir:
        typer.echo(f"  filed by an heir ({claim.heir_relationship}); event date {claim.event_date}")
    for line in claim.benefit.lines:
        typer.echo(f"  {line.code:<24} {line.amount:>15,}".replace(",", "."))
    typer.echo(
        f"  NPWP status {claim.benefit.npwp_status}; payment {claim.benefit.payment_mode.value}"
    )
    typer.echo("  documents: " + ", ".join(d.document_type for d in claim.documents))
    for visit in claim.branch_visits:
        typer.echo(
            f"  {to_local(visit.at):%Y-%m-%d %H:%M %Z}  branch step {visit.step.value} "
            f"at {visit.branch_code}  {visit.note}"
        )
    for event in claim.events:
        extra = " ".join(
            part
            for part in (
                event.reason or "",
                event.note,
                f"ref {event.payment_reference}" if event.payment_reference else "",
            )
            if part
        )
        typer.echo(
            f"  {to_local(event.at):%Y-%m-%d %H:%M %Z}  {event.status.value:<9} "
            f"by {event.actor_role or '-'}  {extra}"
        )


@app.command("list")
def list_command(
    officer: AsOfficer,
    status: Annotated[ClaimStatus | None, typer.Option(help="Only this status")] = None,
    limit: int = 50,
) -> None:
    """The work queue, oldest first."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.claims.staff import list_claims, staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            actor = staff_actor(svc.uow(), officer)
            claims = list_claims(svc.uow(), actor, status=status, limit=limit)
        except DomainError as exc:
            _fail(exc)
            return
    if not claims:
        typer.echo("no claims")
    for claim in claims:
        typer.echo(_queue_line(claim))


@app.command("show")
def show_command(number: str, officer: AsOfficer) -> None:
    """One claim with its amounts, documents and timeline (recorded in the participant's
    access log)."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.claims.staff import claim_payout_hold, find_claim, staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            actor = staff_actor(svc.uow(), officer)
            claim = find_claim(svc.uow(), actor, number, now=svc.clock.now())
            hold = claim_payout_hold(
                svc.uow(), actor, claim, benefits=svc.benefits, now=svc.clock.now()
            )
        except DomainError as exc:
            _fail(exc)
            return
    _show(claim, hold)


def _move(
    number: str,
    officer: str,
    to: ClaimStatus,
    *,
    note: str = "",
    reason: RejectionReason | None = None,
    payment_reference: str = "",
) -> None:
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.claims import staff

    with cli_runtime() as runtime:
        svc = runtime.services
        now = svc.clock.now()
        try:
            actor = staff.staff_actor(svc.uow(), officer)
            claim_id = staff.claim_id_by_number(svc.uow(), actor, number)
            if to is ClaimStatus.VERIFIED:
                claim = staff.verify_claim(
                    svc.uow(), actor, claim_id, notices=svc.notices, now=now, note=note
                )
            elif to is ClaimStatus.APPROVED:
                claim = staff.approve_claim(
                    svc.uow(),
                    actor,
                    claim_id,
                    benefits=svc.benefits,
                    notices=svc.notices,
                    now=now,
                    note=note,
                )
            elif to is ClaimStatus.REJECTED:
                assert reason is not None
                claim = staff.reject_claim(
                    svc.uow(),
                    actor,
                    claim_id,
                    reason=reason,
                    notices=svc.notices,
                    now=now,
                    note=note,
                )
            else:
                claim = staff.pay_claim(
                    svc.uow(),
                    actor,
                    claim_id,
                    benefits=svc.benefits,
                    notices=svc.notices,
                    now=now,
                    payment_reference=payment_reference,
                )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"{claim.number} is now {claim.status.value}")


@app.command("verify")
def verify_command(number: str, officer: AsOfficer, note: str = "") -> None:
    """The documents are complete and authentic."""
    _move(number, officer, ClaimStatus.VERIFIED, note=note)


@app.command("approve")
def approve_command(number: str, officer: AsOfficer, note: str = "") -> None:
    _move(number, officer, ClaimStatus.APPROVED, note=note)


@app.command("reject")
def reject_command(
    number: str,
    officer: AsOfficer,
    reason: Annotated[RejectionReason, typer.Option(help="Why (shown to the participant)")],
    note: str = "",
) -> None:
    _move(number, officer, ClaimStatus.REJECTED, reason=reason, note=note)


@app.command("pay")
def pay_command(number: str, officer: AsOfficer, reference: str = "") -> None:
    """Paid to the claim's bank account (JHT and JP lump sums leave the ledger)."""
    _move(number, officer, ClaimStatus.PAID, payment_reference=reference)


@app.command("branch-step")
def branch_step_command(
    number: str,
    officer: AsOfficer,
    step: Annotated[BranchStep, typer.Option(help="What happened at the branch office")],
    note: str = "",
) -> None:
    """Record the branch step (original documents seen, appointment done): a claim routed
    to a branch is paid only after one. The officer's branch is recorded with it."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.claims.branch import record_branch_step
    from jmo.usecases.claims.staff import claim_id_by_number, staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            actor = staff_actor(svc.uow(), officer)
            claim = record_branch_step(
                svc.uow(),
                actor,
                claim_id_by_number(svc.uow(), actor, number),
                step=step.value,
                note=note,
                now=svc.clock.now(),
            )
        except DomainError as exc:
            _fail(exc)
            return
    visit = claim.branch_visits[-1]
    typer.echo(f"{claim.number}: {visit.step.value} at branch {visit.branch_code}")


@app.command("npwp-status")
def npwp_status_command(
    kpj: str,
    officer: AsOfficer,
    valid: Annotated[bool, typer.Option("--valid/--not-valid", help="DJP's answer")],
    source: str = "DJP",
) -> None:
    """Record whether DJP holds a participant's NIK as a valid NPWP (no 20% surcharge)."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.claims.staff import record_npwp_validation, staff_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            record_npwp_validation(
                svc.uow(),
                staff_actor(svc.uow(), officer),
                kpj=kpj,
                nik_valid=valid,
                source=source,
                now=svc.clock.now(),
            )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"NIK-as-NPWP of KPJ {kpj}: {'valid' if valid else 'not valid'}")


@jht_app.command("post")
def post_command(
    kpj: Annotated[str | None, typer.Option(help="Only this KPJ")] = None,
) -> None:
    """Post the missing months and yearly yields from employment and wage. Idempotent: a
    second run posts nothing."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.jht.posting import post_ledgers
    from jmo.usecases.system import operator_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        try:
            report = post_ledgers(
                svc.uow(),
                operator_actor(),
                yields=svc.benefits.yields,
                now=svc.clock.now(),
                kpj=kpj,
            )
        except DomainError as exc:
            _fail(exc)
            return
    typer.echo(f"ledger posted: {report.entries} entries for {report.participants} participants")


@jht_app.command("post-yields")
def post_yields_command(
    year: Annotated[int, typer.Option(help="The ended year to credit")],
) -> None:
    """Credit the year-end yield of YEAR to every KPJ at once (set-based, in the database),
    at the yield table's rate for the year. Run the years in order; a repeat credits
    nothing."""
    import time

    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.jht.posting import post_year_end_yields
    from jmo.usecases.system import operator_actor

    with cli_runtime() as runtime:
        svc = runtime.services
        started = time.perf_counter()
        try:
            report = post_year_end_yields(
                svc.uow(),
                operator_actor(),
                yields=svc.benefits.yields,
                year=year,
                now=svc.clock.now(),
            )
        except DomainError as exc:
            _fail(exc)
            return
        seconds = time.perf_counter() - started
    for program, pots in report.pots.items():
        amount = f"{report.rupiah[program]:,}".replace(",", ".")
        typer.echo(f"{program.value}: {pots} pots credited, Rp{amount}")
    typer.echo(f"year-end yield {year} posted in {seconds:.1f} s")
