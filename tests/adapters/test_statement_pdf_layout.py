"""Issue 9 item 8: the statement PDF's columns do not run into each other ("Pemberi kerja
(Rp)Pekerja (Rp)"): no two pieces of text on one line of page 1 touch."""

from __future__ import annotations

import io
import itertools
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from jmo.usecases.jht.balance import get_statement
from jmo.usecases.services import Services
from tests.cast import actor_of, complete_pengkinian, enrol_member


def placed_text(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(x, y, width, text) of every piece of text on page 1, the width in its own font."""
    pieces: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        shown = text.strip()
        if shown:
            name = str(font["/BaseFont"]).lstrip("/") if font else "Helvetica"
            x = cm[4] + tm[4] + stringWidth(text[: len(text) - len(text.lstrip())], name, size)
            pieces.append((x, cm[5] + tm[5], stringWidth(shown, name, size), shown))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return pieces


def test_no_two_columns_of_the_statement_touch(services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    doc = get_statement(
        services.uow(),
        actor_of(services, member),
        kpj=member.kpj,
        year=2016,
        benefits=services.benefits,
        now=services.clock.now(),
    )
    for locale in ("id", "en"):
        pieces = placed_text(services.benefits.statements.render(doc, locale))
        assert any("Jumlah" in p[3] or "Amount" in p[3] for p in pieces)
        lines: dict[float, list[tuple[float, float, float, str]]] = {}
        for piece in pieces:
            lines.setdefault(round(piece[1]), []).append(piece)
        for row in lines.values():
            row.sort()
            for left, right in itertools.pairwise(row):
                assert left[0] + left[2] < right[0], f"{left[3]!r} runs into {right[3]!r}"
