"""A stored PDF shown to staff as pictures of its pages, drawn on the server: the browser
gets a PNG, never the PDF's bytes, so whatever a PDF carries (scripts, forms, links to
launch) cannot run on an officer's PC (docs/decisions/pdf-pages-on-the-server.md).

The renderer is poppler's ``pdftoppm`` (Debian ``poppler-utils``), run as a child process
with a time limit, a memory limit and no input but the file: a crash or a loop in the
parser ends that process, not the server. Poppler does not run PDF JavaScript. The PNG is
then decoded and written again by Pillow with a size cap, like every image we serve.
"""

from __future__ import annotations

import io
import resource
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from jmo.domain.errors import DomainError, NotFound

PDFTOPPM = "pdftoppm"
DPI = 110  # an A4 page about 900 px wide: the text of a KK or a letter is readable
MAX_PAGES = 10  # a document with more is shown by its first pages
TIMEOUT_S = 20
MEMORY_BYTES = 512 * 1024 * 1024
MAX_SIDE = 2000  # pixels, per side, of a page picture


def available() -> bool:
    return shutil.which(PDFTOPPM) is not None


def page_count(pdf: bytes) -> int:
    """How many pages are shown (at most ``MAX_PAGES``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return max(1, min(len(PdfReader(io.BytesIO(pdf), strict=False).pages), MAX_PAGES))
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return 1


def _limits() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_S, TIMEOUT_S))


def render_page(pdf: bytes, page: int) -> bytes:
    """Page ``page`` (1-based) as a PNG; ``document.unrenderable`` when poppler cannot."""
    if not 1 <= page <= MAX_PAGES:
        raise NotFound("document_page")
    if not available():
        raise DomainError("document.unrenderable")
    with tempfile.TemporaryDirectory(prefix="jmo-pdf-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        out = Path(tmp) / "page"
        try:
            done = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
                [
                    PDFTOPPM,
                    "-png",
                    "-r",
                    str(DPI),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(source),
                    str(out),
                ],
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
                preexec_fn=_limits,
                stdin=subprocess.DEVNULL,
                env={"PATH": "/usr/bin:/bin"},
            )
        except subprocess.TimeoutExpired:
            raise DomainError("document.unrenderable") from None
        picture = out.with_suffix(".png")
        if done.returncode != 0 or not picture.exists():
            raise DomainError("document.unrenderable")
        return _rewritten(picture.read_bytes())


def _rewritten(png: bytes) -> bytes:
    """Decoded and encoded again by Pillow, no larger than ``MAX_SIDE`` per side."""
    with Image.open(io.BytesIO(png), formats=("PNG",)) as image:
        image.load()
        picture = image.convert("RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
