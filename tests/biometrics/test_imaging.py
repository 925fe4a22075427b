"""Bad input: every malformed upload gets a clear image.* code, never a crash or a 500."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from jmo.biometrics import FaceEngine
from jmo.biometrics.imaging import ImageLimits, decode_image
from jmo.domain.biometric import Decision, FaceEnrollment
from jmo.domain.errors import DomainError

from .conftest import photo

LIMITS = ImageLimits()


def encode(img: Image.Image, fmt: str = "PNG", **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares a huge canvas: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def code_of(data: bytes, limits: ImageLimits = LIMITS) -> str:
    with pytest.raises(DomainError) as info:
        decode_image(data, limits)
    return info.value.code


def test_rejects_text_as_not_an_image() -> None:
    assert code_of(b"%PDF-1.7 this is not a photo at all") == "image.not_image"


def test_rejects_empty_upload() -> None:
    assert code_of(b"") == "image.not_image"


def test_rejects_formats_a_camera_does_not_produce() -> None:
    gif = encode(Image.new("RGB", (300, 300), "white"), "GIF")
    assert code_of(gif) == "image.not_image"


def test_rejects_truncated_jpeg() -> None:
    data = photo("img16.jpg")
    assert code_of(data[: len(data) // 2]) == "image.truncated"


def test_rejects_upload_over_the_byte_limit() -> None:
    assert code_of(photo("img14.jpg"), ImageLimits(max_bytes=100_000)) == "image.too_large"


def test_rejects_decompression_bomb_from_its_header() -> None:
    assert code_of(png_header_only(60_000, 60_000)) == "image.too_many_pixels"


def test_rejects_tiny_image() -> None:
    assert code_of(encode(Image.new("RGB", (120, 90), "grey"))) == "image.too_small"


def test_applies_exif_rotation() -> None:
    img = Image.new("RGB", (400, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    decoded = decode_image(encode(img, "JPEG", exif=exif.tobytes()), LIMITS)
    assert decoded.rgb.shape[:2] == (400, 200)  # height, width: now portrait
    assert decoded.original_size == (200, 400)


def test_png_alpha_is_put_on_white() -> None:
    img = Image.new("RGBA", (300, 300), (255, 0, 0, 0))  # fully transparent red
    rgb = decode_image(encode(img), LIMITS).rgb
    assert rgb.shape == (300, 300, 3)
    assert rgb.min() == 255


@pytest.mark.parametrize("mode", ["L", "CMYK", "I;16", "P"])
def test_other_colour_modes_become_rgb(mode: str) -> None:
    img = Image.new("RGB", (320, 240), (90, 120, 200)).convert(mode if mode != "I;16" else "L")
    if mode == "I;16":
        img = Image.fromarray(np.full((240, 320), 30000, dtype=np.uint16))
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    rgb = decode_image(encode(img, fmt), LIMITS).rgb
    assert rgb.dtype == np.uint8
    assert rgb.shape == (240, 320, 3)


def test_large_photo_is_shrunk_to_the_working_size() -> None:
    big = Image.new("RGB", (4000, 3000), "white")
    decoded = decode_image(encode(big, "JPEG", quality=50), LIMITS)
    assert max(decoded.rgb.shape[:2]) == LIMITS.work_side
    assert decoded.scale == pytest.approx(640 / 4000, rel=0.01)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not an image", "image.not_image"),
        (photo("img16.jpg")[:5000], "image.truncated"),
        (png_header_only(60_000, 60_000), "image.too_many_pixels"),
        (encode(Image.new("RGB", (100, 100))), "image.too_small"),
    ],
)
def test_verify_turns_bad_input_into_retry(
    engine: FaceEngine, reference: FaceEnrollment, data: bytes, code: str
) -> None:
    match = engine.verify(data, reference.descriptor)
    assert match.decision is Decision.RETRY
    assert match.error_code == code
    assert match.failed_checks[0].code == code


def test_enroll_raises_a_domain_error_for_bad_input(engine: FaceEngine) -> None:
    with pytest.raises(DomainError) as info:
        engine.enroll(b"\xff\xd8\xff garbage")
    assert info.value.code.startswith("image.")


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=2048))
def test_random_bytes_only_ever_raise_image_errors(data: bytes) -> None:
    try:
        decode_image(data, LIMITS)
    except DomainError as exc:
        assert exc.code.startswith("image.")


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=100, max_value=20_000))
def test_any_cut_of_a_real_jpeg_is_an_error_or_an_image(cut: int) -> None:
    data = photo("img12.jpg")[:cut]
    try:
        decoded = decode_image(data, LIMITS)
    except DomainError as exc:
        assert exc.code in ("image.truncated", "image.not_image")
    else:
        assert decoded.rgb.ndim == 3
