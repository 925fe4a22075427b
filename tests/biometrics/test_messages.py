"""Every code the engine can return has an Indonesian message and an English translation."""

from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

from jmo.biometrics import engine, imaging, liveness, pool, quality_measures, quality_rules
from jmo.i18n import error_message
from jmo.i18n.errors import ERROR_MESSAGES
from jmo.i18n.errors.biometrics import MESSAGES

REQUIRED = {
    "image.not_image",
    "image.truncated",
    "image.too_large",
    "image.too_many_pixels",
    "image.too_small",
    "selfie.no_face",
    "selfie.multiple_faces",
    "selfie.face_cut_off",
    "selfie.face_too_small",
    "selfie.not_frontal",
    "selfie.blurry",
    "selfie.background_busy",
    "selfie.covered",
    "selfie.glasses",
    "selfie.mask",
    "selfie.too_dark",
    "selfie.too_bright",
    "selfie.uneven_light",
    "selfie.moving",
    "liveness.challenge_not_done",
    "liveness.flat",
    "liveness.person_changed",
    "liveness.replay",
    "liveness.expired",
    "face.mismatch",
    "face.review",
}


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for module in (engine, imaging, liveness, pool, quality_measures, quality_rules):
        src = inspect.getsource(module)
        found |= set(re.findall(r'"((?:image|selfie|liveness|face|engine)\.[a-z_]+)"', src))
    return found


def test_all_required_codes_have_messages() -> None:
    assert MESSAGES.keys() >= REQUIRED


def test_every_code_the_engine_emits_has_a_message() -> None:
    assert codes_in_source() <= MESSAGES.keys()
    assert MESSAGES.keys() <= ERROR_MESSAGES.keys()  # registered


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_is_translated_to_english(code: str) -> None:
    indonesian = error_message("id", code)
    english = error_message("en", code)
    assert indonesian == MESSAGES[code]
    assert english != indonesian
    assert english.endswith(".")


def test_the_covering_rule_does_not_forbid_religious_head_coverings() -> None:
    text = MESSAGES["selfie.covered"]
    assert "hijab" in text
    assert "boleh" in text  # "may be worn"


def test_thresholds_are_plain_data() -> None:
    # config values arrive as constructor arguments; the dataclasses must stay picklable
    for cls in (quality_rules.QualityThresholds, liveness.LivenessThresholds, imaging.ImageLimits):
        assert dataclasses.is_dataclass(cls)
