"""Shared fixtures: the models load once per test session (~0.5 s), photos from tests/data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from jmo.biometrics import FaceEngine
from jmo.biometrics import face as fc
from jmo.biometrics.imaging import ImageLimits, decode_image
from jmo.domain.biometric import FaceEnrollment
from tests import synthetic_faces as syn

FACES = Path(__file__).resolve().parents[1] / "data" / "faces"
ACCEPT, REJECT = 0.55, 0.62
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def photo(name: str) -> bytes:
    return (FACES / name).read_bytes()


@pytest.fixture(scope="session")
def engine() -> FaceEngine:
    return FaceEngine(accept_below=ACCEPT, reject_above=REJECT)


@pytest.fixture(scope="session")
def reference(engine: FaceEngine) -> FaceEnrollment:
    """img17: the person in img16, from another photo."""
    return engine.enroll(photo("img17.jpg"))


def pose(engine: FaceEngine, rgb: np.ndarray) -> syn.Pose:
    found = fc.find_faces(engine.models, rgb)
    assert len(found) == 1
    shape = fc.shape5(engine.models, rgb, found[0])
    return syn.Pose(rgb, fc.geometry(engine.models, rgb, found[0], shape))


@pytest.fixture(scope="session")
def turn_poses(engine: FaceEngine) -> tuple[syn.Pose, syn.Pose]:
    """img16 and its mirror image: the same head at yaw about -8 and +12 degrees (a real
    3-D pose difference; see docs/biometrics.md, "what is simulated")."""
    rgb = decode_image(photo("img16.jpg"), ImageLimits(work_side=1280)).rgb
    a = pose(engine, rgb)
    b = pose(engine, np.ascontiguousarray(rgb[:, ::-1]))
    lo, hi = sorted((a, b), key=lambda p: p.geo.yaw)
    return lo, hi


@pytest.fixture(scope="session")
def studio(engine: FaceEngine) -> syn.Pose:
    """img14: a plain-background studio portrait that passes every capture rule."""
    return pose(engine, decode_image(photo("img14.jpg"), ImageLimits(work_side=1280)).rgb)
