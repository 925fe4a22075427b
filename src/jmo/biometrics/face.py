"""Detection, landmarks and the descriptor for one frame.

Pipeline (biometrics-notes §1, measured there): HOG on a frame whose longest side is 640 px,
upsample 0 (15 ms) -> dlib 5-point landmarks (1 ms) -> ResNet 128-d descriptor on the
aligned 150x150 chip (58 ms). Face Mesh (468 points, 3 ms) is run on a crop placed from the
5 points; it gives the eye, nose, mouth and face-edge contours the quality and liveness
rules need, which the 5-point model lacks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import dlib
import numpy as np
import numpy.typing as npt
from PIL import Image

from jmo.biometrics.imaging import RgbArray
from jmo.biometrics.models import LoadedModels

FloatArray = npt.NDArray[np.float64]

# Single-face rule (biometrics-notes §3 "single face"): a detection counts as a face when its
# HOG score is >= 0.5 or its area is >= 15 % of the largest face. img67.jpg has a 43-px
# background false positive at score 0.10 against 2.0 for the real face.
COUNT_MIN_SCORE = 0.5
COUNT_MIN_AREA_RATIO = 0.15

# MediaPipe Face Mesh indices (canonical face model topology; "left"/"right" below are as
# seen in the image, i.e. image-left is the person's right).
MESH_EYE_OUTER_L, MESH_EYE_INNER_L = 33, 133
MESH_EYE_INNER_R, MESH_EYE_OUTER_R = 362, 263
MESH_MOUTH_L, MESH_MOUTH_R = 61, 291
MESH_NOSE_TIP = 1
MESH_NOSE_BRIDGE = (6, 197, 195, 5, 4)
MESH_CHIN, MESH_FOREHEAD = 152, 10
MESH_FACE_EDGE_L, MESH_FACE_EDGE_R = 234, 454
# Eye aspect ratio points p1..p6 (Soukupova & Cech 2016) on the Face Mesh eye contours.
MESH_EAR_L = (33, 160, 158, 133, 153, 144)
MESH_EAR_R = (362, 385, 387, 263, 373, 380)
MESH_BROW_L = (70, 63, 105, 66, 107, 46, 53, 52, 65, 55)
MESH_BROW_R = (300, 293, 334, 296, 336, 276, 283, 282, 295, 285)
MESH_FACE_OVAL = (
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
)
MESH_LIPS_OUTER = (
    61,
    146,
    91,
    181,
    84,
    17,
    314,
    405,
    321,
    375,
    291,
    409,
    270,
    269,
    267,
    0,
    37,
    39,
    40,
    185,
)
MESH_CHEEK_L, MESH_CHEEK_R = 50, 280  # under the eyes, beside the nose
# Skin seen under a cap and above a mask: beside the nose bridge and just under the eyes.
MESH_SKIN_REFERENCE = (197, 118, 347, 6)
MESH_BROW_INNER_LOW = (55, 285)  # lower edge of the brows' inner ends
MESH_INPUT = 192


@dataclass(frozen=True)
class Detection:
    left: float
    top: float
    right: float
    bottom: float
    score: float

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.bottom - self.top)

    def rect(self) -> dlib.rectangle:
        return dlib.rectangle(
            round(self.left), round(self.top), round(self.right), round(self.bottom)
        )


@dataclass(frozen=True)
class FaceGeometry:
    """Landmarks of one face in frame pixels, with what is derived from them."""

    box: Detection
    points5: FloatArray  # 5 x 2, dlib order
    mesh: FloatArray  # 468 x 3 (x, y in frame px; z in the same scale, smaller = nearer)
    mesh_score: float  # Face Mesh "face present" probability
    iod: float  # inter-ocular distance (eye centres) in frame px
    yaw: float  # degrees, > 0 when the person turns to their own left (image right)
    pitch: float  # degrees, > 0 when the head tilts down
    roll: float  # degrees, > 0 clockwise in the image
    ear: float  # mean eye aspect ratio of both eyes (see ``geometry``)


def detect_faces(
    models: LoadedModels, rgb: RgbArray, shrink: int = 1, upsample: int = 0
) -> list[Detection]:
    """HOG detections, upsample 0, largest first (scores from ``detector.run``).

    ``shrink`` = 2 runs HOG on a half-size copy (4x fewer pixels, ~4x faster): used on the
    frames of a burst after the first, where the face is known to be large. HOG's 80 px
    window then means faces under ~160 px are not seen at all. ``upsample`` = 1 doubles the
    frame first (~4x slower) to find faces down to ~40 px.
    """
    small = rgb
    if shrink > 1:
        h, w = rgb.shape[:2]
        small = np.asarray(
            Image.fromarray(rgb).resize((w // shrink, h // shrink), Image.Resampling.BILINEAR)
        )
    rects, scores, _ = models.detector.run(small, upsample, 0.0)
    found = [
        Detection(
            r.left() * shrink, r.top() * shrink, r.right() * shrink, r.bottom() * shrink, float(s)
        )
        for r, s in zip(rects, scores, strict=True)
    ]
    found.sort(key=lambda d: d.area, reverse=True)
    return found


def count_real_faces(detections: list[Detection]) -> list[Detection]:
    if not detections:
        return []
    largest = detections[0].area
    return [
        d
        for d in detections
        if d is detections[0]
        or d.score >= COUNT_MIN_SCORE
        or d.area >= COUNT_MIN_AREA_RATIO * largest
    ]


def shape5(models: LoadedModels, rgb: RgbArray, box: Detection) -> dlib.full_object_detection:
    return models.shape5(rgb, box.rect())


def descriptor(models: LoadedModels, rgb: RgbArray, shape: dlib.full_object_detection) -> bytes:
    """128 float32 little-endian values (the contract's descriptor format)."""
    # num_jitters=0, padding=0.25: the set-up measured in biometrics-notes §1.
    vec = models.encoder.compute_face_descriptor(rgb, shape, 0, 0.25)
    return np.asarray(vec, dtype="<f4").tobytes()


def distance(a: bytes, b: bytes) -> float:
    va = np.frombuffer(a, dtype="<f4").astype(np.float64)
    vb = np.frombuffer(b, dtype="<f4").astype(np.float64)
    return float(np.linalg.norm(va - vb))


def geometry(
    models: LoadedModels,
    rgb: RgbArray,
    box: Detection,
    shape: dlib.full_object_detection,
    *,
    with_iris: bool = True,
) -> FaceGeometry:
    """Landmarks and pose; ``ear`` from MediaPipe Iris when ``with_iris`` (4 ms more),
    else from Face Mesh's coarser eyelid points (enough for continuity, not for blinks)."""
    pts = np.array([[shape.part(i).x, shape.part(i).y] for i in range(5)], dtype=np.float64)
    # 5-point model: 0-1 one eye's corners, 2-3 the other's, 4 under the nose.
    eye_a, eye_b = pts[0:2].mean(axis=0), pts[2:4].mean(axis=0)
    left_eye, right_eye = (eye_a, eye_b) if eye_a[0] <= eye_b[0] else (eye_b, eye_a)
    mesh, score = run_mesh(models, rgb, left_eye, right_eye)
    iod = float(np.linalg.norm(right_eye - left_eye))
    yaw, pitch, roll = head_pose(mesh)
    return FaceGeometry(
        box=box,
        points5=pts,
        mesh=mesh,
        mesh_score=score,
        iod=iod,
        yaw=yaw,
        pitch=pitch,
        roll=roll,
        ear=eye_openness(models, rgb, mesh) if with_iris else eye_aspect_ratio(mesh),
    )


def run_mesh(
    models: LoadedModels, rgb: RgbArray, left_eye: FloatArray, right_eye: FloatArray
) -> tuple[FloatArray, float]:
    """Face Mesh on a square crop, rotated so the eyes are level, as MediaPipe does.

    The crop (centre 0.5 IOD below the eye line, side 3.4 IOD) matches the region MediaPipe
    derives from a BlazeFace box scaled by 1.5.
    """
    delta = right_eye - left_eye
    iod = max(float(np.hypot(*delta)), 1.0)
    angle = math.atan2(delta[1], delta[0])
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    down = np.array([-sin_a, cos_a])
    centre = (left_eye + right_eye) / 2 + 0.5 * iod * down
    side = 3.4 * iod
    step = side / MESH_INPUT
    # Affine map from crop pixel (u, v) to frame pixel (x, y): rotate by the eye angle.
    ax, ay = cos_a * step, sin_a * step
    bx, by = -sin_a * step, cos_a * step
    half = MESH_INPUT / 2
    cx = centre[0] - ax * half - bx * half
    cy = centre[1] - ay * half - by * half
    crop = Image.fromarray(rgb).transform(
        (MESH_INPUT, MESH_INPUT),
        Image.Transform.AFFINE,
        (ax, bx, cx, ay, by, cy),
        resample=Image.Resampling.BILINEAR,
    )
    tensor = np.asarray(crop, dtype=np.float32)[None] / np.float32(255.0)
    models.mesh.set_tensor(models.mesh_input, tensor)
    models.mesh.invoke()
    raw = models.mesh.get_tensor(models.mesh_landmarks).reshape(-1, 3).astype(np.float64)
    logit = float(models.mesh.get_tensor(models.mesh_score).ravel()[-1])
    u, v, z = raw[:, 0], raw[:, 1], raw[:, 2]
    out = np.empty_like(raw)
    out[:, 0] = ax * u + bx * v + cx
    out[:, 1] = ay * u + by * v + cy
    out[:, 2] = z * step
    return out, 1.0 / (1.0 + math.exp(-logit))


def head_pose(mesh: FloatArray) -> tuple[float, float, float]:
    """Yaw, pitch, roll in degrees from Face Mesh's 3-D points.

    Face Mesh returns z on the x scale, so the eye line's depth slope gives yaw and the
    forehead-to-chin line's depth slope gives pitch directly; no generic 3-D face fit is
    needed (the notes' fit had a +14 degree pitch bias).
    """
    eye = mesh[MESH_EYE_OUTER_R] - mesh[MESH_EYE_OUTER_L]
    vertical = mesh[MESH_CHIN] - mesh[MESH_FOREHEAD]
    roll = math.degrees(math.atan2(eye[1], eye[0]))
    # Person turns to their own left -> their left eye (image right) moves away (z grows).
    yaw = math.degrees(math.atan2(eye[2], math.hypot(eye[0], eye[1])))
    # Chin nearer than forehead (z smaller) when the head tilts up.
    pitch = -math.degrees(math.atan2(vertical[2], math.hypot(vertical[0], vertical[1])))
    return yaw, pitch, roll


def eye_aspect_ratio(mesh: FloatArray) -> float:
    def one(idx: tuple[int, ...]) -> float:
        p = mesh[list(idx), :2]
        width = float(np.linalg.norm(p[0] - p[3]))
        height = float(np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4]))
        return height / (2.0 * width) if width > 0 else 0.0

    return (one(MESH_EAR_L) + one(MESH_EAR_R)) / 2.0


