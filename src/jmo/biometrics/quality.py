"""The five capture rules people are told, each measured with a value and a threshold.

Rules and their measures follow biometrics-notes §3 and the component measures of
ISO/IEC 29794-5 (pose, eyes open, sharpness, occlusion, illumination, background
uniformity, head size and cropping). Thresholds are starting points measured on the dev
photos and on the degraded variants in docs/biometrics.md; they are constructor arguments so
that they can be retuned on real selfies without a code change.

1. ``face_visible``: one face, not cut off, large enough, frontal, sharp, eyes open.
2. ``plain_background``: colour spread and texture beside and above the head.
3. ``no_occlusion``: forehead, brows and face edges visible (a hijab, kerudung or peci that
   leaves them visible is fine: ICAO 9303 allows religious coverings), no glasses, no mask.
4. ``lighting``: brightness, clipping, contrast, left/right balance.
5. ``still``: motion blur here; movement across frames in ``liveness``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from jmo.biometrics import face as fc
from jmo.biometrics.imaging import RgbArray
from jmo.domain.biometric import QualityCheck

FloatArray = npt.NDArray[np.float64]
AnyArray = npt.NDArray[Any]

RULE_FACE = "face_visible"
RULE_BACKGROUND = "plain_background"
RULE_OCCLUSION = "no_occlusion"
RULE_LIGHT = "lighting"
RULE_STILL = "still"


@dataclass(frozen=True)
class QualityThresholds:
    # Rule 1. IOD >= 60 px in the captured image is the notes' hard minimum (ICAO asks ~90
    # for document portraits; a selfie matched by a 150 px chip does not need it).
    min_iod_px: float = 60.0
    min_face_height_ratio: float = 0.18  # face (forehead to chin) / frame height
    min_edge_margin_iod: float = 0.05  # face-oval points this far inside the frame
    max_yaw_deg: float = 12.0
    max_roll_deg: float = 10.0
    max_pitch_dev_deg: float = 18.0
    # Face Mesh's forehead-chin line is not vertical in its canonical face: frontal dev
    # photos read -20 to +7 degrees (median -9). The limit applies around this bias.
    pitch_bias_deg: float = -10.0
    # Laplacian variance of the face at IOD 60 px, contrast-normalised (dev photos >= 80 but
    # one small blurred face at 37; Gaussian-blurred variants <= 20).
    min_sharpness: float = 40.0
    min_ear: float = 0.12  # eyes open, MediaPipe Iris EAR (dev photos: see docs)
    # Rule 2 (notes: plain if std <= 12 and median gradient <= 1.0).
    max_background_std: float = 6.0  # median 8x8-block colour std
    max_background_gradient: float = 3.0
    # Rule 3.
    min_forehead_skin: float = 0.35  # share of skin-coloured pixels just above the brows
    max_bridge_edge: float = (
        4.2  # glasses: bridge strongest row / median row (dev: <= 3.73 without, 5.1 and 8.0 with)
    )
    min_eye_to_cheek: float = 0.3  # dark glasses: eye-box brightness / cheek brightness
    max_eye_glare: float = 0.04  # share of saturated pixels in the eye boxes
    max_lower_face_chroma: float = 14.0  # mask: chroma distance lower face vs skin
    min_lip_edge: float = 1.2  # mask: lip-contour gradient / face mean gradient (dev >= 1.75)
    # Rule 4 (notes: mean 70-200, < 5 % clipped, p98 - p2 >= 100, cheek ratio 0.75-1.33).
    min_brightness: float = 70.0
    max_brightness: float = 200.0
    max_clipped: float = 0.05
    min_contrast: float = 60.0
    max_side_ratio: float = 1.45  # cheek luminance ratio (notes: 0.75-1.33)
    # Rule 5.
    max_blur_anisotropy: float = 4.3  # dev photos <= 4.13; motion-blurred 3.8-9.5
    max_moving_sharpness: float = 150.0  # directional blur counts when sharpness is below


@dataclass(frozen=True)
class FrameMeasures:
    """Everything measured on one face; the rule checks read from here."""

    iod_px: float
    face_height_ratio: float
    edge_margin_iod: float
    yaw: float
    pitch: float
    roll: float
    sharpness: float
    blur_anisotropy: float
    ear: float
    background_std: float | None
    background_gradient: float | None
    forehead_skin: float
    bridge_edge: float
    eye_to_cheek: float
    eye_glare: float
    lower_face_chroma: float
    lip_edge: float
    brightness: float
    clipped_dark: float
    clipped_bright: float
    contrast: float
    side_ratio: float


def _ycbcr(rgb: RgbArray) -> FloatArray:
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128.0 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128.0 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return np.stack([y, cb, cr], axis=-1)


def _box(arr: AnyArray, x0: float, y0: float, x1: float, y1: float) -> AnyArray:
    h, w = arr.shape[:2]
    xa, xb = int(max(0, min(w, round(x0)))), int(max(0, min(w, round(x1))))
    ya, yb = int(max(0, min(h, round(y0)))), int(max(0, min(h, round(y1))))
    return arr[ya:yb, xa:xb]


def _block_std(patch: FloatArray, block: int = 8) -> float:
    """Median over 8x8 blocks of the mean per-channel standard deviation."""
    h, w = patch.shape[0] // block * block, patch.shape[1] // block * block
    blocks = patch[:h, :w].reshape(h // block, block, w // block, block, -1)
    per_block = blocks.std(axis=(1, 3)).mean(axis=-1)
    return float(np.median(per_block))


def _laplacian_var(grey: FloatArray) -> float:
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.0
    lap = grey[1:-1, :-2] + grey[1:-1, 2:] + grey[:-2, 1:-1] + grey[2:, 1:-1] - 4 * grey[1:-1, 1:-1]
    return float(lap.var())


def _directional_energy(grey: FloatArray) -> float:
    """Max/min gradient energy over four directions: motion blur flattens one of them."""
    if grey.shape[0] < 4 or grey.shape[1] < 4:
        return 1.0
    d0 = grey[:, 2:] - grey[:, :-2]
    d90 = grey[2:, :] - grey[:-2, :]
    d45 = grey[2:, 2:] - grey[:-2, :-2]
    d135 = grey[2:, :-2] - grey[:-2, 2:]
    energies = [float(np.mean(d * d)) + 1e-6 for d in (d0, d90, d45, d135)]
    return max(energies) / min(energies)


def _face_crop60(
    grey: FloatArray, geo: fc.FaceGeometry, ox: float = 0.0, oy: float = 0.0
) -> FloatArray:
    """Grey face (brows to mouth, eye corner to eye corner), resampled to IOD = 60 px so
    that sharpness does not depend on resolution (biometrics-notes §3 "sharpness")."""
    mesh, iod = geo.mesh, max(geo.iod, 1.0)
    f = 60.0 / iod
    fx0, fx1 = mesh[fc.MESH_EYE_OUTER_L, 0] - 0.3 * iod, mesh[fc.MESH_EYE_OUTER_R, 0] + 0.3 * iod
    fy0 = min(mesh[list(fc.MESH_BROW_L + fc.MESH_BROW_R), 1].min(), mesh[fc.MESH_EYE_OUTER_L, 1])
    fy1 = max(mesh[fc.MESH_MOUTH_L, 1], mesh[fc.MESH_MOUTH_R, 1]) + 0.1 * iod
    crop = _box(grey, fx0 - ox, fy0 - oy, fx1 - ox, fy1 - oy)
    if crop.size and f != 1.0:
        size = (max(4, round(crop.shape[1] * f)), max(4, round(crop.shape[0] * f)))
        crop = np.asarray(
            Image.fromarray(crop.astype(np.float32), mode="F").resize(
                size, Image.Resampling.BILINEAR
            ),
            dtype=np.float64,
        )
    # Contrast-normalised (face std scaled to 50 grey levels) so that a dark or washed-out
    # photo is reported as a light problem, not as blur.
    return crop * (50.0 / max(float(crop.std()), 5.0)) if crop.size else crop


def face_sharpness(rgb: RgbArray, geo: fc.FaceGeometry) -> float:
    # Grey only around the face: a full 640x480 conversion per burst frame costs ~3 ms.
    pts = geo.mesh[:, :2]
    x0, y0 = (max(0, int(v) - 2) for v in pts.min(axis=0))
    x1, y1 = (int(v) + 2 for v in pts.max(axis=0))
    grey = rgb[y0:y1, x0:x1].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return _laplacian_var(_face_crop60(grey, geo, x0, y0))


def measure(rgb: RgbArray, geo: fc.FaceGeometry, scale: float) -> FrameMeasures:
    """Every measure of one face (the thresholds are the rules' business, ``evaluate``)."""
    h, w = rgb.shape[:2]
    mesh = geo.mesh
    iod = max(geo.iod, 1.0)
    oval = mesh[list(fc.MESH_FACE_OVAL), :2]
    margin = float(np.min(np.concatenate([oval[:, 0], oval[:, 1], w - oval[:, 0], h - oval[:, 1]])))
    face_top, face_bottom = float(mesh[fc.MESH_FOREHEAD, 1]), float(mesh[fc.MESH_CHIN, 1])
    face_left, face_right = float(oval[:, 0].min()), float(oval[:, 0].max())
    # Colour work on the face region only (brows to chin, face edges, plus margins): the
    # background patches below read their own small slices of ``rgb``.
    brow_top_y = float(mesh[list(fc.MESH_BROW_L + fc.MESH_BROW_R), 1].min())
    ox = int(max(0, min(oval[:, 0].min(), face_left) - 0.5 * iod))
    oy = int(max(0, min(oval[:, 1].min(), brow_top_y) - 0.6 * iod))
    ex = int(min(w, oval[:, 0].max() + 0.5 * iod)) + 1
    ey_ = int(min(h, oval[:, 1].max() + 0.3 * iod)) + 1
    ycc = _ycbcr(rgb[oy:ey_, ox:ex])
    grey = ycc[..., 0]

    def box(arr: FloatArray, x0: float, y0: float, x1: float, y1: float) -> FloatArray:
        return _box(arr, x0 - ox, y0 - oy, x1 - ox, y1 - oy)

    crop = _face_crop60(grey, geo, ox, oy)
    sharpness = _laplacian_var(crop)
    anisotropy = _directional_energy(crop)

    # --- lighting inside the face polygon ---
    mask_img = Image.new("L", (grey.shape[1], grey.shape[0]), 0)
    ImageDraw.Draw(mask_img).polygon([(float(x) - ox, float(y) - oy) for x, y in oval], fill=1)
    face_mask = np.asarray(mask_img, dtype=bool)
    face_px = grey[face_mask] if face_mask.any() else grey.ravel()
    p2, p98 = np.percentile(face_px, [2, 98])
    eye_mid = (mesh[fc.MESH_EYE_OUTER_L, :2] + mesh[fc.MESH_EYE_OUTER_R, :2]) / 2
    # Uneven light: mean luminance of the two cheeks (notes §3 "exposure": cheek ratio).
    cr = 0.15 * iod
    cheek_means = []
    for c in (mesh[fc.MESH_CHEEK_L, :2], mesh[fc.MESH_CHEEK_R, :2]):
        patch = box(grey, c[0] - cr, c[1] - cr, c[0] + cr, c[1] + cr)
        cheek_means.append(float(patch.mean()) if patch.size else 1.0)
    side_ratio = max(cheek_means) / max(min(cheek_means), 1.0)

    # --- background: patches beside the head at eye level and above it (notes §3) ---
    # The patches sit well clear of the face (0.45 face widths), and clutter is measured as
    # the median colour spread of 8x8 blocks, not the spread of the whole patch: a hijab or
    # hair reaching into a patch adds one edge between two plain areas (most blocks stay
    # plain), while a cluttered room makes most blocks busy.
    fw = face_right - face_left
    fh = face_bottom - face_top
    head_l, head_r = face_left - 0.35 * fw, face_right + 0.35 * fw
    head_top = face_top - 0.5 * fh
    ey = float(eye_mid[1])
    patches = [
        (head_l - 0.4 * fw, ey - 0.5 * fw, head_l, ey + 0.3 * fw),
        (head_r, ey - 0.5 * fw, head_r + 0.4 * fw, ey + 0.3 * fw),
        (face_left, head_top - 0.3 * fw, face_right, head_top),
    ]
    stds: list[float] = []
    grads: list[float] = []
    for x0, y0, x1, y1 in patches:
        full = max(1.0, (x1 - x0) * (y1 - y0))
        patch = _box(rgb, x0, y0, x1, y1).astype(np.float64)
        if (
            patch.shape[0] < 8
            or patch.shape[1] < 8
            or patch.shape[0] * patch.shape[1] < 0.25 * full
        ):
            continue
        stds.append(_block_std(patch))
        luma = patch @ np.array([0.299, 0.587, 0.114])
        gy = np.abs(np.diff(luma, axis=0))[:, :-1]
        gx = np.abs(np.diff(luma, axis=1))[:-1, :]
        grads.append(float(np.median(gx + gy)))
    background_std = float(np.median(stds)) if stds else None
    background_gradient = float(np.median(grads)) if grads else None

    # --- occlusion ---
    # Skin reference: small patches beside the nose bridge and under the eyes, which stay
    # visible under a cap (above) and a mask (below) alike.
    r = 0.08 * iod
    refs = [
        box(ycc, c[0] - r, c[1] - r, c[0] + r, c[1] + r).reshape(-1, 3)
        for c in mesh[list(fc.MESH_SKIN_REFERENCE), :2]
    ]
    cheeks = np.concatenate(refs)
    if cheeks.size == 0:
        cheeks = ycc.reshape(-1, 3)
    skin = np.median(cheeks, axis=0)
    # Forehead band just above the brows: a cap or brim hides it, a hijab does not.
    brows = mesh[list(fc.MESH_BROW_L + fc.MESH_BROW_R), :2]
    brow_top = float(brows[:, 1].min())
    band = box(
        ycc,
        brows[:, 0].min() + 0.1 * iod,
        brow_top - 0.4 * iod,
        brows[:, 0].max() - 0.1 * iod,
        brow_top - 0.05 * iod,
    ).reshape(-1, 3)
    if band.size:
        chroma_ok = np.hypot(band[:, 1] - skin[1], band[:, 2] - skin[2]) <= 12.0
        luma_ok = np.abs(band[:, 0] - skin[0]) <= 0.5 * max(skin[0], 40.0)
        forehead_skin = float(np.mean(chroma_ok & luma_ok))
    else:
        forehead_skin = 0.0

    # Glasses: the nose-bridge edge profile between the inner eye corners (notes §3).
    inner_l, inner_r = mesh[fc.MESH_EYE_INNER_L, :2], mesh[fc.MESH_EYE_INNER_R, :2]
    # From the lower edge of the inner brow ends (a cap's brim stops above) to the corners.
    brow_inner_low = float(mesh[list(fc.MESH_BROW_INNER_LOW), 1].max())
    bridge = box(
        grey,
        inner_l[0] + 0.1 * iod,
        brow_inner_low,
        inner_r[0] - 0.1 * iod,
        max(inner_l[1], inner_r[1]) + 0.05 * iod,
    )
    if bridge.shape[0] >= 4 and bridge.shape[1] >= 2:
        rows = np.abs(np.diff(bridge, axis=0)).mean(axis=1)
        bridge_edge = float(rows.max() / max(float(np.median(rows)), 0.5))
    else:
        bridge_edge = 0.0
    eye_boxes = []
    for a, b in (
        (fc.MESH_EYE_OUTER_L, fc.MESH_EYE_INNER_L),
        (fc.MESH_EYE_INNER_R, fc.MESH_EYE_OUTER_R),
    ):
        pa, pb = mesh[a, :2], mesh[b, :2]
        cy = (pa[1] + pb[1]) / 2
        eye_boxes.append(
            box(grey, min(pa[0], pb[0]), cy - 0.2 * iod, max(pa[0], pb[0]), cy + 0.2 * iod).ravel()
        )
    eyes = np.concatenate(eye_boxes) if eye_boxes else np.zeros(1)
    eye_to_cheek = float(eyes.mean() / max(skin[0], 1.0)) if eyes.size else 1.0
    eye_glare = float(np.mean(eyes >= 250)) if eyes.size else 0.0

    # Mask: chroma of the lower face against the cheeks, and the lip contour's edges.
    mouth_l, mouth_r = mesh[fc.MESH_MOUTH_L, :2], mesh[fc.MESH_MOUTH_R, :2]
    chin = mesh[fc.MESH_CHIN, :2]
    nose_tip = mesh[fc.MESH_NOSE_TIP, :2]
    lower = box(
        ycc,
        mouth_l[0],
        (nose_tip[1] + min(mouth_l[1], mouth_r[1])) / 2,
        mouth_r[0],
        (chin[1] + max(mouth_l[1], mouth_r[1])) / 2,
    ).reshape(-1, 3)
    lower_face_chroma = (
        float(np.hypot(*(np.median(lower, axis=0)[1:] - skin[1:]))) if lower.size else 0.0
    )
    gyf = np.abs(np.diff(grey, axis=0))
    lips = mesh[list(fc.MESH_LIPS_OUTER), :2]
    lip_vals = []
    for x, y in lips:
        xi, yi = round(x) - ox, round(y) - oy
        if 1 <= yi < gyf.shape[0] - 1 and 1 <= xi < gyf.shape[1] - 1:
            lip_vals.append(float(gyf[yi - 1 : yi + 2, xi - 1 : xi + 2].max()))
    face_grad = float(gyf[face_mask[1:]].mean()) if face_mask[1:].any() else 1.0
    lip_edge = (float(np.mean(lip_vals)) / max(face_grad, 0.5)) if lip_vals else 0.0

    return FrameMeasures(
        iod_px=iod / scale,
        face_height_ratio=fh / h,
        edge_margin_iod=margin / iod,
        yaw=geo.yaw,
        pitch=geo.pitch,
        roll=geo.roll,
        sharpness=sharpness,
        blur_anisotropy=anisotropy,
        ear=geo.ear,
        background_std=background_std,
        background_gradient=background_gradient,
        forehead_skin=forehead_skin,
        bridge_edge=bridge_edge,
        eye_to_cheek=eye_to_cheek,
        eye_glare=eye_glare,
        lower_face_chroma=lower_face_chroma,
        lip_edge=lip_edge,
        brightness=float(face_px.mean()),
        clipped_dark=float(np.mean(face_px <= 5)),
        clipped_bright=float(np.mean(face_px >= 250)),
        contrast=float(p98 - p2),
        side_ratio=side_ratio,
    )


def _check(
    rule: str, ok: bool, value: float | None, threshold: str, code: str, detail: str
) -> QualityCheck:
    return QualityCheck(
        rule=rule,
        passed=ok,
        value=None if value is None else round(float(value), 4),
        threshold=threshold,
        code=None if ok else code,
        detail=detail,
    )


def face_count_check(count: int) -> QualityCheck:
    code = "selfie.no_face" if count == 0 else "selfie.multiple_faces"
    return _check(RULE_FACE, count == 1, float(count), "== 1", code, "face_count")


# Which failure to tell the person first (``FaceMatch.error_code``). The checks are listed
# in the order of the five rules, but bad light distorts the other measures (a dark face
# looks blurred, washed-out eyes look like lens glare), so light is fixed first, right after
# framing; then sharpness, coverings, background and stillness.
CODE_PRIORITY = (
    "selfie.no_face",
    "selfie.multiple_faces",
    "selfie.face_cut_off",
    "selfie.face_too_small",
    "selfie.too_close",
    "selfie.too_dark",
    "selfie.too_bright",
    "selfie.low_contrast",
    "selfie.uneven_light",
    "selfie.not_frontal",
    "selfie.moving",
    "selfie.blurry",
    "selfie.eyes_closed",
    "selfie.covered",
    "selfie.glasses",
    "selfie.mask",
    "selfie.background_busy",
)


def first_failure(checks: Sequence[QualityCheck]) -> QualityCheck | None:
    failed = [c for c in checks if not c.passed]
    if not failed:
        return None
    rank = {code: i for i, code in enumerate(CODE_PRIORITY)}
    return min(failed, key=lambda c: rank.get(c.code or "", len(rank)))


def evaluate(m: FrameMeasures, t: QualityThresholds) -> list[QualityCheck]:
    """Every check, in the order of the five rules (``first_failure`` picks what to say)."""
    pitch_dev = abs(m.pitch - t.pitch_bias_deg)
    blurry = m.sharpness < t.min_sharpness
    # Motion blur smears one direction only: strongly directional and somewhat soft.
    moving = m.blur_anisotropy > t.max_blur_anisotropy and m.sharpness < t.max_moving_sharpness
    checks = [
        _check(
            RULE_FACE,
            m.edge_margin_iod >= t.min_edge_margin_iod,
            m.edge_margin_iod,
            f">= {t.min_edge_margin_iod} IOD",
            "selfie.face_cut_off",
            "edge_margin",
        ),
        _check(
            RULE_FACE,
            m.iod_px >= t.min_iod_px,
            m.iod_px,
            f">= {t.min_iod_px:g} px",
            "selfie.face_too_small",
            "iod_px",
        ),
        _check(
            RULE_FACE,
            m.face_height_ratio >= t.min_face_height_ratio,
            m.face_height_ratio,
            f">= {t.min_face_height_ratio}",
            "selfie.face_too_small",
            "face_height_ratio",
        ),
        _check(
            RULE_FACE,
            abs(m.yaw) <= t.max_yaw_deg,
            m.yaw,
            f"|yaw| <= {t.max_yaw_deg:g} deg",
            "selfie.not_frontal",
            "yaw_deg",
        ),
        _check(
            RULE_FACE,
            pitch_dev <= t.max_pitch_dev_deg,
            m.pitch,
            f"|pitch - ({t.pitch_bias_deg:g})| <= {t.max_pitch_dev_deg:g} deg",
            "selfie.not_frontal",
            "pitch_deg",
        ),
        _check(
            RULE_FACE,
            abs(m.roll) <= t.max_roll_deg,
            m.roll,
            f"|roll| <= {t.max_roll_deg:g} deg",
            "selfie.not_frontal",
            "roll_deg",
        ),
        _check(
            RULE_FACE,
            not blurry or moving,
            m.sharpness,
            f">= {t.min_sharpness:g}",
            "selfie.blurry",
            "laplacian_var",
        ),
        _check(
            RULE_FACE, m.ear >= t.min_ear, m.ear, f">= {t.min_ear}", "selfie.eyes_closed", "ear"
        ),
    ]
    if m.background_std is None or m.background_gradient is None:
        checks.append(
            _check(RULE_BACKGROUND, False, None, "a patch beside the head", "selfie.too_close", "")
        )
    else:
        checks.append(
            _check(
                RULE_BACKGROUND,
                m.background_std <= t.max_background_std,
                m.background_std,
                f"<= {t.max_background_std:g}",
                "selfie.background_busy",
                "colour_std",
            )
        )
        checks.append(
            _check(
                RULE_BACKGROUND,
                m.background_gradient <= t.max_background_gradient,
                m.background_gradient,
                f"<= {t.max_background_gradient:g}",
                "selfie.background_busy",
                "median_gradient",
            )
        )
    checks += [
        _check(
            RULE_OCCLUSION,
            m.forehead_skin >= t.min_forehead_skin,
            m.forehead_skin,
            f">= {t.min_forehead_skin}",
            "selfie.covered",
            "forehead_skin_share",
        ),
        _check(
            RULE_OCCLUSION,
            m.eye_to_cheek >= t.min_eye_to_cheek,
            m.eye_to_cheek,
            f">= {t.min_eye_to_cheek}",
            "selfie.glasses",
            "eye_to_cheek_brightness",
        ),
        _check(
            RULE_OCCLUSION,
            m.bridge_edge <= t.max_bridge_edge,
            m.bridge_edge,
            f"<= {t.max_bridge_edge}",
            "selfie.glasses",
            "nose_bridge_edge",
        ),
        _check(
            RULE_OCCLUSION,
            # Glare on lenses, unless the whole face is over-exposed (rule 4 says so then).
            m.eye_glare <= t.max_eye_glare or m.clipped_bright > t.max_clipped,
            m.eye_glare,
            f"<= {t.max_eye_glare}",
            "selfie.glasses",
            "eye_glare_share",
        ),
        _check(
            RULE_OCCLUSION,
            m.lip_edge >= t.min_lip_edge,
            m.lip_edge,
            f">= {t.min_lip_edge}",
            "selfie.mask",
            f"lip_edge (lower-face chroma {m.lower_face_chroma:.1f})",
        ),
        _check(
            RULE_LIGHT,
            m.brightness >= t.min_brightness and m.clipped_dark <= t.max_clipped,
            m.brightness,
            f">= {t.min_brightness:g}, dark clipped <= {t.max_clipped}",
            "selfie.too_dark",
            f"mean_luma (dark clipped {m.clipped_dark:.3f})",
        ),
        _check(
            RULE_LIGHT,
            m.brightness <= t.max_brightness and m.clipped_bright <= t.max_clipped,
            m.brightness,
            f"<= {t.max_brightness:g}, bright clipped <= {t.max_clipped}",
            "selfie.too_bright",
            f"mean_luma (bright clipped {m.clipped_bright:.3f})",
        ),
        _check(
            RULE_LIGHT,
            m.contrast >= t.min_contrast,
            m.contrast,
            f">= {t.min_contrast:g}",
            "selfie.low_contrast",
            "p98_minus_p2",
        ),
        _check(
            RULE_LIGHT,
            m.side_ratio <= t.max_side_ratio,
            m.side_ratio,
            f"<= {t.max_side_ratio}",
            "selfie.uneven_light",
            "left_right_ratio",
        ),
        _check(
            RULE_STILL,
            not moving,
            m.blur_anisotropy,
            f"<= {t.max_blur_anisotropy} or sharpness >= {t.max_moving_sharpness:g}",
            "selfie.moving",
            "blur_anisotropy",
        ),
    ]
    return checks
