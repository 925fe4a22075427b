"""The attachment checker: real files pass (images cleaned), disguised files, bombs and
active PDFs do not."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from jmo.adapters.attachments import AttachmentChecker, clean_filename
from jmo.domain.errors import ValidationFailed
from tests.services.helpers import jpeg, pdf, png

CHECKER = AttachmentChecker(max_bytes=5 * 1024 * 1024, max_pixels=25_000_000)


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as raised:
        CHECKER.inspect(name, data)
    (error,) = raised.value.errors
    assert error.field == "files"
    return error.code


def exif_with_gps() -> bytes:
    image = Image.new("RGB", (4, 4))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 12.0, 0.0)}  # GPS: somewhere in Jakarta
    return exif.tobytes()


def test_a_jpeg_is_accepted_and_its_metadata_dropped() -> None:
    original = jpeg(exif=exif_with_gps())
    assert b"PhoneMaker" in original
    checked = CHECKER.inspect("C:\\Users\\budi\\foto kecelakaan.JPG", original)
    assert checked.content_type == "image/jpeg"
    assert checked.filename == "foto kecelakaan.JPG"
    assert b"PhoneMaker" not in checked.data and b"Exif" not in checked.data
    assert Image.open(io.BytesIO(checked.data)).size == (64, 48)


def test_png_and_pdf_are_accepted_with_the_type_from_the_content() -> None:
    assert CHECKER.inspect("scan", png()).content_type == "image/png"
    checked = CHECKER.inspect("surat.pdf", pdf())
    assert checked.content_type == "application/pdf" and checked.filename == "surat.pdf"
    # a PDF called .jpg is still a PDF, and its shown name says so
    assert CHECKER.inspect("foto.jpg", pdf()).filename == "foto.jpg.pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200),  # a Windows program renamed
        ("surat.pdf", b"<html><script>alert(1)</script></html>"),
        ("foto.png", b"GIF89a" + b"\x00" * 50),
        ("lampiran.pdf", b" %PDF-1.7 not at the start"),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
    ],
)
def test_disguised_files_are_refused_by_content(name: str, data: bytes) -> None:
    assert refused(name, data) == "attachment.type"


def test_broken_images_are_refused() -> None:
    whole = jpeg(640, 480)
    assert refused("cut.jpg", whole[: len(whole) // 3]) == "attachment.unreadable"
    assert refused("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) == "attachment.unreadable"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    # 30000 x 30000 pixels (900 megapixels) of zeros: a few hundred kilobytes on disk.
    width = height = 30_000
    row = b"\x00" + b"\x00" * (width // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    assert len(bomb) < 1_000_000
    assert refused("bomb.png", bomb) == "attachment.image_too_big"


def test_size_and_emptiness() -> None:
    small = AttachmentChecker(max_bytes=1000, max_pixels=1_000_000)
    with pytest.raises(ValidationFailed) as raised:
        small.inspect("big.pdf", pdf() + b"%" * 2000)
    assert raised.value.errors[0].code == "attachment.too_large"
    assert refused("empty.jpg", b"") == "attachment.empty"


@pytest.mark.parametrize(
    ("catalog", "objects"),
    [
        ("/OpenAction 4 0 R", "<< /S /JavaScript /JS (app.alert(1)) >>"),
        ("/OpenAction 4 0 R", "<< /S /Launch /F (cmd.exe) >>"),
        ("/Names << /JavaScript 4 0 R >>", "<< /Names [(x) 5 0 R] >>"),
        ("/AA << /O 4 0 R >>", "<< /S /J#61vaScript /JS (1) >>"),  # hex-escaped name
        ("/Names << /EmbeddedFiles 4 0 R >>", "<< /Names [] >>"),
        ("/AcroForm << /XFA 4 0 R >>", "<< >>"),
        ("/OpenAction 4 0 R", "<< /S /SubmitForm /F (http://x) >>"),
    ],
)
def test_pdfs_with_active_content_are_refused(catalog: str, objects: str) -> None:
    assert refused("surat.pdf", pdf(catalog, objects)) == "attachment.pdf_active"


def test_a_harmless_open_action_is_allowed() -> None:
    assert (
        CHECKER.inspect("a.pdf", pdf("/OpenAction [3 0 R /Fit]")).content_type == "application/pdf"
    )


def test_an_unreadable_pdf_is_refused() -> None:
    assert refused("x.pdf", b"%PDF-1.7\n garbage without objects") == "attachment.unreadable"


def test_filenames_are_cleaned() -> None:
    assert clean_filename("../../etc/passwd", "x") == "passwd"
    assert clean_filename('a"b<c>.pdf', "x") == "abc.pdf"
    assert clean_filename("\x00\x07", "lampiran.pdf") == "lampiran.pdf"
    assert len(clean_filename("n" * 300 + ".pdf", "x")) == 100


def test_a_password_protected_pdf_is_refused() -> None:
    from pypdf import PdfWriter  # noqa: PLC0415

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("rahasia", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert refused("locked.pdf", out.getvalue()) == "attachment.pdf_encrypted"
