"""`jmo account unfreeze`: only an officer lifts a "Bukan saya" freeze, and only after the
person passed a face check with liveness since the freeze."""

from __future__ import annotations

from typer.testing import CliRunner

from jmo.cli.main import app
from jmo.usecases.accounts.freeze_face import freeze_face_photo
from jmo.usecases.accounts.not_me import freeze_from_app, freeze_status
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.services import Services
from tests.cast import actor_of, enrol_member, selfie
from tests.cli.test_claims_cli import cli_env  # noqa: F401 - the fixture
from tests.jht_cast import create_officer


def test_an_officer_lifts_the_freeze_from_the_command_line(
    cli_env: CliRunner,  # noqa: F811
    services: Services,
) -> None:
    member = enrol_member(services)
    freeze_from_app(
        services.uow(),
        services.notices,
        actor_of(services, member),
        client=Client("203.0.113.7", "pytest"),
        now=services.clock.now(),
    )
    create_officer(services, "petugas@test.jmo.id")
    args = ["account", "unfreeze", member.kpj, "--note", "KTP dicek di loket"]
    denied = cli_env.invoke(app, [*args, "--officer", member.email])
    assert denied.exit_code == 1 and "auth.staff_only" in denied.output
    assert freeze_status(services.uow(), member.participant.id) is not None
    no_face = cli_env.invoke(app, [*args, "--officer", "petugas@test.jmo.id"])
    assert no_face.exit_code == 1 and "freeze.face_required" in no_face.output
    passed = freeze_face_photo(
        services.uow(),
        actor_of(services, member),
        services.faces,
        selfie(member.face or "budi"),
        policy=services.policy,
        now=services.clock.now(),
    )
    assert passed.passed
    lifted = cli_env.invoke(app, [*args, "--officer", "petugas@test.jmo.id"])
    assert lifted.exit_code == 0, lifted.output
    assert freeze_status(services.uow(), member.participant.id) is None
    again = cli_env.invoke(app, [*args, "--officer", "petugas@test.jmo.id"])
    assert again.exit_code == 1 and "freeze.none" in again.output
