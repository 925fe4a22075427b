"""Labelled test material made by transforming real photos: evaluation tooling only.

There is no selfie video and no attack footage in this repository. This module builds

- degraded stills (darker, brighter, blurred, moved, cut off, cluttered background, two
  faces, drawn dark glasses / mask / cap, a drawn head scarf that leaves the face visible)
  to measure each capture rule's false accept and false reject rates;
- simulated genuine bursts and attack bursts for the liveness rates.

What is real and what is simulated is stated in docs/biometrics.md: in short, the faces, the
head poses and the nose parallax between two real photos are real; the frame-to-frame
jitter, sensor noise, the blink (an eyelid painted over the eye) and the transitions are
simulated. The engine never imports this module.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from jmo.biometrics import face as fc
from jmo.biometrics.imaging import RgbArray
from jmo.biometrics.liveness import homography

FRAME_W, FRAME_H = 480, 640  # a portrait phone frame
FRAME_IOD = 100.0
EYES_AT = (240.0, 270.0)


def jpeg(rgb: RgbArray, quality: int = 88) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def _u8(arr: np.ndarray) -> RgbArray:
    out: RgbArray = np.clip(arr, 0, 255).astype(np.uint8)
    return out


# ----------------------------------------------------------------------- stills
def scale_light(rgb: RgbArray, factor: float, offset: float = 0.0) -> RgbArray:
    return _u8(rgb.astype(np.float64) * factor + offset)


def side_light(rgb: RgbArray, geo: fc.FaceGeometry, strength: float) -> RgbArray:
    """A light from one side: across the face, brightness falls from 1 to 1 - strength."""
    w = rgb.shape[1]
    oval = geo.mesh[list(fc.MESH_FACE_OVAL), 0]
    x0, x1 = float(oval.min()), float(oval.max())
    xs = np.clip((np.arange(w) - x0) / max(x1 - x0, 1.0), 0.0, 1.0)
    ramp = (1.0 - strength * xs)[None, :, None]
    return _u8(rgb.astype(np.float64) * ramp)


def gaussian_blur(rgb: RgbArray, radius: float) -> RgbArray:
    return np.asarray(Image.fromarray(rgb).filter(ImageFilter.GaussianBlur(radius)))


def motion_blur(rgb: RgbArray, length: int, horizontal: bool = True) -> RgbArray:
    """Box blur along one axis, as a hand moving during the exposure leaves."""
    acc = np.zeros(rgb.shape, dtype=np.float64)
    axis = 1 if horizontal else 0
    for k in range(length):
        acc += np.roll(rgb.astype(np.float64), k - length // 2, axis=axis)
    return _u8(acc / length)


def add_noise(rgb: RgbArray, sigma: float, rng: np.random.Generator) -> RgbArray:
    return _u8(rgb.astype(np.float64) + rng.normal(0.0, sigma, rgb.shape))


def shift_off_edge(rgb: RgbArray, geo: fc.FaceGeometry, share: float = 0.3) -> RgbArray:
    """Move the image so the frame's left edge cuts ``share`` of the face width off."""
    oval = geo.mesh[list(fc.MESH_FACE_OVAL), 0]
    dx = int(oval.min() + share * (oval.max() - oval.min()))
    out = np.full_like(rgb, 235)
    out[:, : rgb.shape[1] - dx] = rgb[:, dx:]
    return out