# Iris model eye contour: 0-8 lower lid from the outer to the inner corner, 9-15 upper lid
# (MediaPipe iris_landmark topology). EAR points p1..p6 = 0, 11, 13, 8, 5, 3.
_IRIS_EAR = (0, 11, 13, 8, 5, 3)
IRIS_INPUT = 64


def _iris_ear_one(
    models: LoadedModels, rgb: RgbArray, outer: FloatArray, inner: FloatArray, flip: bool
) -> float:
    """EAR of one eye from MediaPipe Iris on a 64x64 crop 2.3 eye-widths wide, rotated so
    the corners are level; the image-right eye is mirrored, as MediaPipe does."""
    pa, pb = (inner, outer) if flip else (outer, inner)
    d = pb - pa
    width = max(float(np.hypot(d[0], d[1])), 1.0)
    angle = math.atan2(d[1], d[0])
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    step = 2.3 * width / IRIS_INPUT
    ax, ay = cos_a * step, sin_a * step
    bx, by = -sin_a * step, cos_a * step
    if flip:
        ax, ay = -ax, -ay
    centre = (pa + pb) / 2
    half = IRIS_INPUT / 2
    cx = centre[0] - ax * half - bx * half
    cy = centre[1] - ay * half - by * half
    crop = Image.fromarray(rgb).transform(
        (IRIS_INPUT, IRIS_INPUT),
        Image.Transform.AFFINE,
        (ax, bx, cx, ay, by, cy),
        resample=Image.Resampling.BILINEAR,
    )
    models.iris.set_tensor(
        models.iris_input, np.asarray(crop, dtype=np.float32)[None] / np.float32(255.0)
    )
    models.iris.invoke()
    p = models.iris.get_tensor(models.iris_contour).reshape(-1, 3)[:, :2].astype(np.float64)
    p1, p2, p3, p4, p5, p6 = (p[i] for i in _IRIS_EAR)
    horizontal = float(np.linalg.norm(p1 - p4))
    vertical = float(np.linalg.norm(p2 - p6) + np.linalg.norm(p3 - p5))
    return vertical / (2.0 * horizontal) if horizontal > 0 else 0.0


def eye_openness(models: LoadedModels, rgb: RgbArray, mesh: FloatArray) -> float:
    """Mean eye aspect ratio of both eyes from MediaPipe Iris (Face Mesh's own eyelid
    points barely move when the eye closes: measured on the simulated blinks, -5 %)."""
    m = mesh
    left = _iris_ear_one(models, rgb, m[MESH_EYE_OUTER_L, :2], m[MESH_EYE_INNER_L, :2], False)
    right = _iris_ear_one(models, rgb, m[MESH_EYE_OUTER_R, :2], m[MESH_EYE_INNER_R, :2], True)
    return (left + right) / 2.0


def find_faces(models: LoadedModels, rgb: RgbArray) -> list[Detection]:
    """Counted faces at upsample 0 (15-30 ms); when none is found, once more at upsample 1,
    so that a face too far away is reported as "too small" (move closer) rather than as
    "no face"."""
    faces = count_real_faces(detect_faces(models, rgb))
    if not faces:
        faces = count_real_faces(detect_faces(models, rgb, upsample=1))
    return faces
