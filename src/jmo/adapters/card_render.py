"""The card as a PNG (Pillow) and a PDF (ReportLab, vector text and QR), both the size of
an ID-1 card (85.6 x 54 mm). Nothing is fetched at run time: Pillow's built-in scalable font
and the PDF base-14 fonts (Helvetica) are enough. The QR code (segno, error correction M)
links to the public verification page."""

from __future__ import annotations

import io
import unicodedata

import segno
from babel.dates import format_date
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jmo.domain.card import CardFace
from jmo.domain.time import WIB
from jmo.i18n import N_, translate

GREEN = (31, 138, 59)
BLUE = (11, 90, 166)
INK = (29, 39, 51)
MUTED = (93, 107, 122)

TITLE = N_("KARTU PESERTA")
SUBTITLE = N_("Jaminan Sosial Ketenagakerjaan")
LABEL_NAME = N_("Nama")
LABEL_KPJ = N_("No. KPJ")
LABEL_NIK = N_("NIK")
LABEL_PROGRAMS = N_("Program")
LABEL_EMPLOYER = N_("Perusahaan")
LABEL_VALID = N_("Berlaku s.d.")
SCAN_HINT = N_("Pindai untuk verifikasi")
NO_EMPLOYER = N_("Tidak ada pekerjaan aktif")

# ID-1 card at 300 dpi
WIDTH, HEIGHT = 1012, 638
CARD_W_MM, CARD_H_MM = 85.6, 53.98


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def _valid_text(face: CardFace, locale: str) -> str:
    return format_date(face.valid_through.astimezone(WIB).date(), "d MMMM y", locale=locale)


def _rows(face: CardFace, locale: str) -> list[tuple[str, str]]:
    return [
        (translate(locale, LABEL_NAME), face.full_name.upper()),
        (translate(locale, LABEL_KPJ), face.kpj),
        (translate(locale, LABEL_NIK), face.nik_masked),
        (translate(locale, LABEL_PROGRAMS), " · ".join(face.programs)),
        (translate(locale, LABEL_EMPLOYER), face.employer_name or translate(locale, NO_EMPLOYER)),
        (translate(locale, LABEL_VALID), _valid_text(face, locale)),
    ]


def _fit(text: str, width: float, measure: object) -> str:
    """Cut ``text`` with an ellipsis until ``measure(text) <= width``."""
    assert callable(measure)
    if measure(text) <= width:
        return text
    while text and measure(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


class CardRenderer:
    def png(self, face: CardFace, locale: str) -> bytes:
        image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        draw = ImageDraw.Draw(image)
        band = 130
        for x in range(WIDTH):  # green to blue, like the app's header
            t = x / (WIDTH - 1)
            colour = tuple(round(g + (b - g) * t) for g, b in zip(GREEN, BLUE, strict=True))
            draw.line([(x, 0), (x, band)], fill=colour)
        font = ImageFont.load_default
        draw.text((40, 28), translate(locale, TITLE), font=font(size=46), fill="white")
        draw.text((40, 84), translate(locale, SUBTITLE), font=font(size=26), fill="white")

        qr_size = 300
        qr = _qr(face.verify_url)
        modules = qr.symbol_size(scale=1, border=2)[0]
        scale = qr_size // modules  # whole pixels per module: a scanner needs sharp edges
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=scale, border=2)
        buffer.seek(0)
        qr_image = Image.open(buffer).convert("RGB")
        qr_x, qr_y = WIDTH - qr_size - 36, band + 40
        offset = (qr_size - qr_image.width) // 2
        image.paste(qr_image, (qr_x + offset, qr_y + offset))
        hint_font = font(size=22)
        hint = translate(locale, SCAN_HINT)
        hint_w = draw.textlength(hint, font=hint_font)
        draw.text(
            (qr_x + (qr_size - hint_w) / 2, qr_y + qr_size + 14), hint, font=hint_font, fill=MUTED
        )

        label_font, value_font = font(size=22), font(size=32)
        text_width = qr_x - 40 - 30
        y = band + 28
        for label, value in _rows(face, locale):
            draw.text((40, y), label, font=label_font, fill=MUTED)
            fitted = _fit(value, text_width, lambda s: draw.textlength(s, font=value_font))
            draw.text((40, y + 24), fitted, font=value_font, fill=INK)
            y += 76
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()

    def pdf(self, face: CardFace, locale: str) -> bytes:
        out = io.BytesIO()
        width, height = CARD_W_MM * mm, CARD_H_MM * mm
        canvas = Canvas(out, pagesize=(width, height), invariant=True, pageCompression=1)
        canvas.setTitle(translate(locale, TITLE).title())
        canvas.setSubject(translate(locale, SUBTITLE))
        band = 11 * mm
        steps = 60
        for i in range(steps):  # the header band as thin strips: no shading dictionaries
            t = i / (steps - 1)
            r, g, b = (round(c1 + (c2 - c1) * t) for c1, c2 in zip(GREEN, BLUE, strict=True))
            canvas.setFillColor(HexColor(f"#{r:02x}{g:02x}{b:02x}"))
            canvas.rect(
                width * i / steps, height - band, width / steps + 0.5, band, stroke=0, fill=1
            )
        canvas.setFillColor(HexColor("#ffffff"))
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(3.4 * mm, height - 6 * mm, _latin1(translate(locale, TITLE)))
        canvas.setFont("Helvetica", 6.5)
        canvas.drawString(3.4 * mm, height - 9.3 * mm, _latin1(translate(locale, SUBTITLE)))

        qr = _qr(face.verify_url)
        qr_size = 25 * mm
        qr_x, qr_y = width - qr_size - 3 * mm, height - band - 3 * mm - qr_size
        matrix = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
        module = qr_size / len(matrix)
        canvas.setFillColor(HexColor("#000000"))
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    canvas.rect(
                        qr_x + c * module,
                        qr_y + qr_size - (r + 1) * module,
                        module + 0.01,
                        module + 0.01,
                        stroke=0,
                        fill=1,
                    )
        canvas.setFillColor(HexColor("#5d6b7a"))
        canvas.setFont("Helvetica", 5)
        canvas.drawCentredString(
            qr_x + qr_size / 2, qr_y - 2.6 * mm, _latin1(translate(locale, SCAN_HINT))
        )

        text_width = qr_x - 3.4 * mm - 2 * mm
        y = height - band - 4.5 * mm
        for label, value in _rows(face, locale):
            canvas.setFillColor(HexColor("#5d6b7a"))
            canvas.setFont("Helvetica", 5)
            canvas.drawString(3.4 * mm, y, _latin1(label))
            canvas.setFillColor(HexColor("#1d2733"))
            canvas.setFont("Helvetica-Bold", 7.5)
            fitted = _fit(
                _latin1(value), text_width, lambda s: canvas.stringWidth(s, "Helvetica-Bold", 7.5)
            )
            canvas.drawString(3.4 * mm, y - 2.9 * mm, fitted)
            y -= 6.4 * mm
        canvas.showPage()
        canvas.save()
        return out.getvalue()


def _latin1(text: str) -> str:
    """The PDF base-14 fonts cover Latin-1; other letters lose their accents, the rest go
    (Indonesian names are written in Latin letters on the e-KTP)."""
    if all(ord(ch) < 256 for ch in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 256 and not unicodedata.combining(ch))
