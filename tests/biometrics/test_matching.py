"""Face match with real photos: genuine, impostor, the review band, enrolment."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from jmo.biometrics import DESCRIPTOR_BYTES, FaceEngine
from jmo.biometrics.face import distance
from jmo.biometrics.imaging import decode_image
from jmo.domain.biometric import Decision, FaceEnrollment
from jmo.domain.errors import DomainError
from tests import synthetic_faces as syn

from .conftest import photo


def test_enrolment_gives_a_float32_descriptor_and_a_normalised_photo(
    reference: FaceEnrollment,
) -> None:
    assert len(reference.descriptor) == DESCRIPTOR_BYTES
    values = np.frombuffer(reference.descriptor, dtype="<f4")
    assert np.isfinite(values).all()
    assert 0.5 < float(np.linalg.norm(values)) < 1.5  # dlib descriptors are near unit length
    img = Image.open(io.BytesIO(reference.photo_jpeg))
    assert img.format == "JPEG"
    assert img.mode == "RGB"
    assert max(img.size) <= 640
    assert not img.getexif()
    assert reference.model


def test_genuine_pair_passes(engine: FaceEngine, reference: FaceEnrollment) -> None:
    match = engine.verify(photo("img16.jpg"), reference.descriptor)
    assert match.decision is Decision.PASS, match.error_code
    assert match.distance is not None
    assert match.distance <= engine.accept_below
    assert match.error_code is None
    assert all(c.passed for c in match.checks)
    assert match.extra["liveness"] == "not_assessed"


def test_impostor_fails(engine: FaceEngine, reference: FaceEnrollment) -> None:
    match = engine.verify(photo("img12.jpg"), reference.descriptor)
    assert match.decision is Decision.FAIL
    assert match.error_code == "face.mismatch"
    assert match.distance is not None
    assert match.distance > engine.reject_above


def test_borderline_distance_goes_to_review(engine: FaceEngine, reference: FaceEnrollment) -> None:
    d = engine.verify(photo("img16.jpg"), reference.descriptor).distance
    assert d is not None
    strict = FaceEngine(accept_below=d - 0.02, reject_above=d + 0.02, models=engine.models)
    match = strict.verify(photo("img16.jpg"), reference.descriptor)
    assert match.decision is Decision.REVIEW
    assert match.error_code == "face.review"


def test_distance_is_symmetric_and_zero_for_itself(engine: FaceEngine) -> None:
    a = engine.describe(photo("img16.jpg"))
    b = engine.describe(photo("img17.jpg"))
    assert distance(a, a) == 0.0
    assert distance(a, b) == pytest.approx(distance(b, a))


def test_enrolment_without_a_face_is_refused(engine: FaceEngine) -> None:
    blank = syn.jpeg(np.full((480, 640, 3), 200, dtype=np.uint8))
    with pytest.raises(DomainError) as info:
        engine.enroll(blank)
    assert info.value.code == "selfie.no_face"


def test_enrolment_with_two_faces_is_refused(engine: FaceEngine, studio: syn.Pose) -> None:
    other = decode_image(photo("img12.jpg"), engine.limits).rgb
    with pytest.raises(DomainError) as info:
        engine.enroll(syn.jpeg(syn.side_by_side(studio.rgb, other)))
    assert info.value.code == "selfie.multiple_faces"


def test_a_malformed_reference_is_a_programming_error(engine: FaceEngine) -> None:
    with pytest.raises(ValueError, match="512 bytes"):
        engine.verify(photo("img16.jpg"), b"\x00" * 100)


def test_per_attempt_record_has_scores_rules_and_no_image(
    engine: FaceEngine, reference: FaceEnrollment
) -> None:
    record = engine.verify(photo("img16.jpg"), reference.descriptor).to_record()
    assert record["decision"] == "pass"
    checks = record["checks"]
    assert isinstance(checks, list)
    assert {c["rule"] for c in checks} >= {
        "face_visible",
        "plain_background",
        "no_occlusion",
        "lighting",
        "still",
    }
    assert all("value" in c and "threshold" in c for c in checks)
    assert "descriptor" not in str(record)
