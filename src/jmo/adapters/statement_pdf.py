"""The yearly JHT statement as a PDF (ReportLab; docs/decisions/0006-pdf-statements.md).

Built from the statement the use case computed: nothing is worked out here except layout.
Standard PDF fonts only (nothing is downloaded or embedded), texts through gettext, and an
invariant document (no creation time or random id inside), so the same statement always
gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from jmo.domain.jht.balance import StatementDocument
from jmo.domain.jht.ledger import EntryKind
from jmo.domain.jht.yields import YieldStatus
from jmo.domain.money import format_rupiah
from jmo.domain.time import to_local
from jmo.i18n import N_, translate

MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("Mei"),
    N_("Jun"),
    N_("Jul"),
    N_("Agu"),
    N_("Sep"),
    N_("Okt"),
    N_("Nov"),
    N_("Des"),
)
KINDS = {
    EntryKind.CONTRIBUTION: N_("Iuran"),
    EntryKind.YIELD: N_("Hasil pengembangan"),
    EntryKind.WITHDRAWAL: N_("Pencairan klaim"),
}
GREEN = colors.HexColor("#1f8a3b")


class ReportlabStatementRenderer:
    def render(self, document: StatementDocument, locale: str) -> bytes:
        def _(text: str, **params: object) -> str:  # extracted like gettext's _
            return translate(locale, text, **params)

        styles = getSampleStyleSheet()
        small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
        s = document.statement
        buffer = io.BytesIO()
        pdf = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=_("Laporan Saldo JHT {year}", year=s.year),
            author="JMO",
            invariant=1,
        )
        produced = to_local(document.produced_at, document.province_code)
        story: list[object] = [
            Paragraph(_("Laporan Saldo JHT {year}", year=s.year), styles["Title"]),
            Paragraph(f"{document.full_name} &middot; KPJ {document.kpj}", styles["Heading3"]),
            Paragraph(
                _(
                    "Dibuat {when} dari catatan iuran aplikasi JMO.",
                    when=f"{produced:%d-%m-%Y %H:%M} {produced.tzname()}",
                ),
                small,
            ),
            Spacer(1, 4 * mm),
        ]
        if document.verify_url:
            story += [_seal(document.verify_url, small, _), Spacer(1, 4 * mm)]
        rate = document.yield_rate
        if rate is not None:
            label = (
                _("ditetapkan BPJS Ketenagakerjaan")
                if rate.status is YieldStatus.DECLARED
                else _("asumsi aplikasi, bukan angka resmi")
            )
            story.append(
                Paragraph(
                    _(
                        "Hasil pengembangan {year}: {rate} per tahun ({label}).",
                        year=s.year,
                        rate=rate.percent_text,
                        label=label,
                    ),
                    small,
                )
            )
            story.append(Spacer(1, 3 * mm))

        summary = [
            [_("Saldo awal tahun"), format_rupiah(s.opening)],
            [_("Iuran pemberi kerja (3,7%)"), format_rupiah(s.employer_share)],
            [_("Iuran pekerja (2%)"), format_rupiah(s.worker_share)],
            [_("Hasil pengembangan"), format_rupiah(s.yields)],
            [_("Pencairan klaim"), format_rupiah(s.withdrawals)],
            [_("Saldo akhir tahun"), format_rupiah(s.closing)],
            [_("Saldo saat ini"), format_rupiah(document.balance_now)],
        ]
        table = Table(summary, colWidths=[110 * mm, 60 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("FONTNAME", (0, 5), (-1, 5), "Helvetica-Bold"),
                    ("LINEABOVE", (0, 5), (-1, 5), 0.5, colors.grey),
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                ]
            )
        )
        story += [table, Spacer(1, 6 * mm)]

        # Header cells wrap inside their column (issue 9 item 8: as plain strings they ran
        # into each other, "Pemberi kerja (Rp)Pekerja (Rp)"); money columns align right.
        head = ParagraphStyle(
            "head", parent=small, fontName="Helvetica-Bold", textColor=colors.white
        )
        head_right = ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT)
        header: list[object] = [
            Paragraph(_("Bulan"), head),
            Paragraph(_("Jenis"), head),
            Paragraph(_("Perusahaan"), head),
            Paragraph(_("Upah (Rp)"), head_right),
            Paragraph(_("Iuran pemberi kerja (Rp)"), head_right),
            Paragraph(_("Iuran pekerja (Rp)"), head_right),
            Paragraph(_("Jumlah (Rp)"), head_right),
        ]
        rows: list[list[object]] = [header]
        for line in s.lines:
            month = f"{_(MONTHS[line.period.month - 1])} {line.period.year}"
            rows.append(
                [
                    month,
                    _(KINDS[line.kind]),
                    Paragraph(line.employer_name, small),
                    format_rupiah(line.wage) if line.wage else "",
                    format_rupiah(line.employer_share) if line.employer_share else "",
                    format_rupiah(line.worker_share) if line.worker_share else "",
                    format_rupiah(line.amount),
                ]
            )
        if len(rows) == 1:
            rows.append([_("Tidak ada transaksi pada tahun ini."), "", "", "", "", "", ""])
        lines = Table(
            rows,
            repeatRows=1,
            colWidths=[18 * mm, 26 * mm, 40 * mm, 22 * mm, 22 * mm, 20 * mm, 22 * mm],
        )
        lines.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                    ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        story.append(lines)
        story.append(Spacer(1, 4 * mm))
        story.append(
            Paragraph(
                _(
                    "Saldo yang dibayarkan saat klaim mengikuti catatan BPJS Ketenagakerjaan "
                    "pada hari pembayaran."
                ),
                small,
            )
        )
        pdf.build(story)
        return buffer.getvalue()


QR_SIZE = 28 * mm


def _seal(url: str, style: ParagraphStyle, _: Callable[..., str]) -> Table:
    """The signed QR code (issue 9 item 8) beside what it is for, and its link in words
    for a reader without a camera. Drawn as vectors: sharp at any printer resolution."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    text = Paragraph(
        _("Pindai kode QR untuk memeriksa keaslian laporan ini di situs JMO, atau buka tautan ini:")
        + f'<br/><a href="{escape(url)}" color="blue">{escape(url)}</a>',
        style,
    )
    seal = Table([[drawing, text]], colWidths=[QR_SIZE + 4 * mm, 140 * mm])
    seal.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return seal
