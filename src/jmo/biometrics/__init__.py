"""Face biometrics for the selfie step: match, capture quality and liveness.

Imports ``jmo.domain`` and imaging/model libraries only; configuration arrives as
constructor arguments (docs/biometrics.md, docs/decisions/0002-face-engine.md).
"""

from jmo.biometrics.engine import DESCRIPTOR_BYTES, FaceEngine, ReplayHook
from jmo.biometrics.imaging import ImageLimits
from jmo.biometrics.liveness import LivenessThresholds
from jmo.biometrics.pool import FacePool
from jmo.biometrics.quality_rules import QualityThresholds
from jmo.domain.biometric import LivenessChallenge, LivenessStep

__all__ = [
    "DESCRIPTOR_BYTES",
    "FaceEngine",
    "FacePool",
    "ImageLimits",
    "LivenessChallenge",
    "LivenessStep",
    "LivenessThresholds",
    "QualityThresholds",
    "ReplayHook",
]
