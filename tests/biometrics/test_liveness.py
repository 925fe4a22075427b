"""Liveness: simulated genuine bursts pass; each attack we can build here is caught.

The genuine bursts are simulated (tests/data/faces/README.md, docs/biometrics.md): a real
photo and its mirror image give a real 3-D yaw change of ~20 degrees; jitter, sensor noise
and the blink (a painted eyelid) are synthetic.
"""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np
import pytest

from jmo.biometrics import FaceEngine
from jmo.biometrics import liveness as lv
from jmo.domain.biometric import Decision, FaceEnrollment, LivenessChallenge, LivenessStep
from tests import synthetic_faces as syn

from .conftest import NOW, photo

LEFT, RIGHT, BLINK = LivenessStep.TURN_LEFT, LivenessStep.TURN_RIGHT, LivenessStep.BLINK
LATER = NOW + timedelta(seconds=4)


def challenge(*steps: LivenessStep, nonce: str = "n-1") -> LivenessChallenge:
    return LivenessChallenge(nonce=nonce, steps=steps, issued_at=NOW, deadline_s=60)


@pytest.fixture(scope="module")
def turn_left_burst(turn_poses: tuple[syn.Pose, syn.Pose]) -> list[bytes]:
    lo, hi = turn_poses
    return syn.genuine_burst(lo, hi, ["turn"], np.random.default_rng(1))