def small_face(rgb: RgbArray, factor: float) -> RgbArray:
    """The person far from the camera: the photo shrunk into a same-size grey frame."""
    h, w = rgb.shape[:2]
    small = Image.fromarray(rgb).resize((max(1, int(w * factor)), max(1, int(h * factor))))
    canvas = Image.new("RGB", (w, h), (200, 200, 200))
    canvas.paste(small, ((w - small.width) // 2, (h - small.height) // 3))
    return np.asarray(canvas)


def clutter_background(rgb: RgbArray, geo: fc.FaceGeometry, seed: int) -> RgbArray:
    """A busy room: many small coloured shapes and text-like strokes everywhere except an
    ellipse around the head and the shoulders below it."""
    rng = random.Random(seed)
    h, w = rgb.shape[:2]
    unit = max(h, w) / 640  # shapes scale with the image
    img = Image.fromarray(rgb)
    layer = Image.new("RGB", (w, h), (200, 190, 170))
    draw = ImageDraw.Draw(layer)
    for _ in range(1500):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        s = rng.uniform(3, 25) * unit
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + s, y + s * rng.uniform(0.3, 2)), fill=colour)
        else:
            draw.line(
                (x, y, x + s * 2, y + rng.uniform(-s, s)), fill=colour, width=max(1, int(2 * unit))
            )
    oval = geo.mesh[list(fc.MESH_FACE_OVAL), :2]
    x0, x1 = oval[:, 0].min(), oval[:, 0].max()
    y0, y1 = oval[:, 1].min(), oval[:, 1].max()
    fw, fh = x1 - x0, y1 - y0
    keep = Image.new("L", (w, h), 255)
    kd = ImageDraw.Draw(keep)
    kd.ellipse((x0 - 0.25 * fw, y0 - 0.45 * fh, x1 + 0.25 * fw, y1 + 0.1 * fh), fill=0)
    kd.rectangle((x0 - 0.6 * fw, y1, x1 + 0.6 * fw, h), fill=0)  # shoulders
    img.paste(layer, mask=keep)
    return np.asarray(img)


def side_by_side(a: RgbArray, b: RgbArray) -> RgbArray:
    h = min(a.shape[0], b.shape[0])
    ia = Image.fromarray(a).resize((round(a.shape[1] * h / a.shape[0]), h))
    ib = Image.fromarray(b).resize((round(b.shape[1] * h / b.shape[0]), h))
    canvas = Image.new("RGB", (ia.width + ib.width, h), (255, 255, 255))
    canvas.paste(ia, (0, 0))
    canvas.paste(ib, (ia.width, 0))
    return np.asarray(canvas)


def _poly(mesh: np.ndarray, idx: Sequence[int]) -> list[tuple[float, float]]:
    return [(float(mesh[i, 0]), float(mesh[i, 1])) for i in idx]


def dark_glasses(rgb: RgbArray, geo: fc.FaceGeometry) -> RgbArray:
    """Two dark lenses over the eye contours, joined by a bridge."""
    img = Image.fromarray(rgb)
    draw = ImageDraw.Draw(img)
    m, r = geo.mesh, 0.32 * geo.iod
    for a, b in (
        (fc.MESH_EYE_OUTER_L, fc.MESH_EYE_INNER_L),
        (fc.MESH_EYE_INNER_R, fc.MESH_EYE_OUTER_R),
    ):
        cx, cy = (m[a, 0] + m[b, 0]) / 2, (m[a, 1] + m[b, 1]) / 2
        draw.ellipse((cx - 1.5 * r, cy - r, cx + 1.5 * r, cy + r), fill=(25, 25, 30))
    y = (m[fc.MESH_EYE_INNER_L, 1] + m[fc.MESH_EYE_INNER_R, 1]) / 2 - 0.1 * geo.iod
    draw.line(
        (m[fc.MESH_EYE_INNER_L, 0], y, m[fc.MESH_EYE_INNER_R, 0], y),
        fill=(20, 20, 20),
        width=max(2, int(0.06 * geo.iod)),
    )
    return np.asarray(img)


def clear_glasses(rgb: RgbArray, geo: fc.FaceGeometry) -> RgbArray:
    """Thin dark frames with a bridge across the nose; the lenses stay clear."""
    img = Image.fromarray(rgb)
    draw = ImageDraw.Draw(img)
    m, r = geo.mesh, 0.34 * geo.iod
    width = max(2, int(0.05 * geo.iod))
    for a, b in (
        (fc.MESH_EYE_OUTER_L, fc.MESH_EYE_INNER_L),
        (fc.MESH_EYE_INNER_R, fc.MESH_EYE_OUTER_R),
    ):
        cx, cy = (m[a, 0] + m[b, 0]) / 2, (m[a, 1] + m[b, 1]) / 2
        draw.rounded_rectangle(
            (cx - 1.4 * r, cy - 0.9 * r, cx + 1.4 * r, cy + 0.9 * r),
            radius=r / 2,
            outline=(15, 15, 15),
            width=width,
        )
    y = (m[fc.MESH_EYE_INNER_L, 1] + m[fc.MESH_EYE_INNER_R, 1]) / 2 - 0.15 * geo.iod
    draw.line(
        (
            m[fc.MESH_EYE_INNER_L, 0] - 0.1 * geo.iod,
            y,
            m[fc.MESH_EYE_INNER_R, 0] + 0.1 * geo.iod,
            y,
        ),
        fill=(15, 15, 15),
        width=width,
    )
    return np.asarray(img)


