"""Checking an uploaded document by its content, never by its name or the type the
client claims. The one path for every file a person or an officer uploads: complaint
attachments and claim documents alike (selfies go through the face engine's decoder).

* Images: JPEG or PNG as Pillow reads them. The pixel count is checked from the header
  before anything is decoded (a decompression bomb is a small file with a huge canvas), the
  image is decoded fully (a truncated or broken file is refused), then re-encoded: that drops
  EXIF (including the GPS position a phone writes) and anything appended to the file.
* PDF: ``%PDF-`` at the very start, readable by pypdf, not encrypted, and without active
  content: JavaScript, launch, import/submit and remote actions wherever they hang (an open
  action, a page's or a link's additional actions), embedded files, XFA forms and rich media are refused, not "cleaned" (a cleaned PDF is a
  PDF we rewrote; refusing is simpler to trust). Every object reachable from the trailer is
  walked, including those inside object streams, and the raw bytes are scanned as well for
  the longer names (hex-escaped names such as ``/J#61vaScript`` included).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from jmo.adapters import pdf_pages
from jmo.domain.errors import NotFound, ValidationFailed
from jmo.domain.uploads import CheckedFile

FIELD = "files"
MAX_FILENAME = 100

# Keys and action types that make a PDF do something when opened or clicked.
# (/OpenAction and /AA are walked, not refused: they often just set the first view; the
# action dictionaries they hold are checked by their /S type.)
_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia"}
)
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/RichMediaExecute",
    }
)
# Long enough that random bytes in a compressed stream will not match by chance.
_RAW_NAMES = frozenset(
    {
        b"JavaScript",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"ImportData",
        b"SubmitForm",
    }
)
_NAME_TOKEN = re.compile(rb"/((?:[A-Za-z]|#[0-9A-Fa-f]{2}){6,40})")
_MAX_PDF_OBJECTS = 50_000


def _refuse(field: str, code: str, **params: Any) -> ValidationFailed:
    return ValidationFailed.single(field, code, **params)


def clean_filename(name: str, fallback: str) -> str:
    """The last path part, without control characters, at most 100 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*').strip(" .")
    if not base:
        return fallback
    if len(base) > MAX_FILENAME:
        stem, dot, ext = base.rpartition(".")
        base = (
            (stem[: MAX_FILENAME - len(ext) - 1] + "." + ext)
            if dot and len(ext) <= 8
            else base[:MAX_FILENAME]
        )
    return base


class AttachmentChecker:
    def __init__(self, *, max_bytes: int, max_pixels: int) -> None:
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels

    def inspect(
        self, filename: str, data: bytes, *, field: str = FIELD, max_bytes: int | None = None
    ) -> CheckedFile:
        limit = max_bytes or self._max_bytes
        if not data:
            raise _refuse(field, "attachment.empty")
        if len(data) > limit:
            raise _refuse(field, "attachment.too_large", max_mb=limit // (1024 * 1024))
        if data.startswith(b"%PDF-"):
            self._check_pdf(data, field)
            return CheckedFile(
                filename=_with_extension(clean_filename(filename, "lampiran.pdf"), ".pdf"),
                content_type="application/pdf",
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
            clean, kind = self._clean_image(data, field)
            extension = ".jpg" if kind == "JPEG" else ".png"
            return CheckedFile(
                filename=_with_extension(
                    clean_filename(filename, "lampiran" + extension), extension
                ),
                content_type="image/jpeg" if kind == "JPEG" else "image/png",
                data=clean,
                sha256=hashlib.sha256(clean).hexdigest(),
            )
        raise _refuse(field, "attachment.type")

    # --- shown to staff ---
    def page_count(self, content_type: str, data: bytes) -> int:
        return pdf_pages.page_count(data) if content_type == "application/pdf" else 1

    def page_image(self, content_type: str, data: bytes, page: int) -> tuple[bytes, str]:
        if content_type == "application/pdf" or data.startswith(b"%PDF-"):
            return pdf_pages.render_page(data, page), "image/png"
        if page != 1:
            raise NotFound("document_page")
        clean, kind = self._clean_image(data, FIELD)  # stored clean; encoded again all the same
        return clean, "image/jpeg" if kind == "JPEG" else "image/png"

    # --- images ---
    def _clean_image(self, data: bytes, field: str) -> tuple[bytes, str]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as image:
                    kind = str(image.format)
                    width, height = image.size
                    if width * height > self._max_pixels:
                        raise _refuse(
                            field, "attachment.image_too_big", max_mp=self._max_pixels // 1_000_000
                        )
                    image.load()
                    upright = ImageOps.exif_transpose(image)
                    if kind == "JPEG":
                        out_image = upright.convert("RGB")
                    elif upright.mode in ("RGBA", "LA", "P"):
                        out_image = upright.convert("RGBA")
                    else:
                        out_image = upright.convert("RGB")
        except ValidationFailed:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refuse(
                field, "attachment.image_too_big", max_mp=self._max_pixels // 1_000_000
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise _refuse(field, "attachment.unreadable") from exc
        out = io.BytesIO()
        if kind == "JPEG":
            out_image.save(out, format="JPEG", quality=90)  # no exif= argument: metadata dropped
        else:
            out_image.save(out, format="PNG", optimize=True)
        return out.getvalue(), kind

    # --- PDF ---
    def _check_pdf(self, data: bytes, field: str) -> None:
        for token in _NAME_TOKEN.findall(data):
            if _decode_name(token) in _RAW_NAMES:
                raise _refuse(field, "attachment.pdf_active")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted:
                    raise _refuse(field, "attachment.pdf_encrypted")
                if len(reader.pages) < 1:
                    raise _refuse(field, "attachment.unreadable")
                _walk(reader.trailer, field)
        except ValidationFailed:
            raise
        except (
            PdfReadError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,
            OSError,
        ) as exc:
            raise _refuse(field, "attachment.unreadable") from exc


def _decode_name(token: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token)


def _walk(root: object, field: str) -> None:
    """Visit every dictionary and array reachable from ``root`` (iteratively, each
    indirect object once) and refuse active content."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > _MAX_PDF_OBJECTS:
                raise _refuse(field, "attachment.unreadable")
            stack.append(item.get_object())
        elif isinstance(item, DictionaryObject):
            for key, value in item.items():
                if str(key) in _ACTIVE_KEYS:
                    raise _refuse(field, "attachment.pdf_active")
                if key == "/S" and isinstance(value, NameObject) and str(value) in _ACTIVE_ACTIONS:
                    raise _refuse(field, "attachment.pdf_active")
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _with_extension(name: str, extension: str) -> str:
    """The shown name ends in the real type's extension (``photo.pdf.exe`` stays a PDF
    called ``photo.pdf.exe.pdf``, which no one mistakes for a program)."""
    return (
        name
        if name.lower().endswith(extension)
        or (extension == ".jpg" and name.lower().endswith(".jpeg"))
        else name + extension
    )
