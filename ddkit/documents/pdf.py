"""Letters as PDF: pre-wrapped lines drawn with reportlab's canvas in an embedded font.

Why the canvas and not a layout engine: drawing lines that are already wrapped is the
fastest way known to write thousands of pages (about a millisecond a page), and a canvas
has no HTML, no images and no URL fetcher, so text in a name can never make the PDF load a
file or a web address (SECURITY.md TPL-9, TPL-10).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from ddkit.documents.files import private_output
from ddkit.documents.fonts import REGULAR, register_fonts
from ddkit.documents.layout import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Placed,
    Style,
    letter_blocks,
    paginate,
)
from ddkit.i18n import t
from ddkit.letters.model import Letter

FOOTER_Y = 40.0
HEADER_Y = PAGE_HEIGHT - 40.0
SMALL = 9.0
_TOTAL_FORM = "ddkitPageTotal"


class PageWriter:
    """Streams pages into one PDF file: draw each page, then :meth:`close`.

    When the page count is not known in advance (a packet volume), the "of N" in the page
    footer is a PDF form filled in at :meth:`close`.
    """

    def __init__(
        self,
        handle: BinaryIO,
        *,
        title: str,
        lang: str,
        total: int | None = None,
        style: Style = Style(),
    ):
        from reportlab.pdfgen.canvas import Canvas

        register_fonts()
        self.canvas = Canvas(handle, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setCreator("ddkit")
        self.canvas.setAuthor("")
        self.canvas.setSubject("")
        self.lang, self.total, self.style = lang, total, style
        self.pages = 0
        self.footer = True  # the page number; off for pages that go into a numbered packet

    def page(self, lines: list[Placed], header: str = "", style: Style | None = None) -> None:
        """Draw one page of placed lines, with the page number below and ``header`` above."""
        style = style or self.style
        canvas = self.canvas
        text = canvas.beginText()
        current = None
        x = style.margin
        for y, font, line, indent in lines:
            if font != current:
                text.setFont(*style.font(font))
                current = font
            text.setTextOrigin(x + indent, y)
            text.textOut(line)
        canvas.drawText(text)
        self.pages += 1
        canvas.setFont(REGULAR, SMALL)
        if header:
            canvas.drawRightString(PAGE_WIDTH - style.margin, HEADER_Y, header)
        if self.footer:
            self._footer()
        canvas.showPage()

    def _footer(self) -> None:
        canvas, n = self.canvas, self.pages
        if self.total is not None:
            label = t("documents.page", self.lang, n=f"{n:,}", total=f"{self.total:,}")
            canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, label)
            return
        label = t("documents.page_of", self.lang, n=f"{n:,}") + " "
        width = canvas.stringWidth(label, REGULAR, SMALL)
        x = PAGE_WIDTH / 2 - (width + 4 * SMALL * 0.6) / 2
        canvas.drawString(x, FOOTER_Y, label)
        canvas.saveState()
        canvas.translate(x + width, FOOTER_Y)
        canvas.doForm(_TOTAL_FORM)  # defined in close(), once the count is known
        canvas.restoreState()

    def close(self) -> int:
        """Finish the file; return the number of pages written."""
        if self.total is None and self.footer:
            self.canvas.beginForm(_TOTAL_FORM)
            self.canvas.setFont(REGULAR, SMALL)
            self.canvas.drawString(0, 0, f"{self.pages:,}")
            self.canvas.endForm()
        self.canvas.save()
        return self.pages


def letter_pages(letter: Letter, style: Style = Style()) -> list[list[Placed]]:
    """The letter's lines, placed on as many pages as it needs."""
    return paginate(letter_blocks(letter), style)


def write_pdf(letter: Letter, path: str | Path) -> Path:
    """Write one letter as a PDF file (mode 0600), with "Page 1 of N" on every page."""
    with private_output(path) as handle:
        draw_letter(letter, handle)
    return Path(path)


def pdf_bytes(letter: Letter) -> bytes:
    """One letter as the bytes of a PDF file (for a download button or a packet)."""
    buffer = io.BytesIO()
    draw_letter(letter, buffer)
    return buffer.getvalue()


def draw_letter(letter: Letter, handle: BinaryIO) -> int:
    """Draw a letter into an open file; return its number of pages."""
    pages = letter_pages(letter)
    writer = PageWriter(handle, title=letter.title, lang=letter.lang, total=len(pages))
    for lines in pages:
        writer.page(lines)
    return writer.close()