def face_mask(rgb: RgbArray, geo: fc.FaceGeometry, colour: tuple[int, int, int]) -> RgbArray:
    """A surgical mask from the nose bridge to under the chin, between the face edges."""
    img = Image.fromarray(rgb)
    m = geo.mesh
    jaw = [i for i in fc.MESH_FACE_OVAL if m[i, 1] > m[195, 1]]
    pts = sorted(_poly(m, jaw), key=lambda p: math.atan2(p[1] - m[1, 1], p[0] - m[1, 0]))
    top = [(float(m[234, 0]), float(m[195, 1])), (float(m[454, 0]), float(m[195, 1]))]
    ImageDraw.Draw(img).polygon(top[::-1] + pts + top[:1], fill=colour)
    return np.asarray(img)


def cap(rgb: RgbArray, geo: fc.FaceGeometry, colour: tuple[int, int, int]) -> RgbArray:
    """A cap: the crown covers the forehead and the brim comes down onto the brows."""
    img = Image.fromarray(rgb)
    m = geo.mesh
    brow_y = float(m[list(fc.MESH_BROW_L + fc.MESH_BROW_R), 1].mean())
    x0, x1 = float(m[234, 0]) - 0.15 * geo.iod, float(m[454, 0]) + 0.15 * geo.iod
    draw = ImageDraw.Draw(img)
    draw.ellipse((x0, brow_y - 2.6 * geo.iod, x1, brow_y - 0.6 * geo.iod), fill=colour)
    draw.rectangle((x0, brow_y - 1.6 * geo.iod, x1, brow_y), fill=colour)
    return np.asarray(img)


def head_scarf(rgb: RgbArray, geo: fc.FaceGeometry, colour: tuple[int, int, int]) -> RgbArray:
    """A hijab-like covering: cloth over hair, ears and neck that leaves the face oval from
    the forehead line to the chin and both face edges visible (must be *accepted*)."""
    img = Image.fromarray(rgb)
    h, w = rgb.shape[:2]
    m = geo.mesh
    oval = _poly(m, fc.MESH_FACE_OVAL)
    cx = float(np.mean([p[0] for p in oval]))
    cy = float(np.mean([p[1] for p in oval]))
    # Face opening: the face oval pushed out a little (cloth sits at the hairline).
    opening = [(cx + 1.04 * (x - cx), cy + 1.04 * (y - cy)) for x, y in oval]
    cloth = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(cloth)
    fw = max(p[0] for p in oval) - min(p[0] for p in oval)
    top = min(p[1] for p in oval)
    d.ellipse((cx - 1.0 * fw, top - 0.5 * fw, cx + 1.0 * fw, h + fw), fill=255)
    d.polygon(opening, fill=0)
    img.paste(Image.new("RGB", (w, h), colour), mask=cloth)
    return np.asarray(img)


