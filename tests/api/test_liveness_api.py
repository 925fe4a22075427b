"""Step 6 with the camera, as a phone app does it: a challenge, then a burst of frames.

The genuine burst is simulated from real photos (a real 3-D head turn: a photo and its
mirror image; jitter and noise synthetic; see docs/biometrics.md): it proves the plumbing
from request to decision and the replay and nonce guards, not real-world accuracy."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.biometrics import FaceEngine
from jmo.biometrics import liveness as lv
from jmo.biometrics.imaging import ImageLimits, decode_image
from jmo.bootstrap import Runtime
from jmo.domain.biometric import LivenessStep
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests import synthetic_faces as syn
from tests.api.contract import documented
from tests.biometrics.conftest import photo, pose
from tests.cast import Member, persona_member
from tests.conftest import START


def rng_for(*wanted: LivenessStep) -> random.Random:
    """A seeded generator whose first challenge is exactly ``wanted``."""
    for seed in range(1000):
        if lv.new_challenge(random.Random(seed), now=START).steps == wanted:
            return random.Random(seed)
    raise AssertionError("no seed gives that challenge")


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


@pytest.fixture(scope="module")
def turn_left_frames(face_engine: FaceEngine) -> list[bytes]:
    rgb = decode_image(photo("img16.jpg"), ImageLimits(work_side=1280)).rgb
    a = pose(face_engine, rgb)
    b = pose(face_engine, np.ascontiguousarray(rgb[:, ::-1]))
    lo, hi = sorted((a, b), key=lambda p: p.geo.yaw)
    return syn.genuine_burst(lo, hi, ["turn"], np.random.default_rng(1))


@pytest.fixture
def hendra(services: Services) -> Member:
    return persona_member(services, "hendra")


def auth_for(client: TestClient, member: Member) -> dict[str, str]:
    token = client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    ).json()["token"]
    client.post("/api/v1/pengkinian/start", headers={"Authorization": f"Bearer {token}"})
    client.post("/api/v1/pengkinian/identity/confirm", headers={"Authorization": f"Bearer {token}"})
    return {"Authorization": f"Bearer {token}"}


def send(client: TestClient, auth: dict[str, str], frames: list[bytes], nonce: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/pengkinian/liveness/burst",
        headers=auth,
        data={"nonce": nonce, "frame_times_ms": ",".join(str(i * 130) for i in range(len(frames)))},
        files=[("frames", (f"f{i}.jpg", f, "image/jpeg")) for i, f in enumerate(frames)],
    )


def test_a_live_turn_passes_and_the_same_frames_never_pass_again(
    client: TestClient, services: Services, hendra: Member, turn_left_frames: list[bytes]
) -> None:
    services.rng = rng_for(LivenessStep.TURN_LEFT)
    auth = auth_for(client, hendra)
    challenge = client.post("/api/v1/pengkinian/liveness/challenge", headers=auth).json()
    assert challenge["steps"] == ["turn_left"]
    result = send(client, auth, turn_left_frames, challenge["nonce"])
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["decision"] == "pass", body
    assert body["liveness"] is True
    assert client.get("/api/v1/pengkinian", headers=auth).json()["biometric_passed"] is True

    # the nonce is used up
    reused = send(client, auth, turn_left_frames, challenge["nonce"])
    assert reused.status_code == 403
    assert reused.json()["error"]["code"] == "liveness.no_challenge"

    # the same frames under a fresh challenge: a replay
    services.rng = rng_for(LivenessStep.TURN_LEFT)
    fresh = client.post("/api/v1/pengkinian/liveness/challenge", headers=auth).json()
    replay = send(client, auth, turn_left_frames, fresh["nonce"])
    assert replay.json()["decision"] == "fail"
    assert replay.json()["code"] == "liveness.replay"


def test_frames_sent_with_another_sessions_nonce_fail(
    client: TestClient, services: Services, hendra: Member, turn_left_frames: list[bytes]
) -> None:
    auth = auth_for(client, hendra)
    client.post("/api/v1/pengkinian/liveness/challenge", headers=auth)
    result = send(client, auth, turn_left_frames, "a-nonce-from-elsewhere00")
    assert result.json()["decision"] == "fail"
    assert result.json()["code"] == "liveness.replay"


def test_a_printed_photo_held_still_is_caught(
    client: TestClient, services: Services, hendra: Member, face_engine: FaceEngine
) -> None:
    services.rng = rng_for(LivenessStep.TURN_LEFT)
    auth = auth_for(client, hendra)
    still = pose(face_engine, decode_image(photo("img16.jpg"), ImageLimits(work_side=1280)).rgb)
    frames = syn.still_burst(still, np.random.default_rng(3))
    challenge = client.post("/api/v1/pengkinian/liveness/challenge", headers=auth).json()
    result = send(client, auth, frames, challenge["nonce"])
    assert result.json()["decision"] in ("fail", "retry")
    assert result.json()["decision"] != "pass"
    assert client.get("/api/v1/pengkinian", headers=auth).json()["biometric_passed"] is False


def test_still_photos_are_refused_where_liveness_is_required(
    client: TestClient, services: Services, hendra: Member
) -> None:
    services.policy = replace(services.policy, face_still_photo_allowed=False)
    auth = auth_for(client, hendra)
    result = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("s.jpg", photo("img17.jpg"), "image/jpeg")},
    )
    assert result.status_code == 403
    assert result.json()["error"]["code"] == "liveness.camera_required"
