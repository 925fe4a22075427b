"""Types for the biometric step: what a face check decided and why.

The checks themselves live in ``jmo.biometrics``; the use cases and the pages only see
these values, so a different engine can be plugged in without touching them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from jmo.domain.input_rules import Text

# A liveness challenge's nonce (random bytes, URL-safe base64) and what a client sends back:
# the nonce as issued. One rule for the engine, the pages and every API route that takes it.
NONCE_BYTES = 18
NONCE = Text(max_length=24, min_length=24, pattern="[A-Za-z0-9_-]{24}")

# The codes a face capture can fail with, in the order the person is told them
# (``FaceMatch.error_code``; biometrics.quality_rules.first_failure ranks by it, and the API
# document lists them without loading the engine). The checks are listed
# in the order of the five rules, but bad light distorts the other measures (a dark face
# looks blurred, washed-out eyes look like lens glare), so light is fixed first, right after
# framing; then sharpness, coverings, background and stillness.
CODE_PRIORITY = (
    "selfie.no_face",
    "selfie.multiple_faces",
    "selfie.face_cut_off",
    "selfie.face_too_small",
    "selfie.too_close",
    "selfie.too_dark",
    "selfie.too_bright",
    "selfie.low_contrast",
    "selfie.uneven_light",
    "selfie.not_frontal",
    "selfie.moving",
    "selfie.blurry",
    "selfie.eyes_closed",
    "selfie.covered",
    "selfie.glasses",
    "selfie.mask",
    "selfie.background_busy",
)


# A liveness burst as a client may send it: frames, and bytes per frame (JPEG). The engine's
# defaults (``LivenessThresholds``), the policy and the API document read them here, so a
# server that never ran a face check has not imported the engine to know them.
BURST_MIN_FRAMES = 8
BURST_MAX_FRAMES = 45
BURST_FRAME_MAX_BYTES = 512 * 1024


class Decision(StrEnum):
    PASS = "pass"  # noqa: S105 - a decision, not a password. Same person, good capture: the flow may go on
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

    def to_record(self) -> dict[str, object]:
        """A JSON-ready per-attempt record (scores, rule values, decision, duration).

        Holds no image and no descriptor: failed selfies keep only what the attempt log
        needs (issue 3, "Attempts and fairness").
        """
        return {
            "decision": self.decision.value,
            "error_code": self.error_code,
            "distance": None if self.distance is None else round(self.distance, 4),
            "accept_below": self.accept_below,
            "reject_above": self.reject_above,
            "model": self.model,
            "duration_ms": self.duration_ms,
            "checks": [
                {
                    "rule": c.rule,
                    "detail": c.detail,
                    "passed": c.passed,
                    "value": c.value,
                    "threshold": c.threshold,
                    "code": c.code,
                }
                for c in self.checks
            ],
            "extra": dict(self.extra),
        }


@dataclass(frozen=True)
class FaceEnrollment:
    """A reference face: the 128-d descriptor (float32 bytes) and a normalised JPEG."""

    descriptor: bytes
    photo_jpeg: bytes
    model: str


class LivenessStep(StrEnum):
    """What the page asks the person to do while the burst is recorded."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the person's own left: the nose moves to the image's right
    TURN_RIGHT = "turn_right"


@dataclass(frozen=True)
class LivenessChallenge:
    """Issued by the server, stored by the use case, handed back with the burst.

    The client must send ``nonce`` with the frames; the frames must arrive before
    ``issued_at + deadline_s``. ``issued_at`` is an aware UTC datetime.
    """

    nonce: str
    steps: tuple[LivenessStep, ...]
    issued_at: datetime
    deadline_s: float

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + timedelta(seconds=self.deadline_s)

    def expired(self, now: datetime) -> bool:
        return now > self.expires_at

    def to_dict(self) -> dict[str, object]:
        return {
            "nonce": self.nonce,
            "steps": [s.value for s in self.steps],
            "issued_at": self.issued_at.isoformat(),
            "deadline_s": self.deadline_s,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LivenessChallenge:
        issued = datetime.fromisoformat(str(data["issued_at"]))
        if issued.tzinfo is None:
            raise ValueError("issued_at must carry a time zone")
        return cls(
            nonce=str(data["nonce"]),
            steps=tuple(LivenessStep(s) for s in data["steps"]),
            issued_at=issued,
            deadline_s=float(data["deadline_s"]),
        )


@dataclass(frozen=True)
class ReferenceFace:
    participant_id: UUID
    descriptor: bytes
    photo_jpeg: bytes
    model: str
    enrolled_at: datetime
    source: str