def verify(
    engine: FaceEngine,
    frames: list[bytes],
    ref: FaceEnrollment,
    ch: LivenessChallenge,
    **kw: object,
) -> object:
    return engine.verify_burst(frames, ref.descriptor, ch, nonce=ch.nonce, now=LATER, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- genuine
def test_genuine_turn_left_passes(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(LEFT)
    match = engine.verify_burst(
        turn_left_burst, reference.descriptor, ch, nonce=ch.nonce, now=LATER
    )
    assert match.decision is Decision.PASS, (match.error_code, match.extra)
    assert match.extra["planarity"] == "live"
    assert float(match.extra["parallax"]) >= engine.liveness.parallax_live
    assert match.extra["challenge_done"] is True


def test_genuine_turn_right_then_blink_passes(
    engine: FaceEngine, reference: FaceEnrollment, turn_poses: tuple[syn.Pose, syn.Pose]
) -> None:
    lo, hi = turn_poses
    frames = syn.genuine_burst(hi, lo, ["turn", "blink"], np.random.default_rng(2))
    ch = challenge(RIGHT, BLINK)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.PASS, (match.error_code, match.extra)
    assert float(match.extra["ear_dip"]) >= engine.liveness.blink_drop


def test_turning_the_wrong_way_is_not_the_challenge(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(RIGHT)
    match = engine.verify_burst(
        turn_left_burst, reference.descriptor, ch, nonce=ch.nonce, now=LATER
    )
    assert match.decision is Decision.RETRY
    assert match.error_code == "liveness.challenge_not_done"


def test_a_blink_that_did_not_happen_is_not_done(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(LEFT, BLINK)
    match = engine.verify_burst(
        turn_left_burst, reference.descriptor, ch, nonce=ch.nonce, now=LATER
    )
    assert match.error_code == "liveness.challenge_not_done"


def test_the_burst_of_another_person_fails_the_match(
    engine: FaceEngine, turn_left_burst: list[bytes]
) -> None:
    stranger = engine.enroll(photo("img12.jpg"))
    ch = challenge(LEFT)
    match = engine.verify_burst(turn_left_burst, stranger.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.FAIL
    assert match.error_code == "face.mismatch"


# --------------------------------------------------------------------------- attacks
def test_still_image_repeated_is_a_replay(
    engine: FaceEngine, reference: FaceEnrollment, turn_poses: tuple[syn.Pose, syn.Pose]
) -> None:
    lo, _ = turn_poses
    frame = syn.jpeg(syn.align(lo.rgb, lo.geo))
    ch = challenge(LEFT)
    match = engine.verify_burst([frame] * 15, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.FAIL
    assert match.error_code == "liveness.replay"


def test_still_image_reencoded_has_no_motion_at_all(
    engine: FaceEngine, reference: FaceEnrollment, turn_poses: tuple[syn.Pose, syn.Pose]
) -> None:
    lo, _ = turn_poses
    aligned = syn.align(lo.rgb, lo.geo)
    frames = [syn.jpeg(aligned, quality=80 + i) for i in range(15)]  # 15 distinct files
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.FAIL
    assert match.error_code == "liveness.replay"


def test_still_photo_with_sensor_noise_does_not_pass(
    engine: FaceEngine, reference: FaceEnrollment, turn_poses: tuple[syn.Pose, syn.Pose]
) -> None:
    lo, _ = turn_poses
    frames = syn.still_burst(lo, np.random.default_rng(3))
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is not Decision.PASS
    assert match.error_code == "liveness.challenge_not_done"


def test_photo_moved_and_rotated_in_plane_does_not_pass(
    engine: FaceEngine, reference: FaceEnrollment, turn_poses: tuple[syn.Pose, syn.Pose]
) -> None:
    lo, _ = turn_poses
    frames = syn.moved_photo_burst(lo, np.random.default_rng(4))
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is not Decision.PASS
    assert match.error_code in ("liveness.challenge_not_done", "selfie.moving")


@pytest.mark.parametrize("blink", [False, True])
def test_photo_swung_in_3d_does_not_pass(
    engine: FaceEngine,
    reference: FaceEnrollment,
    turn_poses: tuple[syn.Pose, syn.Pose],
    blink: bool,
) -> None:
    lo, _ = turn_poses
    frames = syn.tilted_photo_burst(lo, +1, np.random.default_rng(5), max_yaw=50, blink=blink)
    ch = challenge(LEFT, BLINK) if blink else challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is not Decision.PASS
    assert match.error_code in (
        "liveness.flat",
        "liveness.challenge_not_done",
        "selfie.moving",
        "selfie.not_frontal",
    )


def test_frames_sent_with_another_sessions_nonce_are_refused(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(LEFT, nonce="this-session")
    match = engine.verify_burst(
        turn_left_burst, reference.descriptor, ch, nonce="other-session", now=LATER
    )
    assert match.decision is Decision.FAIL
    assert match.error_code == "liveness.replay"


def test_a_burst_sent_twice_is_refused_through_the_replay_hook(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    seen: set[str] = set()

    def seen_before(digests: object) -> bool:
        ds = set(digests)  # type: ignore[call-overload]
        hit = bool(ds & seen)
        seen.update(ds)
        return hit

    ch = challenge(LEFT)
    first = engine.verify_burst(
        turn_left_burst,
        reference.descriptor,
        ch,
        nonce=ch.nonce,
        now=LATER,
        seen_before=seen_before,
    )
    second = engine.verify_burst(
        turn_left_burst,
        reference.descriptor,
        ch,
        nonce=ch.nonce,
        now=LATER,
        seen_before=seen_before,
    )
    assert first.decision is Decision.PASS
    assert second.decision is Decision.FAIL
    assert second.error_code == "liveness.replay"


def test_victim_frames_spliced_with_a_live_attacker_are_refused(
    engine: FaceEngine, studio: syn.Pose, turn_left_burst: list[bytes]
) -> None:
    # The attacker does the challenge live and swaps the victim's photo into the still
    # frames at the end, hoping it is picked as the frame matched to the reference.
    victim = engine.enroll(syn.jpeg(studio.rgb))
    victim_still = syn.still_burst(studio, np.random.default_rng(6))
    frames = turn_left_burst[:10] + victim_still[10:]
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, victim.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.FAIL
    assert match.error_code in ("liveness.person_changed", "face.mismatch")


def test_an_expired_challenge_asks_for_a_new_one(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(LEFT)
    match = engine.verify_burst(
        turn_left_burst, reference.descriptor, ch, nonce=ch.nonce, now=NOW + timedelta(minutes=5)
    )
    assert match.decision is Decision.RETRY
    assert match.error_code == "liveness.expired"


@pytest.mark.parametrize("count", [3, 60])
def test_too_few_or_too_many_frames(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes], count: int
) -> None:
    frames = [turn_left_burst[i % len(turn_left_burst)] + bytes([i % 256]) for i in range(count)]
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.error_code == "liveness.bad_burst"


def test_frame_times_must_increase(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    ch = challenge(LEFT)
    times = [0] * len(turn_left_burst)
    match = engine.verify_burst(
        turn_left_burst,
        reference.descriptor,
        ch,
        nonce=ch.nonce,
        now=LATER,
        frame_times_ms=times,
    )
    assert match.error_code == "liveness.bad_burst"


def test_a_bad_frame_is_a_retry_not_a_crash(
    engine: FaceEngine, reference: FaceEnrollment, turn_left_burst: list[bytes]
) -> None:
    frames = [*turn_left_burst[:-1], b"garbage"]
    ch = challenge(LEFT)
    match = engine.verify_burst(frames, reference.descriptor, ch, nonce=ch.nonce, now=LATER)
    assert match.decision is Decision.RETRY
    assert match.error_code == "image.not_image"


# --------------------------------------------------------------------------- pieces
def test_new_challenge_always_has_one_turn_and_a_fresh_nonce(engine: FaceEngine) -> None:
    rng = random.Random(0)
    seen_nonces = set()
    for _ in range(40):
        ch = engine.new_challenge(rng, now=NOW)
        turns = [s for s in ch.steps if s is not BLINK]
        assert len(turns) == 1
        assert 1 <= len(ch.steps) <= 2
        assert ch.issued_at == NOW
        assert not ch.expired(NOW + timedelta(seconds=ch.deadline_s))
        assert ch.expired(NOW + timedelta(seconds=ch.deadline_s + 1))
        seen_nonces.add(ch.nonce)
    assert len(seen_nonces) == 40


def test_challenge_needs_an_aware_time(engine: FaceEngine) -> None:
    with pytest.raises(ValueError, match="aware"):
        engine.new_challenge(random.Random(0), now=NOW.replace(tzinfo=None))


def test_challenge_round_trips_through_storage() -> None:
    ch = challenge(RIGHT, BLINK, nonce="abc")
    assert LivenessChallenge.from_dict(ch.to_dict()) == ch


def test_homography_explains_a_plane_exactly() -> None:
    rng = np.random.default_rng(0)
    src = rng.uniform(0, 100, (6, 2))
    h = np.array([[1.1, 0.1, 5.0], [-0.05, 0.95, 3.0], [0.0005, -0.0002, 1.0]])
    dst = lv.apply_homography(h, src)
    est = lv.homography(src, dst)
    assert np.allclose(lv.apply_homography(est, src), dst, atol=1e-6)


def test_blink_is_a_relative_dip_with_recovery() -> None:
    t = lv.LivenessThresholds()
    open_eyes = [0.30, 0.31, 0.30, 0.29, 0.30, 0.31, 0.30, 0.30]
    assert lv.find_blinks(open_eyes, t) == []
    assert lv.find_blinks([0.30, 0.31, 0.12, 0.10, 0.30, 0.31, 0.30], t) == [3]
    # eyes that close and stay closed are not a blink
    assert lv.find_blinks([0.30, 0.31, 0.30, 0.31, 0.10, 0.10], t) == []


def test_turn_needs_size_direction_and_return() -> None:
    t = lv.LivenessThresholds()
    assert lv.find_turns([0, 1, 0, 10, 20, 19, 5, 1, 0], +1, t) == [4]
    assert lv.find_turns([0, 1, 0, 10, 20, 19, 5, 1, 0], -1, t) == []
    assert lv.find_turns([0, 1, 0, 10, 12, 11, 5, 1, 0], +1, t) == []  # too small
    assert lv.find_turns([0, 1, 0, 10, 20, 20, 20, 20, 20], +1, t) == []  # never came back
