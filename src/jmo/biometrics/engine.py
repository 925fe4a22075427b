"""``FaceEngine``: enrolment, single-image verification and burst (liveness) verification.

Decisions (the contract in ``jmo.domain.biometric``):

- PASS: distance <= accept_below, every quality rule passes and, for a burst, liveness passes.
- FAIL: distance > reject_above, or a liveness attack (flat picture, replay, person changed).
- REVIEW: distance in between, or a borderline liveness result: an officer decides.
- RETRY: the capture is unusable; ``error_code`` names the first rule that failed.

``verify`` and ``verify_burst`` never raise for a bad capture or a bad upload; they return
RETRY. Only a malformed *reference* descriptor (a programming error) raises ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

import numpy as np

from jmo.biometrics import face as fc
from jmo.biometrics import liveness as lv
from jmo.biometrics import quality_measures as qm
from jmo.biometrics import quality_rules as qr
from jmo.biometrics.imaging import DecodedImage, ImageLimits, decode_image, encode_jpeg
from jmo.biometrics.models import MODEL_NAME, LoadedModels, load_models
from jmo.domain.biometric import (
    Decision,
    FaceEnrollment,
    FaceMatch,
    LivenessChallenge,
    LivenessStep,
    QualityCheck,
)
from jmo.domain.errors import DomainError

DESCRIPTOR_BYTES = 128 * 4

ReplayHook = Callable[[Sequence[str]], bool]
"""Called with the SHA-256 of every frame; returns True when any was seen before. The
caller records the digests (e.g. in Redis with a TTL) so the next call can tell."""


@dataclass(frozen=True)
class _Analysed:
    image: DecodedImage
    geo: fc.FaceGeometry
    shape: object  # dlib.full_object_detection


class FaceEngine:
    """Loads the models once; cheap to call from one thread at a time (one per process)."""

    def __init__(
        self,
        *,
        accept_below: float,
        reject_above: float,
        quality: qr.QualityThresholds | None = None,
        liveness: lv.LivenessThresholds | None = None,
        limits: ImageLimits | None = None,
        models: LoadedModels | None = None,
    ) -> None:
        if not 0 < accept_below <= reject_above:
            raise ValueError("need 0 < accept_below <= reject_above")
        self.accept_below = accept_below
        self.reject_above = reject_above
        self.quality = quality or qr.QualityThresholds()
        self.liveness = liveness or lv.LivenessThresholds()
        self.limits = limits or ImageLimits()
        self.models = models or load_models()
        self.model = MODEL_NAME

    # ------------------------------------------------------------------ single images
    def _analyse(self, data: bytes) -> tuple[_Analysed, list[QualityCheck]]:
        """Decode and find exactly one face; raises DomainError (image.*, selfie.*)."""
        image = decode_image(data, self.limits)
        faces = fc.find_faces(self.models, image.rgb)
        if len(faces) != 1:
            check = qr.face_count_check(len(faces))
            raise DomainError(check.code or "selfie.no_face", count=len(faces))
        shape = fc.shape5(self.models, image.rgb, faces[0])
        geo = fc.geometry(self.models, image.rgb, faces[0], shape)
        return _Analysed(image, geo, shape), [qr.face_count_check(1)]

    def measure(self, data: bytes) -> tuple[qm.FrameMeasures, list[QualityCheck]]:
        """Quality measures and checks of one image (raises for no/multiple faces)."""
        found, checks = self._analyse(data)
        measures = qm.measure(found.image.rgb, found.geo, found.image.scale)
        return measures, checks + qr.evaluate(measures, self.quality)

    def describe(self, data: bytes) -> bytes:
        """The descriptor of the one face in an image (no quality rules, no Face Mesh):
        the matcher alone, for evaluation."""
        image = decode_image(data, self.limits)
        faces = fc.find_faces(self.models, image.rgb)
        if len(faces) != 1:
            raise DomainError(qr.face_count_check(len(faces)).code or "selfie.no_face")
        shape = fc.shape5(self.models, image.rgb, faces[0])
        return fc.descriptor(self.models, image.rgb, shape)

    def enroll(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment:
        """A reference: descriptor plus the normalised photo (RGB JPEG, <= 640 px, no EXIF).

        Raises ``DomainError`` (image.*, selfie.no_face, selfie.multiple_faces, and with
        ``check_quality`` the first failed capture rule). Reference photos may be ID-card
        scans or press-style portraits, so the capture rules are optional here; the face
        must still reach the hard size minimum.
        """
        found, _ = self._analyse(image)
        measures = qm.measure(found.image.rgb, found.geo, found.image.scale)
        if measures.iod_px < self.quality.min_iod_px:
            raise DomainError("selfie.face_too_small", iod_px=round(measures.iod_px))
        if check_quality:
            first = qr.first_failure(qr.evaluate(measures, self.quality))
            if first is not None:
                raise DomainError(first.code or "selfie.quality", detail=first.detail)
        return FaceEnrollment(
            descriptor=fc.descriptor(self.models, found.image.rgb, found.shape),
            photo_jpeg=encode_jpeg(found.image.rgb),
            model=self.model,
        )

    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch:
        """One selfie against a reference. Liveness is not assessed here (``extra``
        says so): the participant flow uses ``verify_burst``; officers and the CLI use this.
        """
        _check_reference(reference_descriptor)
        started = time.perf_counter()
        try:
            found, checks = self._analyse(image)
        except DomainError as exc:
            return self._result(
                Decision.RETRY, None, _capture_checks(exc), exc.code, started=started, extra={}
            )
        measures = qm.measure(found.image.rgb, found.geo, found.image.scale)
        checks += qr.evaluate(measures, self.quality)
        dist = fc.distance(
            fc.descriptor(self.models, found.image.rgb, found.shape), reference_descriptor
        )
        extra: dict[str, float | str | bool] = {"liveness": "not_assessed"}
        return self._decide(dist, checks, started, extra)

    def _decide(
        self,
        dist: float,
        checks: list[QualityCheck],
        started: float,
        extra: dict[str, float | str | bool],
    ) -> FaceMatch:
        first = qr.first_failure(checks)
        if first is not None:
            # A bad capture is not evidence about identity: ask for a new one.
            return self._result(
                Decision.RETRY, dist, checks, first.code, started=started, extra=extra
            )
        if dist <= self.accept_below:
            return self._result(Decision.PASS, dist, checks, None, started=started, extra=extra)
        if dist > self.reject_above:
            return self._result(
                Decision.FAIL, dist, checks, "face.mismatch", started=started, extra=extra
            )
        return self._result(
            Decision.REVIEW, dist, checks, "face.review", started=started, extra=extra
        )

    def _result(
        self,
        decision: Decision,
        dist: float | None,
        checks: Sequence[QualityCheck],
        code: str | None,
        *,
        started: float,
        extra: dict[str, float | str | bool],
    ) -> FaceMatch:
        return FaceMatch(
            decision=decision,
            distance=dist,
            accept_below=self.accept_below,
            reject_above=self.reject_above,
            checks=tuple(checks),
            error_code=code,
            model=self.model,
            duration_ms=round((time.perf_counter() - started) * 1000),
            extra=extra,
        )

    # ------------------------------------------------------------------ liveness
    def new_challenge(
        self, rng: random.Random, *, now: datetime, deadline_s: float | None = None
    ) -> LivenessChallenge:
        return lv.new_challenge(
            rng, now=now, deadline_s=self.liveness.deadline_s if deadline_s is None else deadline_s
        )

    def precheck_burst(
        self,
        frames: Sequence[bytes],
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: ReplayHook | None = None,
    ) -> FaceMatch | None:
        return precheck_burst(
            frames,
            challenge,
            nonce=nonce,
            now=now,
            thresholds=self.liveness,
            accept_below=self.accept_below,
            reject_above=self.reject_above,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )

    def verify_burst(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: ReplayHook | None = None,
    ) -> FaceMatch:
        """A burst recorded while the page asked for ``challenge.steps``.

        ``nonce`` is what the client sent with the frames; ``now`` is the server's time of
        receipt (the engine never reads the clock); ``seen_before`` is the replay hook.
        """
        _check_reference(reference_descriptor)
        started = time.perf_counter()
        early = self.precheck_burst(
            frames,
            challenge,
            nonce=nonce,
            now=now,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )
        if early is not None:
            return early
        t = self.liveness
        extra: dict[str, float | str | bool] = {
            "frames": len(frames),
            "steps": ",".join(s.value for s in challenge.steps),
            "burst_digest": lv.burst_digest(nonce, lv.frame_digests(frames)),
        }

        want_blink = LivenessStep.BLINK in challenge.steps
        analysed: list[_Analysed] = []
        greys: list[np.ndarray] = []
        missing = 0
        for data in frames:
            try:
                image = decode_image(data, self.limits)
            except DomainError as exc:
                return self._result(
                    Decision.RETRY,
                    None,
                    _capture_checks(exc),
                    exc.code,
                    started=started,
                    extra=extra,
                )
            # The first frame is searched at full size for any second face; later frames at
            # half size (4x cheaper), falling back to full size if the face is lost.
            faces = fc.count_real_faces(
                fc.detect_faces(self.models, image.rgb, shrink=2 if analysed else 1)
            )
            if not faces and analysed:
                faces = fc.count_real_faces(fc.detect_faces(self.models, image.rgb))
            if len(faces) > 1:
                check = qr.face_count_check(len(faces))
                return self._result(
                    Decision.RETRY,
                    None,
                    [check],
                    "selfie.multiple_faces",
                    started=started,
                    extra=extra,
                )
            if not faces:
                missing += 1
                continue
            shape = fc.shape5(self.models, image.rgb, faces[0])
            geo = fc.geometry(self.models, image.rgb, faces[0], shape, with_iris=want_blink)
            analysed.append(_Analysed(image, geo, shape))
            greys.append(image.rgb[::4, ::4].mean(axis=2))
        extra["frames_without_face"] = missing
        if not analysed or missing > t.max_missing_ratio * len(frames):
            check = qr.face_count_check(0)
            return self._result(
                Decision.RETRY, None, [check], "selfie.no_face", started=started, extra=extra
            )

        geos = [a.geo for a in analysed]
        jump, scale_jump = lv.largest_jump(geos)
        extra["max_jump_iod"] = round(jump, 3)
        extra["max_scale_jump"] = round(scale_jump, 3)
        # One still picture sent as many frames (re-encoded, so the digests differ): the
        # pixels barely change (JPEG noise only) and the landmarks do not move at all,
        # where a live face held still still moves by ~0.01-0.05 IOD with hand tremor.
        diffs = [float(np.mean(np.abs(a - b))) for a, b in pairwise(greys) if a.shape == b.shape]
        extra["max_frame_difference"] = round(max(diffs), 3) if diffs else 0.0
        if not diffs or (max(diffs) < t.min_frame_difference and jump < t.min_still_jump_iod):
            return self._result(
                Decision.FAIL, None, (), "liveness.replay", started=started, extra=extra
            )
        if jump > t.max_jump_iod or scale_jump > t.max_scale_jump:
            return self._result(
                Decision.FAIL, None, (), "liveness.person_changed", started=started, extra=extra
            )

        # Quality of the best frame: the most frontal among the sharper half.
        sharp = [qm.face_sharpness(a.image.rgb, a.geo) for a in analysed]
        median_sharp = float(np.median(sharp))
        candidates = [i for i, v in enumerate(sharp) if v >= median_sharp] or [0]
        best = min(candidates, key=lambda i: abs(geos[i].yaw) + 0.5 * abs(geos[i].roll))
        extra["best_frame"] = best
        best_geo = geos[best]
        if not want_blink:  # the eyes-open rule needs the Iris EAR on this one frame
            eye = fc.eye_openness(self.models, analysed[best].image.rgb, best_geo.mesh)
            best_geo = dataclasses.replace(best_geo, ear=eye)
        measures = qm.measure(analysed[best].image.rgb, best_geo, analysed[best].image.scale)
        checks = [qr.face_count_check(1), *qr.evaluate(measures, self.quality)]

        challenge_result = lv.check_challenge(challenge.steps, geos, t)
        motion = lv.motion_outside_challenge(geos, challenge_result.events)
        still_ok = motion <= t.max_motion_iod
        checks.append(
            QualityCheck(
                rule=qr.RULE_STILL,
                passed=still_ok,
                value=round(motion, 4),
                threshold=f"<= {t.max_motion_iod} IOD/frame",
                code=None if still_ok else "selfie.moving",
                detail="burst_motion",
            )
        )
        extra["ear_dip"] = round(challenge_result.ear_dip, 3)
        extra["yaw_range_deg"] = round(challenge_result.yaw_range, 2)
        extra["challenge_done"] = challenge_result.done
        planarity = lv.check_planarity(geos, t)
        extra["parallax"] = round(planarity.best, 4)
        extra["parallax_pairs"] = planarity.pairs
        extra["planarity"] = planarity.verdict

        if planarity.verdict == "flat":
            # The head's yaw changed but the nose stayed on the plane of the eyes and mouth:
            # a picture being tilted (notes §3 c). Attack evidence outranks capture advice.
            return self._result(
                Decision.FAIL, None, checks, "liveness.flat", started=started, extra=extra
            )
        first = qr.first_failure(checks)
        if first is not None:
            return self._result(
                Decision.RETRY, None, checks, first.code, started=started, extra=extra
            )
        if not challenge_result.done or planarity.verdict == "no_turn":
            code = "liveness.challenge_not_done"
            return self._result(Decision.RETRY, None, checks, code, started=started, extra=extra)

        # Same person throughout (notes §3 a): the best frame, which is matched to the
        # reference, against the peak of each turn, which carries the liveness evidence.
        # Two descriptors (~0.1 s each) instead of three keep the burst within its budget;
        # the position-jump check above covers every frame.
        turns = [i for step, i in challenge_result.events if step is not LivenessStep.BLINK]
        picks = sorted({best, *turns})
        descs = {
            i: fc.descriptor(self.models, analysed[i].image.rgb, analysed[i].shape) for i in picks
        }
        spread = max(fc.distance(descs[i], descs[best]) for i in picks)
        extra["within_burst_distance"] = round(spread, 4)
        if spread > t.max_same_person_distance:
            return self._result(
                Decision.FAIL, None, checks, "liveness.person_changed", started=started, extra=extra
            )
        dist = fc.distance(descs[best], reference_descriptor)
        result = self._decide(dist, checks, started, extra)
        if planarity.verdict == "review" and result.decision is Decision.PASS:
            return self._result(
                Decision.REVIEW, dist, checks, "liveness.review", started=started, extra=extra
            )
        return result


def _check_reference(descriptor: bytes) -> None:
    if len(descriptor) != DESCRIPTOR_BYTES:
        raise ValueError(f"a reference descriptor is {DESCRIPTOR_BYTES} bytes")


def _capture_checks(exc: DomainError) -> list[QualityCheck]:
    if exc.code in ("selfie.no_face", "selfie.multiple_faces"):
        return [qr.face_count_check(int(exc.params.get("count", 0)))]
    return [QualityCheck(rule="image", passed=False, code=exc.code, detail="decode")]


def precheck_burst(
    frames: Sequence[bytes],
    challenge: LivenessChallenge,
    *,
    nonce: str,
    now: datetime,
    thresholds: lv.LivenessThresholds,
    accept_below: float,
    reject_above: float,
    frame_times_ms: Sequence[int] | None = None,
    seen_before: ReplayHook | None = None,
) -> FaceMatch | None:
    """The cheap burst checks (no model, no decoding): expiry, nonce, count, size, timing,
    replay. Returns the result when one fails, else None. ``FacePool`` runs this in the
    calling process, because the replay hook talks to the caller's store.
    """
    t = thresholds
    extra: dict[str, float | str | bool] = {"frames": len(frames)}

    def stop(decision: Decision, code: str) -> FaceMatch:
        return FaceMatch(
            decision=decision,
            distance=None,
            accept_below=accept_below,
            reject_above=reject_above,
            error_code=code,
            model=MODEL_NAME,
            extra=extra,
        )

    if challenge.expired(now):
        return stop(Decision.RETRY, "liveness.expired")
    if not lv.nonce_matches(challenge, nonce):
        # Frames recorded for another challenge (another session) are refused.
        return stop(Decision.FAIL, "liveness.replay")
    if not t.min_frames <= len(frames) <= t.max_frames:
        return stop(Decision.RETRY, "liveness.bad_burst")
    if any(len(f) > t.max_frame_bytes for f in frames):
        return stop(Decision.RETRY, "image.too_large")
    if frame_times_ms is not None and (
        len(frame_times_ms) != len(frames)
        or any(b <= a for a, b in pairwise(frame_times_ms))
        or frame_times_ms[-1] - frame_times_ms[0] > 1000 * challenge.deadline_s
    ):
        return stop(Decision.RETRY, "liveness.bad_burst")
    digests = lv.frame_digests(frames)
    extra["burst_digest"] = lv.burst_digest(nonce, digests)
    if len(set(digests)) != len(digests) or (seen_before is not None and seen_before(digests)):
        # The same frame twice in one burst, or any frame already sent in an earlier burst.
        return stop(Decision.FAIL, "liveness.replay")
    return None
