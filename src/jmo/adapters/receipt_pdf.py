"""The PDF receipt of a request (Bukti Permintaan), ReportLab like the JHT statement.

Laid out from the signed receipt only (nothing else is printed), so what the page shows
is what the code holds: /verify shows the same receipt back. Times in the participant's
zone (WIB/WITA/WIT); sensitive values arrive masked. Invariant PDF (no creation time or
random id): the same receipt gives the same bytes.
"""

from __future__ import annotations

import io
import re
import textwrap
from xml.sax.saxutils import escape

import segno
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.requests.receipt import ReceiptDocument
from jmo.domain.time import to_local
from jmo.i18n import translate
from jmo.i18n.fields import FIELDS, display_maybe_masked
from jmo.i18n.requests import CHANNELS, KINDS, PROGRESS

GREEN = colors.HexColor("#1f8a3b")
CODE_WIDTH = 90  # characters per printed line of the code


def _qr(url: str, size: float) -> Drawing:
    qr = segno.make(url, error="l")
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    module = size / len(matrix)
    drawing = Drawing(size, size)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                y = size - (r + 1) * module
                drawing.add(
                    Rect(c * module, y, module, module, fillColor=colors.black, strokeWidth=0)
                )
    return drawing


_SUBJECT = re.compile(rb"/Subject \(([A-Za-z0-9_.-]{1,8000})\)")


class ReportlabReceiptRenderer:
    def __init__(self, regions: RegionDirectory) -> None:
        self._regions = regions

    def _shown(self, field: str, value: str, locale: str) -> str:
        return display_maybe_masked(field, value, self._regions, locale)

    def code_in(self, pdf: bytes) -> str | None:
        """The code a receipt PDF carries in its document information (not the printed
        one: extracting text is fragile, and the file is compared byte for byte anyway)."""
        found = _SUBJECT.search(pdf)
        return found.group(1).decode() if found else None

    def render(self, document: ReceiptDocument, locale: str) -> bytes:
        def _(text: str, **params: object) -> str:
            return translate(locale, text, **params)

        r = document.receipt
        styles = getSampleStyleSheet()
        small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
        mono = ParagraphStyle("mono", parent=small, fontName="Courier", fontSize=6.5, leading=8)
        buffer = io.BytesIO()
        pdf = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=_("Bukti Permintaan {id}", id=r.request_id),
            subject=document.code,  # found again by code_in when the file is checked
            author="JMO",
            invariant=1,
        )
        made = to_local(r.made_at, r.province_code)
        issued = to_local(r.issued_at, r.province_code)
        facts = [
            [_("Nomor permintaan"), r.request_id],
            [_("Jenis"), _(KINDS[r.kind])],
            [_("Status"), _(PROGRESS[r.progress])],
            [_("Nama"), r.name_masked],
            [_("KPJ"), r.kpj_masked],
            [_("Waktu permintaan"), f"{made:%d-%m-%Y %H:%M} {made.tzname()}"],
            [_("Saluran"), _(CHANNELS.get(r.channel, r.channel))],
            [_("Bukti dibuat"), f"{issued:%d-%m-%Y %H:%M} {issued.tzname()}"],
        ]
        head = Table(facts, colWidths=[45 * mm, 85 * mm])
        head.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9)]))
        top = Table([[head, _qr(document.verify_url, 38 * mm)]], colWidths=[135 * mm, 45 * mm])
        top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story: list[object] = [
            Paragraph(_("Bukti Permintaan"), styles["Title"]),
            top,
            Spacer(1, 5 * mm),
        ]
        if r.lines:
            rows: list[list[object]] = [[_("Data"), _("Sebelum"), _("Sesudah")]]
            for line in r.lines:
                rows.append(
                    [
                        Paragraph(escape(_(FIELDS.get(line.field, line.field))), small),
                        Paragraph(escape(self._shown(line.field, line.before, locale)), small),
                        Paragraph(escape(self._shown(line.field, line.after, locale)), small),
                    ]
                )
            table = Table(rows, repeatRows=1, colWidths=[50 * mm, 65 * mm, 65 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                        ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                    ]
                )
            )
            story += [table, Spacer(1, 5 * mm)]
        story += [
            Paragraph(
                _(
                    "Tanda tangan elektronik JMO. Periksa keaslian bukti ini dengan memindai "
                    "kode QR atau memasukkan kode di bawah pada halaman Verifikasi Bukti: {url}",
                    url=escape(document.verify_url.split("?", 1)[0]),
                ),
                small,
            ),
            Spacer(1, 2 * mm),
            Paragraph("<br/>".join(textwrap.wrap(document.code, CODE_WIDTH)), mono),
        ]
        pdf.build(story)
        return buffer.getvalue()
