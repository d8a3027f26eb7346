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
from ddkit.letters.safeguards import approval_keywords

FOOTER_Y = 40.0
HEADER_Y = PAGE_HEIGHT - 40.0
SMALL = 9.0


def draw_lines(canvas, lines: list[Placed], style: Style, cache: LineCache | None = None) -> None:
    """Draw placed lines as one text object.

    A line right below the last one is a bare "next line" (T*); only a jump (a paragraph
    gap, an indent) sets the position again. ``textOut`` would measure every line's width,
    which costs more than drawing it.
    """
    text = canvas.beginText()
    fonts, margin = style.fonts, style.margin
    draw = cache.draw if cache is not None else _draw_line
    current, next_y, next_x = None, None, None
    for y, font, line, indent in lines:
        if font != current:
            text.setFont(*fonts[font])
            current = font
        x = margin + indent
        if next_y is None or abs(y - next_y) > 0.01 or x != next_x:
            text.setTextOrigin(x, y)
        draw(text, line)
        next_y, next_x = y - fonts[font][2], x
    canvas.drawText(text)


def _draw_line(text, line: str) -> None:
    text.textLine(line)


class LineCache:
    """The PDF code of lines already drawn in one file, reused when a line comes back.

    In a mass packet most lines (the recipient, most of the body) are the same in every
    letter. Turning a line into PDF code maps each character into the embedded font's
    subsets, the largest part of drawing; within one file, the same line in the same font
    and subset state always gives the same code, so it is kept. This uses two attributes of
    reportlab's text object (``_code``, ``_curSubset``); if a reportlab release renames them,
    lines are simply drawn the ordinary way.
    """

    LIMIT = 4096  # lines kept per file: the shared ones come first, memory stays bounded

    def __init__(self):
        self.code: dict[tuple, tuple[str, int]] = {}

    def draw(self, text, line: str) -> None:
        try:
            key = (text._fontname, text._fontsize, text._leading, text._curSubset, line)
            found = self.code.get(key)
            if found is not None:
                text._code.append(found[0])
                text._curSubset = found[1]
                return
            text.textLine(line)
            if len(self.code) < self.LIMIT:
                self.code[key] = (text._code[-1], text._curSubset)
        except AttributeError:
            text.textLine(line)


class PageWriter:
    """Streams pages into one PDF file: draw each page, then :meth:`close`.

    ``total`` is the number of pages the file will have, for "Page n of N" in the footer.
    """

    def __init__(
        self,
        handle: BinaryIO,
        *,
        title: str,
        lang: str,
        total: int,
        style: Style = Style(),
        keywords: str = "",
    ):
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        # Binary streams, not ASCII85 text: a fifth faster in pure Python, and smaller files.
        rl_config.useA85 = 0
        register_fonts()
        self.canvas = Canvas(handle, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setCreator("ddkit")
        self.canvas.setAuthor("")
        self.canvas.setSubject("")
        self.canvas.setKeywords(keywords)  # the attorney's approval, if any: never in the text
        self.lang, self.total, self.style = lang, total, style
        self.pages = 0
        self.lines = LineCache()
        self.footer = True  # the page number; off for pages that go into a numbered packet

    def page(self, lines: list[Placed], header: str = "", style: Style | None = None) -> None:
        """Draw one page of placed lines, with the page number below and ``header`` above."""
        style = style or self.style
        canvas = self.canvas
        draw_lines(canvas, lines, style, self.lines)
        self.pages += 1
        canvas.setFont(REGULAR, SMALL)
        if header:
            canvas.drawRightString(PAGE_WIDTH - style.margin, HEADER_Y, header)
        if self.footer:
            label = t("documents.page", self.lang, n=f"{self.pages:,}", total=f"{self.total:,}")
            canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, label)
        canvas.showPage()

    def close(self) -> int:
        """Finish the file; return the number of pages written."""
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
    keywords = approval_keywords(letter.meta)
    writer = PageWriter(
        handle, title=letter.title, lang=letter.lang, total=len(pages), keywords=keywords
    )
    for lines in pages:
        writer.page(lines)
    return writer.close()
