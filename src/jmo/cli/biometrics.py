"""``jmo biometrics``: evaluate the face matcher, check one photo, compare two photos.

Thresholds default to the calibrated values (docs/biometrics.md); the running service takes
its own from settings (``JMO_FACE_ACCEPT_BELOW`` / ``JMO_FACE_REJECT_ABOVE``).

The biometrics modules are imported inside the commands on purpose: they load dlib and the
TFLite runtime (~0.5 s, ~60 MB), which no other ``jmo`` command needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from jmo.biometrics import FaceEngine

app = typer.Typer(no_args_is_help=True, help="Face biometrics: evaluation and checks.")

# Calibrated on the dev pairs (docs/biometrics.md, "Threshold").
DEFAULT_ACCEPT_BELOW = 0.55
DEFAULT_REJECT_ABOVE = 0.62

AcceptOpt = Annotated[
    float, typer.Option(help="PASS at or below this distance (the configured threshold).")
]
RejectOpt = Annotated[float, typer.Option(help="FAIL above this distance; REVIEW in between.")]


def _engine(accept_below: float, reject_above: float) -> FaceEngine:
    from jmo.biometrics import FaceEngine

    return FaceEngine(accept_below=accept_below, reject_above=reject_above)


@app.command("eval")
def eval_pairs(
    pairs_csv: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    images_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    accept_below: AcceptOpt = DEFAULT_ACCEPT_BELOW,
    reject_above: RejectOpt = DEFAULT_REJECT_ABOVE,
    threshold: Annotated[
        float | None, typer.Option(help="Accuracy threshold; default: accept-below.")
    ] = None,
) -> None:
    """Pairs, failures to detect, ROC AUC, EER, TAR at FAR 1 % / 0.1 %, accuracy, time."""
    from jmo.biometrics.calibration import evaluate, read_pairs

    engine = _engine(accept_below, reject_above)
    report = evaluate(engine, read_pairs(pairs_csv), images_dir)
    rows = report.table(threshold or accept_below, accept_below, reject_above)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")


@app.command("check")
def check(
    image: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    reference: Annotated[
        Path | None, typer.Option(help="Reference photo to match against.")
    ] = None,
    accept_below: AcceptOpt = DEFAULT_ACCEPT_BELOW,
    reject_above: RejectOpt = DEFAULT_REJECT_ABOVE,
    locale: Annotated[str, typer.Option(help="id or en, for the messages.")] = "id",
) -> None:
    """Run every capture rule on one photo (and match it if a reference is given)."""
    from jmo.domain.errors import DomainError
    from jmo.i18n import error_message

    engine = _engine(accept_below, reject_above)
    data = image.read_bytes()
    if reference is not None:
        try:
            ref = engine.enroll(reference.read_bytes())
        except DomainError as exc:
            print(f"reference: {exc.code}: {error_message(locale, exc.code, exc.params)}")
            raise typer.Exit(2) from exc
        match = engine.verify(data, ref.descriptor)
        checks = match.checks
        dist = "-" if match.distance is None else f"{match.distance:.3f}"
        print(f"decision: {match.decision.value}  distance: {dist}  ({match.duration_ms} ms)")
        if match.error_code:
            print(f"{match.error_code}: {error_message(locale, match.error_code)}")
    else:
        try:
            _, checks_list = engine.measure(data)
        except DomainError as exc:
            print(f"{exc.code}: {error_message(locale, exc.code, exc.params)}")
            raise typer.Exit(1) from exc
        checks = tuple(checks_list)
    for c in checks:
        mark = "ok  " if c.passed else "FAIL"
        value = "-" if c.value is None else f"{c.value:g}"
        print(f"{mark} {c.rule:17} {c.detail:38} {value:>10}  {c.threshold}")
    failed = [c for c in checks if not c.passed]
    if failed and failed[0].code:
        print(f"\n{failed[0].code}: {error_message(locale, failed[0].code)}")