# ----------------------------------------------------------------------- bursts
def align(
    rgb: RgbArray,
    geo: fc.FaceGeometry,
    *,
    dx: float = 0.0,
    dy: float = 0.0,
    angle_deg: float = 0.0,
    zoom: float = 1.0,
) -> RgbArray:
    """Place the face in a portrait phone frame: eye midpoint at ``EYES_AT``, IOD ~100 px, then
    an in-plane jitter (shift, rotation, zoom) as a hand-held phone adds."""
    left = (geo.mesh[fc.MESH_EYE_OUTER_L, :2] + geo.mesh[fc.MESH_EYE_INNER_L, :2]) / 2
    right = (geo.mesh[fc.MESH_EYE_OUTER_R, :2] + geo.mesh[fc.MESH_EYE_INNER_R, :2]) / 2
    mid = (left + right) / 2
    # Scale from a yaw-independent size (eye-line to chin height), so a turned head keeps
    # its size instead of being blown up by its foreshortened IOD.
    height = float(np.linalg.norm(geo.mesh[fc.MESH_CHIN, :2] - mid))
    s = (FRAME_IOD * 1.55 / max(height, 1.0)) * zoom
    # The photo's own roll is kept (not levelled) so the frame edges stay straight.
    theta = -math.radians(angle_deg)
    c, si = math.cos(theta) / s, math.sin(theta) / s
    ox, oy = EYES_AT[0] + dx, EYES_AT[1] + dy
    # Output (u, v) -> input: rotate/scale about the output eye point back to ``mid``.
    a, b = c, -si
    d, e = si, c
    coeffs = (a, b, mid[0] - a * ox - b * oy, d, e, mid[1] - d * ox - e * oy)
    out = Image.fromarray(rgb).transform(
        (FRAME_W, FRAME_H),
        Image.Transform.AFFINE,
        coeffs,
        resample=Image.Resampling.BILINEAR,
        fillcolor=(235, 235, 235),
    )
    return np.asarray(out)


EYE_LOOP_L = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
EYE_LOOP_R = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)


def close_eyes(rgb: RgbArray, geo: fc.FaceGeometry, amount: float = 1.0) -> RgbArray:
    """Simulated blink: each eye opening is painted with the colour of the eyelid skin
    above it, softened, with a dark lash line along the lower lid. ``amount`` < 1 leaves
    the lower part of the opening visible (a half-closed eye)."""
    img = Image.fromarray(rgb)
    m = geo.mesh
    for loop in (EYE_LOOP_L, EYE_LOOP_R):
        pts = m[list(loop), :2]
        centre = pts.mean(axis=0)
        grown = centre + (pts - centre) * np.array([1.12, 1.35])
        top = float(pts[:, 1].min())
        lower_y = pts[:, 1].max()
        # Skin of the upper lid: a band between the eye and the brow.
        band = rgb[
            max(0, int(top - 0.22 * geo.iod)) : max(1, int(top - 0.06 * geo.iod)),
            int(pts[:, 0].min()) : int(pts[:, 0].max()) + 1,
        ].reshape(-1, 3)
        colour = tuple(int(v) for v in np.median(band, axis=0)) if band.size else (150, 120, 100)
        cut = top + amount * (lower_y - top) * 1.2
        poly = [(float(x), float(min(y, cut))) for x, y in grown]
        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).polygon(poly, fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(max(1.0, 0.02 * geo.iod)))
        img.paste(Image.new("RGB", img.size, colour), mask=mask)
        if amount >= 0.9:
            lash = [(float(x), float(y)) for x, y in m[list(loop[:9]), :2]]
            ImageDraw.Draw(img).line(lash, fill=(45, 35, 30), width=max(2, int(0.03 * geo.iod)))
    return np.asarray(img)


@dataclass(frozen=True)
class PlaneView:
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    dx: float = 0.0
    dy: float = 0.0
    depth: float = 1.0  # distance relative to the frame's focal length


def view_flat_picture(rgb: RgbArray, view: PlaneView, focal: float = 600.0) -> RgbArray:
    """What a camera sees when a flat picture (print or screen) showing ``rgb`` is held at
    ``view``: the exact homography of a rotated plane under a pinhole camera."""
    h, w = rgb.shape[:2]
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    centre = np.array([w / 2, h / 2])
    ya, pa, ra = (math.radians(v) for v in (view.yaw_deg, view.pitch_deg, view.roll_deg))
    ry = np.array([[math.cos(ya), 0, math.sin(ya)], [0, 1, 0], [-math.sin(ya), 0, math.cos(ya)]])
    rx = np.array([[1, 0, 0], [0, math.cos(pa), -math.sin(pa)], [0, math.sin(pa), math.cos(pa)]])
    rz = np.array([[math.cos(ra), -math.sin(ra), 0], [math.sin(ra), math.cos(ra), 0], [0, 0, 1]])
    rot = rz @ rx @ ry
    z0 = focal * view.depth
    projected = []
    for x, y in corners - centre:
        p = rot @ np.array([x, y, 0.0]) + np.array([0.0, 0.0, z0])
        projected.append(
            [focal * p[0] / p[2] + centre[0] + view.dx, focal * p[1] / p[2] + centre[1] + view.dy]
        )
    hmat = homography(np.asarray(projected), corners)  # output -> input, as PIL wants
    coeffs = tuple((hmat / hmat[2, 2]).ravel()[:8])
    out = Image.fromarray(rgb).transform(
        (w, h),
        Image.Transform.PERSPECTIVE,
        coeffs,
        resample=Image.Resampling.BILINEAR,
        fillcolor=(90, 90, 90),
    )
    return np.asarray(out)


