"""Turning untrusted upload bytes into an RGB array, or a clear error code.

Every failure is a ``DomainError`` with an ``image.*`` code, never a Pillow exception: a
phone, a browser or an attacker may send anything (issue 3, "Bad input").
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from jmo.domain.errors import DomainError

RgbArray = npt.NDArray[np.uint8]

# Formats a phone camera or a scanner produces. Anything else (SVG, PDF, TIFF with odd
# codecs, ICO) is refused before decoding: fewer decoders, fewer surprises.
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "MPO"})


@dataclass(frozen=True)
class ImageLimits:
    """Bounds on an upload. ``max_pixels`` stops decompression bombs *before* decoding."""

    max_bytes: int = 8 * 1024 * 1024
    max_pixels: int = 40_000_000  # a 48 MP phone photo is refused; 12 MP is fine
    min_side: int = 160  # shorter side; below this no face reaches the size rule anyway
    work_side: int = 640  # longest side of the analysed frame (biometrics-notes §1)


@dataclass(frozen=True)
class DecodedImage:
    rgb: RgbArray  # H x W x 3, uint8, orientation applied, longest side <= work_side
    original_size: tuple[int, int]  # (width, height) after EXIF rotation
    scale: float  # rgb pixels per original pixel (<= 1)


def decode_image(data: bytes, limits: ImageLimits) -> DecodedImage:
    """Decode, apply EXIF orientation, flatten alpha, convert to RGB and shrink.

    Raises ``DomainError`` with one of: image.too_large, image.not_image,
    image.too_many_pixels, image.truncated, image.too_small.
    """
    if len(data) > limits.max_bytes:
        raise DomainError("image.too_large", max_mb=limits.max_bytes // (1024 * 1024))
    if len(data) < 8:
        raise DomainError("image.not_image")
    try:
        with warnings.catch_warnings():
            # Pillow warns (and raises above 2x its own limit) on huge images; we enforce our
            # own lower limit below from the header, so silence the warning here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise DomainError("image.too_many_pixels") from exc
        raise DomainError("image.not_image") from exc
    try:
        return _decode_opened(img, limits)
    finally:
        img.close()


def _decode_opened(img: Image.Image, limits: ImageLimits) -> DecodedImage:
    if img.format not in ACCEPTED_FORMATS:
        raise DomainError("image.not_image")
    width, height = img.size
    # The header's size is checked before any pixel is decoded: a 50 kB PNG can declare
    # 100 000 x 100 000 pixels (a decompression bomb).
    if width * height > limits.max_pixels:
        raise DomainError("image.too_many_pixels", max_mp=limits.max_pixels // 1_000_000)
    if min(width, height) < limits.min_side:
        raise DomainError("image.too_small", min_px=limits.min_side)
    try:
        if img.format == "JPEG":
            # Draft mode lets libjpeg decode at 1/2, 1/4 or 1/8 scale directly: a 12 MP photo
            # then costs a few ms instead of ~100 (biometrics-notes §1, decode row).
            target = _target_size(width, height, limits.work_side)
            img.draft("RGB", target)
        img.load()
        transposed = ImageOps.exif_transpose(img)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        # Pillow raises OSError "image file is truncated" / "broken data stream".
        raise DomainError("image.truncated") from exc
    frame = transposed if transposed is not None else img
    orig_w, orig_h = _oriented_size(img, width, height)
    frame = _to_rgb(frame)
    target = _target_size(frame.width, frame.height, limits.work_side)
    if frame.size != target:
        frame = frame.resize(target, Image.Resampling.BILINEAR, reducing_gap=2.0)
    rgb = np.asarray(frame, dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise DomainError("image.not_image")
    return DecodedImage(rgb=rgb, original_size=(orig_w, orig_h), scale=rgb.shape[1] / orig_w)


def _oriented_size(img: Image.Image, width: int, height: int) -> tuple[int, int]:
    # EXIF orientations 5-8 swap width and height.
    orientation = img.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _target_size(width: int, height: int, work_side: int) -> tuple[int, int]:
    longest = max(width, height)
    if longest <= work_side:
        return (width, height)
    factor = work_side / longest
    return (max(1, round(width * factor)), max(1, round(height * factor)))


def _to_rgb(img: Image.Image) -> Image.Image:
    """Grayscale, palette, CMYK, 16-bit and alpha images all become 8-bit RGB.

    Transparent pixels are put on white, as a portrait background would be, rather than on
    black (Pillow's default), which would look like a dark, busy background.
    """
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        top = max(float(arr.max()), 1.0)
        return Image.fromarray((arr * (255.0 / top)).astype(np.uint8)).convert("RGB")
    return img.convert("RGB")


def encode_jpeg(rgb: RgbArray, quality: int = 90) -> bytes:
    """The normalised photo kept with a reference descriptor: RGB, no metadata, <= 640 px."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
