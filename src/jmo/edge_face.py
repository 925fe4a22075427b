"""The face check at the edge, once for the pages and the JSON API (like ``jmo.edge``):
reading a camera burst or a still photo from a form, the challenge's texts, and what the
person is told after an attempt (the decision, the advice and the tries left)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile

from jmo.domain.biometric import Decision, LivenessChallenge
from jmo.domain.errors import ValidationFailed
from jmo.i18n import N_, error_message, translate
from jmo.usecases.face_check import burst_frame_times, check_burst_data, check_burst_frames
from jmo.usecases.services import Policy

STEP_TEXTS = {
    "blink": N_("Kedipkan mata Anda"),
    "turn_left": N_("Tengok perlahan ke kiri Anda, lalu kembali menghadap kamera"),
    "turn_right": N_("Tengok perlahan ke kanan Anda, lalu kembali menghadap kamera"),
}

# A face compared and not passed: the person is told how many tries are left.
_COUNTED = frozenset({Decision.FAIL.value, Decision.REVIEW.value})


@dataclass(frozen=True)
class BurstUpload:
    frames: list[bytes]
    nonce: str
    frame_times_ms: list[int] | None


async def burst_upload(
    files: Sequence[object], nonce: str, frame_times_ms: str, policy: Policy
) -> BurstUpload:
    """The burst's frames, read with a bound (one byte more than a frame may have: the
    engine then names it too big), its nonce and frame times."""
    uploads = [f for f in files if isinstance(f, UploadFile)]
    check_burst_frames(len(uploads), policy)
    limit = policy.burst_frame_max_bytes + 1
    frames = [await f.read(limit) for f in uploads]
    check_burst_data(frames)
    return BurstUpload(frames, nonce, burst_frame_times(frame_times_ms))


async def photo_upload(item: object, policy: Policy, field: str) -> bytes:
    """One still photo, at most one byte more than the limit read."""
    limit = policy.max_upload_bytes
    image = await item.read(limit + 1) if isinstance(item, UploadFile) else b""
    if not image:
        raise ValidationFailed.single(field, "image.missing")
    if len(image) > limit:
        raise ValidationFailed.single(field, "image.too_large", max_mb=limit // (1024 * 1024))
    return image


def challenge_texts(challenge: LivenessChallenge, locale: str) -> dict[str, Any]:
    """What the camera script (selfie.js) shows while it records."""
    return {
        "nonce": challenge.nonce,
        "steps": [
            {"code": step.value, "text": translate(locale, STEP_TEXTS[step.value])}
            for step in challenge.steps
        ],
        "start_text": translate(locale, N_("Lihat ke kamera dan diam sebentar")),
        "done_text": translate(locale, N_("Memeriksa...")),
    }


def tries_left_text(locale: str, decision: str, tries_left: int, hours: int) -> str | None:
    """Issue 9 item 5, everywhere: a face compared and not passed says the tries left."""
    if decision not in _COUNTED or tries_left <= 0:
        return None
    return translate(
        locale,
        N_("Sisa {left} kali percobaan verifikasi wajah dalam {hours} jam."),
        left=tries_left,
        hours=hours,
    )


def face_message(locale: str, code: str, decision: str, tries_left: int, hours: int) -> str:
    """The one sentence for an attempt: the decision's message and the tries left."""
    headline = error_message(locale, code)
    tries = tries_left_text(locale, decision, tries_left, hours)
    return f"{headline} {tries}" if tries else headline