# ----------------------------------------------------------------------- labelled set
@dataclass(frozen=True)
class Variant:
    name: str
    expected: frozenset[str]  # codes that count as "caught"; empty: must pass every rule
    rgb: RgbArray


def rotate(rgb: RgbArray, degrees: float) -> RgbArray:
    return np.asarray(
        Image.fromarray(rgb).rotate(
            degrees, resample=Image.Resampling.BILINEAR, fillcolor=(235, 235, 235)
        )
    )


def quality_variants(
    rgb: RgbArray, geo: fc.FaceGeometry, other: RgbArray, seed: int
) -> list[Variant]:
    """The labelled capture-quality set built from one clean photo (see module docstring)."""

    def v(name: str, codes: Sequence[str], img: RgbArray) -> Variant:
        return Variant(name, frozenset(codes), img)

    return [
        v("original", (), rgb),
        v("head_scarf", (), head_scarf(rgb, geo, (40, 60, 110))),
        v("head_scarf_light", (), head_scarf(rgb, geo, (225, 215, 200))),
        v("dark", ("selfie.too_dark",), scale_light(rgb, 0.3)),
        v("bright", ("selfie.too_bright",), scale_light(rgb, 1.5, 70)),
        v("side_light", ("selfie.uneven_light",), side_light(rgb, geo, 0.6)),
        v("blur", ("selfie.blurry",), gaussian_blur(rgb, max(2.0, geo.iod / 25))),
        v("motion", ("selfie.moving", "selfie.blurry"), motion_blur(rgb, max(9, int(geo.iod / 5)))),
        v("cut_off", ("selfie.face_cut_off", "selfie.no_face"), shift_off_edge(rgb, geo)),
        v("far", ("selfie.face_too_small", "selfie.no_face"), small_face(rgb, 0.35)),
        v("tilted", ("selfie.not_frontal",), rotate(rgb, 22)),
        v("clutter", ("selfie.background_busy",), clutter_background(rgb, geo, seed)),
        v("two_faces", ("selfie.multiple_faces",), side_by_side(rgb, other)),
        v("dark_glasses", ("selfie.glasses",), dark_glasses(rgb, geo)),
        v("clear_glasses", ("selfie.glasses",), clear_glasses(rgb, geo)),
        v("mask_blue", ("selfie.mask",), face_mask(rgb, geo, (140, 190, 225))),
        v("mask_white", ("selfie.mask",), face_mask(rgb, geo, (235, 235, 238))),
        v("cap", ("selfie.covered",), cap(rgb, geo, (30, 40, 90))),
        v("cap_red", ("selfie.covered",), cap(rgb, geo, (180, 30, 30))),
    ]


# ----------------------------------------------------------------------- burst builders
@dataclass(frozen=True)
class Pose:
    """One real photo of a face with its landmarks (from the engine's own pipeline)."""

    rgb: RgbArray
    geo: fc.FaceGeometry


def _jitter(rng: np.random.Generator, amount: float) -> dict[str, float]:
    # Hand tremor of a phone held at arm's length: ~1 px shift, ~0.3 degrees, 0.5 % zoom.
    return {
        "dx": float(rng.normal(0, 1.0 * amount)),
        "dy": float(rng.normal(0, 1.0 * amount)),
        "angle_deg": float(rng.normal(0, 0.3 * amount)),
        "zoom": float(1 + rng.normal(0, 0.005 * amount)),
    }


