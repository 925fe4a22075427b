"""What the capture rules read: every measure of one face, computed from the image and
the face mesh (the component measures of ISO/IEC 29794-5 and biometrics-notes §3: head size
and cropping, pose, sharpness and directional blur, eyes open, background uniformity,
occlusion, illumination). No threshold here: ``quality_rules`` judges these values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from jmo.biometrics import face as fc
from jmo.biometrics.imaging import RgbArray

FloatArray = npt.NDArray[np.float64]
AnyArray = npt.NDArray[Any]


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
    """Every measure of one face (the thresholds are ``quality_rules.evaluate``'s)."""
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
