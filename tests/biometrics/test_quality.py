"""Each capture rule fails on the defect it is for, with its own code, and a head scarf that
leaves the face visible is accepted. Variants are built from a real studio portrait."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from jmo.biometrics import FaceEngine
from jmo.biometrics.imaging import decode_image
from jmo.domain.biometric import Decision, FaceEnrollment
from jmo.domain.errors import DomainError
from tests import synthetic_faces as syn

from .conftest import photo


def failed_codes(engine: FaceEngine, rgb: np.ndarray) -> set[str]:
    try:
        _, checks = engine.measure(syn.jpeg(rgb))
    except DomainError as exc:
        return {exc.code}
    return {c.code or "" for c in checks if not c.passed}


def test_the_clean_portrait_passes_every_rule(engine: FaceEngine, studio: syn.Pose) -> None:
    assert failed_codes(engine, studio.rgb) == set()


@pytest.mark.parametrize("colour", [(40, 60, 110), (225, 215, 200)])
def test_a_head_scarf_leaving_the_face_visible_is_accepted(
    engine: FaceEngine, studio: syn.Pose, colour: tuple[int, int, int]
) -> None:
    assert failed_codes(engine, syn.head_scarf(studio.rgb, studio.geo, colour)) == set()


VARIANTS: dict[str, tuple[str, Callable[[syn.Pose], np.ndarray]]] = {
    "dark": ("selfie.too_dark", lambda p: syn.scale_light(p.rgb, 0.3)),
    "bright": ("selfie.too_bright", lambda p: syn.scale_light(p.rgb, 1.5, 70)),
    "side_light": ("selfie.uneven_light", lambda p: syn.side_light(p.rgb, p.geo, 0.6)),
    "blur": ("selfie.blurry", lambda p: syn.gaussian_blur(p.rgb, p.geo.iod / 25)),
    "motion": ("selfie.moving", lambda p: syn.motion_blur(p.rgb, int(p.geo.iod / 5))),
    "cut_off": ("selfie.face_cut_off", lambda p: syn.shift_off_edge(p.rgb, p.geo)),
    "far": ("selfie.face_too_small", lambda p: syn.small_face(p.rgb, 0.35)),
    "tilted": ("selfie.not_frontal", lambda p: syn.rotate(p.rgb, 22)),
    "clutter": ("selfie.background_busy", lambda p: syn.clutter_background(p.rgb, p.geo, 1)),
    "dark_glasses": ("selfie.glasses", lambda p: syn.dark_glasses(p.rgb, p.geo)),
    "clear_glasses": ("selfie.glasses", lambda p: syn.clear_glasses(p.rgb, p.geo)),
    "mask": ("selfie.mask", lambda p: syn.face_mask(p.rgb, p.geo, (140, 190, 225))),
    "cap": ("selfie.covered", lambda p: syn.cap(p.rgb, p.geo, (30, 40, 90))),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_rule_catches_its_defect(engine: FaceEngine, studio: syn.Pose, name: str) -> None:
    code, make = VARIANTS[name]
    assert code in failed_codes(engine, make(studio))


def test_two_faces_side_by_side(engine: FaceEngine, studio: syn.Pose) -> None:
    other = decode_image(photo("img16.jpg"), engine.limits).rgb
    assert failed_codes(engine, syn.side_by_side(studio.rgb, other)) == {"selfie.multiple_faces"}


def test_no_face_at_all(engine: FaceEngine) -> None:
    wall = np.full((480, 640, 3), 180, dtype=np.uint8)
    assert failed_codes(engine, wall) == {"selfie.no_face"}


def test_verify_reports_the_first_failed_rule_with_value_and_threshold(
    engine: FaceEngine, studio: syn.Pose, reference: FaceEnrollment
) -> None:
    match = engine.verify(syn.jpeg(syn.scale_light(studio.rgb, 0.3)), reference.descriptor)
    assert match.decision is Decision.RETRY
    assert match.error_code == "selfie.too_dark"
    failed = match.failed_checks
    assert failed[0].code == "selfie.too_dark"
    assert failed[0].rule == "lighting"
    assert failed[0].value is not None
    assert failed[0].value < engine.quality.min_brightness
    assert failed[0].threshold
    # every rule is reported, passed or not
    assert {c.rule for c in match.checks} >= {
        "face_visible",
        "plain_background",
        "no_occlusion",
        "lighting",
        "still",
    }


def test_enrolment_can_require_the_capture_rules(engine: FaceEngine, studio: syn.Pose) -> None:
    data = syn.jpeg(syn.dark_glasses(studio.rgb, studio.geo))
    assert engine.enroll(data).descriptor  # reference photos are not held to selfie rules
    with pytest.raises(DomainError) as info:
        engine.enroll(data, check_quality=True)
    assert info.value.code == "selfie.glasses"