def genuine_burst(
    frontal: Pose,
    turned: Pose,
    steps: Sequence[str],
    rng: np.random.Generator,
    *,
    frames: int = 15,
    noise: float = 2.0,
) -> list[bytes]:
    """A simulated live burst: ``frontal`` held still with hand jitter and sensor noise,
    ``turned`` (a real photo of the same head at another yaw) for 3 frames per turn step,
    a painted eyelid for 2 frames per blink step. Steps are "blink" or "turn"."""
    plan = ["n"] * 3
    for step in steps:
        plan += ["t", "t", "t", "n", "n"] if step == "turn" else ["b", "b", "n", "n"]
    plan += ["n"] * max(0, frames - len(plan))
    closed = close_eyes(frontal.rgb, frontal.geo)
    out = []
    for kind in plan:
        src = turned if kind == "t" else frontal
        rgb = closed if kind == "b" else src.rgb
        frame = align(rgb, src.geo, **_jitter(rng, 1.0))
        out.append(jpeg(add_noise(frame, noise, rng)))
    return out


def still_burst(
    pose: Pose, rng: np.random.Generator, *, frames: int = 15, noise: float = 2.0
) -> list[bytes]:
    """A printed photo held in front of the camera, perfectly still (sensor noise only)."""
    frame = align(pose.rgb, pose.geo)
    return [jpeg(add_noise(frame, noise, rng)) for _ in range(frames)]


def moved_photo_burst(pose: Pose, rng: np.random.Generator, *, frames: int = 15) -> list[bytes]:
    """A photo moved and rotated in its own plane (shift, in-plane rotation, zoom)."""
    out = []
    for i in range(frames):
        phase = math.sin(2 * math.pi * i / frames)
        frame = align(
            pose.rgb,
            pose.geo,
            dx=25 * phase + float(rng.normal(0, 1)),
            dy=10 * phase,
            angle_deg=15 * phase,
            zoom=1 + 0.08 * phase,
        )
        out.append(jpeg(add_noise(frame, 2.0, rng)))
    return out


def tilted_photo_burst(
    pose: Pose,
    direction: int,
    rng: np.random.Generator,
    *,
    frames: int = 15,
    max_yaw: float = 40.0,
    blink: bool = False,
) -> list[bytes]:
    """A flat photo (print or screen) swung about its vertical axis in the asked direction
    and back, with a little random pitch and roll: each frame is the exact homography of
    the plane under a pinhole camera. ``blink`` swaps in a painted-eyelid photo for two
    frames (a second print), the best a flat attack can do."""
    base = align(pose.rgb, pose.geo)
    closed = align(close_eyes(pose.rgb, pose.geo), pose.geo)
    out = []
    for i in range(frames):
        t = i / (frames - 1)
        yaw = direction * max_yaw * math.sin(math.pi * min(1.0, t * 1.4))
        view = PlaneView(
            yaw_deg=yaw,
            pitch_deg=float(rng.normal(0, 3)),
            roll_deg=float(rng.normal(0, 2)),
            dx=float(rng.normal(0, 2)),
            dy=float(rng.normal(0, 2)),
            depth=float(1 + rng.normal(0, 0.03)),
        )
        src = closed if blink and i in (2, 3) else base
        out.append(jpeg(add_noise(view_flat_picture(src, view), 2.0, rng)))
    return out


def spliced_burst(victim: Pose, attacker: list[bytes], rng: np.random.Generator) -> list[bytes]:
    """The victim's photo for the still frames, a live attacker's frames for the rest."""
    still = still_burst(victim, rng, frames=len(attacker))
    half = len(attacker) // 3
    return still[:half] + attacker[half:]


def side_light_plain(rgb: RgbArray, strength: float) -> RgbArray:
    """Brightness falling linearly across the whole image (no landmarks needed)."""
    w = rgb.shape[1]
    ramp = np.linspace(1.0, 1.0 - strength, w)[None, :, None]
    return _u8(rgb.astype(np.float64) * ramp)
