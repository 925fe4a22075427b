"""Verification metrics on a labelled pair list (ISO/IEC 19795-1 terms).

The pair list is the deepface ``master.csv`` format: ``file_x,file_y,Decision`` with
``Yes`` for the same person. Distances are dlib descriptor distances: "same" when
distance <= threshold. FAR = FMR (impostor pairs accepted), TAR = 1 - FNMR.
"""

from __future__ import annotations

import csv
import math
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from jmo.domain.errors import DomainError


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool


def read_pairs(path: Path) -> list[Pair]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for row in rows:
        label = (row.get("Decision") or "").strip().lower()
        if label not in ("yes", "no"):
            raise ValueError(f"Decision must be Yes or No, got {label!r}")
        out.append(Pair(row["file_x"].strip(), row["file_y"].strip(), label == "yes"))
    return out


def roc_auc(genuine: Sequence[float], impostor: Sequence[float]) -> float:
    """P(impostor distance > genuine distance), ties counted half (Mann-Whitney U)."""
    if not genuine or not impostor:
        return math.nan
    wins = 0.0
    for g in genuine:
        for i in impostor:
            wins += 1.0 if i > g else 0.5 if i == g else 0.0
    return wins / (len(genuine) * len(impostor))


def rates_at(
    genuine: Sequence[float], impostor: Sequence[float], threshold: float
) -> tuple[float, float]:
    """(TAR, FAR) when 'same' means distance <= threshold."""
    tar = sum(d <= threshold for d in genuine) / len(genuine) if genuine else math.nan
    far = sum(d <= threshold for d in impostor) / len(impostor) if impostor else math.nan
    return tar, far


def equal_error_rate(genuine: Sequence[float], impostor: Sequence[float]) -> tuple[float, float]:
    """(EER, threshold): the threshold where FRR and FAR are closest, over all cut points."""
    best = (math.inf, math.nan, math.nan)
    for t in sorted({*genuine, *impostor}):
        tar, far = rates_at(genuine, impostor, t)
        frr = 1 - tar
        gap = abs(frr - far)
        if gap < best[0]:
            best = (gap, (frr + far) / 2, t)
    return best[1], best[2]


def tar_at_far(
    genuine: Sequence[float], impostor: Sequence[float], far: float
) -> tuple[float | None, float | None, str]:
    """(TAR, threshold, note). None with a note when there are fewer than 1/far impostor
    pairs: one false accept is then already more than ``far``, so the rate is not measured."""
    needed = math.ceil(1 / far)
    if len(impostor) < needed:
        return None, None, f"needs >= {needed} impostor pairs, have {len(impostor)}"
    allowed = math.floor(far * len(impostor))
    ordered = sorted(impostor)
    # Largest threshold accepting at most ``allowed`` impostors.
    limit = ordered[allowed] if allowed < len(ordered) else math.inf
    candidates = [d for d in genuine if d < limit]
    threshold = max(candidates) if candidates else min(genuine) - 1e-9
    tar, _ = rates_at(genuine, impostor, threshold)
    return tar, threshold, ""


@dataclass
class EvalReport:
    pairs: int
    genuine: list[float] = field(default_factory=list)
    impostor: list[float] = field(default_factory=list)
    images: int = 0
    failed_images: dict[str, str] = field(default_factory=dict)  # name -> error code
    skipped_pairs: int = 0
    times_ms: list[float] = field(default_factory=list)

    def table(
        self, threshold: float, accept_below: float, reject_above: float
    ) -> list[tuple[str, str]]:
        g, i = self.genuine, self.impostor
        eer, eer_t = equal_error_rate(g, i) if g and i else (math.nan, math.nan)
        rows = [
            ("pairs", f"{self.pairs} ({len(g)} genuine, {len(i)} impostor scored)"),
            (
                "failures to detect",
                f"{len(self.failed_images)} / {self.images} images"
                + (f" ({', '.join(sorted(self.failed_images))})" if self.failed_images else ""),
            ),
            ("pairs not scored", str(self.skipped_pairs)),
            ("ROC AUC", f"{roc_auc(g, i):.4f}"),
            ("EER", f"{eer:.2%} at d = {eer_t:.3f}"),
        ]
        for far in (0.01, 0.001):
            tar, t, note = tar_at_far(g, i, far)
            label = f"TAR at FAR {far:.1%}"
            shown = f"{tar:.2%} (d <= {t:.3f})" if tar is not None else f"not measurable: {note}"
            rows.append((label, shown))
        tar, far = rates_at(g, i, threshold)
        correct = sum(d <= threshold for d in g) + sum(d > threshold for d in i)
        total = len(g) + len(i)
        rows.append(
            (
                f"accuracy at d <= {threshold:.3f}",
                f"{correct / total:.2%} ({correct}/{total}); TAR {tar:.2%}, FAR {far:.2%}"
                if total
                else "n/a",
            )
        )
        auto = sum(d <= accept_below for d in g)
        review_g = sum(accept_below < d <= reject_above for d in g)
        review_i = sum(accept_below < d <= reject_above for d in i)
        wrong_accept = sum(d <= accept_below for d in i)
        rows.append(
            (
                f"decisions (accept <= {accept_below}, reject > {reject_above})",
                f"genuine: {auto} PASS, {review_g} REVIEW, {len(g) - auto - review_g} FAIL; "
                f"impostor: {wrong_accept} PASS, {review_i} REVIEW, "
                f"{len(i) - wrong_accept - review_i} FAIL",
            )
        )
        if g:
            rows.append(("genuine distance min/median/max", _spread(g)))
        if i:
            rows.append(("impostor distance min/median/max", _spread(i)))
        if self.times_ms:
            rows.append(
                (
                    "median time per image",
                    f"{statistics.median(self.times_ms):.1f} ms (decode, detect, landmarks, "
                    "descriptor; one process)",
                )
            )
        return rows


def _spread(values: Iterable[float]) -> str:
    v = sorted(values)
    return f"{v[0]:.3f} / {statistics.median(v):.3f} / {v[-1]:.3f}"


class Describer(Protocol):
    """What ``evaluate`` needs from an engine (``FaceEngine`` satisfies it)."""

    def describe(self, data: bytes) -> bytes: ...


def evaluate(engine: Describer, pairs: Sequence[Pair], images_dir: Path) -> EvalReport:
    """Describe every image once (timed), then score every pair that has both."""
    report = EvalReport(pairs=len(pairs))
    descriptors: dict[str, bytes | None] = {}
    for name in sorted({p.a for p in pairs} | {p.b for p in pairs}):
        path = images_dir / name
        report.images += 1
        try:
            data = path.read_bytes()
        except OSError:
            report.failed_images[name] = "missing"
            descriptors[name] = None
            continue
        started = time.perf_counter()
        try:
            descriptors[name] = engine.describe(data)
        except DomainError as exc:
            report.failed_images[name] = exc.code
            descriptors[name] = None
        report.times_ms.append((time.perf_counter() - started) * 1000)
    for p in pairs:
        da, db = descriptors.get(p.a), descriptors.get(p.b)
        if da is None or db is None:
            report.skipped_pairs += 1
            continue
        (report.genuine if p.same else report.impostor).append(_distance(da, db))
    return report


def _distance(a: bytes, b: bytes) -> float:
    va = np.frombuffer(a, dtype="<f4").astype(np.float64)
    vb = np.frombuffer(b, dtype="<f4").astype(np.float64)
    return float(np.linalg.norm(va - vb))
