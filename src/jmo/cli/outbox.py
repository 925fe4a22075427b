"""`jmo outbox`: print the notices; `send` delivers what is due; `worker` keeps delivering."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

app = typer.Typer(help="The notice outbox (email and SMS).")


@app.callback(invoke_without_command=True)
def outbox(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many notices to print")] = 20,
) -> None:
    """Print the latest notices (what was or will be sent by email and SMS)."""
    if ctx.invoked_subcommand is None:
        print_outbox(limit)


@app.command("list")
def list_notices(limit: int = 20) -> None:
    """Print the latest notices."""
    print_outbox(limit)


def print_outbox(limit: int) -> None:
    from jmo.cli.runtime import cli_runtime, cli_settings
    from jmo.usecases.notifications.views import outbox_overview

    settings = cli_settings()
    # Texts only where the outbox is the dev mailbox; in production this lists what was
    # sent and what is waiting, not what it said. Links and codes (while held) only in
    # development; elsewhere their placeholders.
    show_texts = settings.environment != "production"
    reveal = settings.environment == "development"
    with cli_runtime(settings) as runtime:
        overview = outbox_overview(runtime.services.uow(), limit=limit, reveal_secrets=reveal)
    counts = overview.counts
    typer.echo(
        f"{counts['total']} notices: {counts['sent']} sent, {counts['pending']} waiting, "
        f"{counts['failed']} failed"
    )
    if not overview.notices:
        typer.echo("outbox is empty")
    for n in overview.notices:
        if n.sent_at:
            state = f"sent {n.sent_at:%Y-%m-%d %H:%M} via {n.delivered_via}"
        elif n.failed_at:
            state = f"failed after {n.attempts} attempts: {n.last_error}"
        elif n.attempts:
            state = (
                f"retry at {n.next_attempt_at:%Y-%m-%d %H:%M} ({n.attempts} failed: {n.last_error})"
            )
        else:
            state = "queued"
        typer.secho(
            f"{n.created_at:%Y-%m-%d %H:%M:%S} UTC  {n.channel.value}  to {n.recipient}  [{state}]",
            bold=True,
        )
        typer.echo(f"  {n.subject}\n  {n.body}\n" if show_texts else f"  {n.kind}\n")


@app.command()
def send(limit: Annotated[int, typer.Option(help="At most this many notices")] = 500) -> None:
    """Deliver every notice that is due now, once, and exit (cron-friendly)."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.notifications.dispatch import dispatch_due

    with cli_runtime() as runtime:
        svc = runtime.services
        report = dispatch_due(svc.uow, svc.delivery, clock=svc.clock, limit=limit)
    typer.echo(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}")


@app.command()
def worker(
    interval: Annotated[float, typer.Option(help="Seconds to wait when nothing is due")] = 5.0,
) -> None:
    """Keep delivering until stopped (SIGTERM or Ctrl-C finish the notice in hand first).
    Several workers may run at once: each notice is locked while it is sent."""
    from jmo.cli.runtime import cli_runtime
    from jmo.usecases.notifications.dispatch import dispatch_due

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with cli_runtime() as runtime:
        svc = runtime.services
        typer.echo("outbox worker started")
        while not stop.is_set():
            report = dispatch_due(svc.uow, svc.delivery, clock=svc.clock, limit=100)
            if report.attempted:
                typer.echo(f"sent {report.sent}, to retry {report.retried}, failed {report.failed}")
            if report.attempted < 100:
                stop.wait(interval)
    typer.echo("outbox worker stopped")
