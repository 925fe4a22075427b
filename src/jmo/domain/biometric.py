"""Types for the biometric step: what a face check decided and why.

The checks themselves live in ``jmo.biometrics``; the use cases and the pages only see
these values, so a different engine can be plugged in without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Decision(StrEnum):
    PASS = "pass"  # noqa: S105 - same person, good capture: the flow may go on
    FAIL = "fail"  # a different person, or a liveness attack
    REVIEW = "review"  # borderline distance: an officer decides, the flow waits
    RETRY = "retry"  # the capture is unusable (quality); says which rule and how to fix it


@dataclass(frozen=True)
class QualityCheck:
    """One capture rule measured on one image: value against threshold."""

    rule: str  # e.g. "face_visible", "plain_background", "no_occlusion", "lighting", "still"
    passed: bool
    value: float | None = None
    threshold: str = ""  # human-readable bound, e.g. ">= 90 px", "<= 12.0"
    code: str | None = None  # error code when it failed, e.g. "selfie.too_dark"
    detail: str = ""  # which measure inside the rule (e.g. "iod_px", "yaw_deg")


@dataclass(frozen=True)
class FaceMatch:
    decision: Decision
    distance: float | None
    accept_below: float
    reject_above: float
    checks: tuple[QualityCheck, ...] = ()
    error_code: str | None = None  # the first reason for RETRY/FAIL, e.g. "selfie.no_face"
    model: str = ""
    duration_ms: int = 0
    extra: dict[str, float | str | bool] = field(default_factory=dict)

    @property
    def failed_checks(self) -> tuple[QualityCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)


@dataclass(frozen=True)
class FaceEnrollment:
    """A reference face: the 128-d descriptor (float32 bytes) and a normalised JPEG."""

    descriptor: bytes
    photo_jpeg: bytes
    model: str
