"""Adapters built on first use, so a web worker does not carry their libraries until a
request needs them (issue 10: < 200 MB per worker).

The face engine (numpy, dlib, Pillow, the LiteRT interpreter), the PDF and card renderers
(reportlab, segno) and the attachment checker (pypdf, Pillow) together add about 80 MB to
every process that imports them, yet they serve rare routes: a selfie, a download, an
upload. Reads never touch them. Each wrapper below implements its port by delegating to the
real adapter, which it imports and builds the first time a method is called (once, under a
lock: request threads may race to it). ``DEFERRED_LIBRARIES`` lists what a worker must not
load at start-up; tests/test_deferred_imports.py holds the app to it.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from jmo.domain.biometric import FaceEnrollment, FaceMatch, LivenessChallenge
from jmo.domain.card import CardFace
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.jht.balance import StatementDocument
from jmo.domain.requests.receipt import ReceiptDocument
from jmo.domain.uploads import CheckedFile

if TYPE_CHECKING:
    from jmo.adapters.attachments import AttachmentChecker
    from jmo.adapters.card_render import CardRenderer
    from jmo.adapters.receipt_pdf import ReportlabReceiptRenderer
    from jmo.adapters.statement_pdf import ReportlabStatementRenderer
    from jmo.biometrics.pool import FacePool

# Top-level packages a started web worker has not imported (until a rare route needs them).
DEFERRED_LIBRARIES = ("numpy", "PIL", "dlib", "ai_edge_litert", "reportlab", "pypdf", "segno")

T = TypeVar("T")


class OnFirstUse(Generic[T]):
    """``build()`` called once, by the first caller of ``get``."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._built: T | None = None
        self._build_lock = threading.Lock()

    def get(self) -> T:
        if self._built is None:
            with self._build_lock:
                if self._built is None:
                    self._built = self._build()
        return self._built

    @property
    def built(self) -> T | None:
        """The adapter if a call has built it (for closing), else None."""
        return self._built


class DeferredFacePool:
    """The ``FacePool`` (and with it the face engine's libraries), made at the first face
    check. Its worker processes start then too, as they did at the pool's first call."""

    def __init__(self, *, workers: int, accept_below: float, reject_above: float) -> None:
        def build() -> FacePool:
            from jmo.biometrics.pool import FacePool

            return FacePool(workers=workers, accept_below=accept_below, reject_above=reject_above)

        self._pool = OnFirstUse(build)

    def enroll(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment:
        return self._pool.get().enroll(image, check_quality=check_quality)

    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch:
        return self._pool.get().verify(image, reference_descriptor)

    def new_challenge(self, rng: random.Random, *, now: datetime) -> LivenessChallenge:
        return self._pool.get().new_challenge(rng, now=now)

    def verify_burst(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: Callable[[Sequence[str]], bool] | None = None,
    ) -> FaceMatch:
        return self._pool.get().verify_burst(
            frames,
            reference_descriptor,
            challenge,
            nonce=nonce,
            now=now,
            frame_times_ms=frame_times_ms,
            seen_before=seen_before,
        )

    def close(self) -> None:
        pool = self._pool.built
        if pool is not None:
            pool.close()


class DeferredCardRenderer:
    def __init__(self) -> None:
        def build() -> CardRenderer:
            from jmo.adapters.card_render import CardRenderer

            return CardRenderer()

        self._renderer = OnFirstUse(build)

    def png(self, face: CardFace, locale: str) -> bytes:
        return self._renderer.get().png(face, locale)

    def pdf(self, face: CardFace, locale: str) -> bytes:
        return self._renderer.get().pdf(face, locale)


class DeferredStatementRenderer:
    def __init__(self) -> None:
        def build() -> ReportlabStatementRenderer:
            from jmo.adapters.statement_pdf import ReportlabStatementRenderer

            return ReportlabStatementRenderer()

        self._renderer = OnFirstUse(build)

    def render(self, statement: StatementDocument, locale: str) -> bytes:
        return self._renderer.get().render(statement, locale)


class DeferredReceiptRenderer:
    def __init__(self, regions: RegionDirectory) -> None:
        def build() -> ReportlabReceiptRenderer:
            from jmo.adapters.receipt_pdf import ReportlabReceiptRenderer

            return ReportlabReceiptRenderer(regions)

        self._renderer = OnFirstUse(build)

    def render(self, document: ReceiptDocument, locale: str) -> bytes:
        return self._renderer.get().render(document, locale)

    def code_in(self, pdf: bytes) -> str | None:
        return self._renderer.get().code_in(pdf)


class DeferredAttachmentChecker:
    def __init__(self, *, max_bytes: int, max_pixels: int) -> None:
        def build() -> AttachmentChecker:
            from jmo.adapters.attachments import AttachmentChecker

            return AttachmentChecker(max_bytes=max_bytes, max_pixels=max_pixels)

        self._checker = OnFirstUse(build)

    def inspect(
        self, filename: str, data: bytes, *, field: str = "files", max_bytes: int | None = None
    ) -> CheckedFile:
        return self._checker.get().inspect(filename, data, field=field, max_bytes=max_bytes)

    def page_count(self, content_type: str, data: bytes) -> int:
        return self._checker.get().page_count(content_type, data)

    def page_image(self, content_type: str, data: bytes, page: int) -> tuple[bytes, str]:
        return self._checker.get().page_image(content_type, data, page)
