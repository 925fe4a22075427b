"""Printing records for operators: a participant's history (the outbox: jmo.cli.outbox)."""

from __future__ import annotations

import typer

from jmo.cli.runtime import cli_runtime
from jmo.domain.participant import mask_for_staff
from jmo.domain.time import to_local
from jmo.usecases.participants.history import participant_history
from jmo.usecases.system import operator_actor


def _mask(field: str, value: str | None) -> str:
    """Sensitive values are shown masked even to operators at the console."""
    return mask_for_staff(field, value) or "-"


def print_history(kpj: str) -> None:
    with cli_runtime() as runtime:
        svc = runtime.services
        found = participant_history(svc.uow(), operator_actor(), kpj=kpj, now=svc.clock.now())
    p = found.participant
    typer.secho(f"{p.identity.full_name}  KPJ {p.identity.kpj}  version {p.version}", bold=True)
    completed = to_local(p.pengkinian_completed_at) if p.pengkinian_completed_at else None
    typer.echo(
        f"data current: {'yes, ' + format(completed, '%Y-%m-%d %H:%M %Z') if completed else 'no'}"
    )
    typer.secho("\nversions", bold=True)
    for v in found.versions:
        typer.echo(
            f"  v{v.version}  {to_local(v.recorded_at):%Y-%m-%d %H:%M %Z}  change request {v.change_request_id or '-'}"
        )
    typer.secho("\nchange requests", bold=True)
    for r in found.change_requests:
        typer.echo(
            f"  {r.id}  {r.kind.value}  {r.channel.value}  {r.status.value}  "
            f"{to_local(r.submitted_at):%Y-%m-%d %H:%M %Z}"
        )
        if r.consent:
            typer.echo(
                f"    consent: {r.consent.purpose} v{r.consent.terms_version} at {r.consent.accepted_at:%Y-%m-%d %H:%M UTC}"
            )
        if r.biometric:
            distance = f"{r.biometric.distance:.3f}" if r.biometric.distance is not None else "-"
            typer.echo(
                f"    biometric: {r.biometric.decision} distance {distance} ({r.biometric.model})"
            )
        for c in r.changes:
            typer.echo(f"    {c.field}: {_mask(c.field, c.old)} -> {_mask(c.field, c.new)}")
        if r.reported_fields:
            typer.echo(
                f"    reported wrong: {', '.join(r.reported_fields)}; documents: {', '.join(d.value for d in r.documents_required)}"
            )
    typer.secho("\naudit", bold=True)
    for e in found.audit:
        typer.echo(
            f"  {to_local(e.at):%Y-%m-%d %H:%M:%S %Z}  {e.action}  by {e.actor_role or 'system'} via {e.channel}  {e.details or ''}"
        )
