"""Lay a letter out as lines on pages, the same way for every PDF the kit writes.

A :class:`~ddkit.letters.model.Letter` arrives as plain-text parts. Here they become
*blocks* (sender, date, recipient, "Re:" line, salutation, body, signature), the blocks
become wrapped lines measured in the embedded font, and the lines are placed on US Letter
pages. Nothing is drawn here, so the mass packet can lay out thousands of letters and the
drawing code stays a tight loop. Wrapping is cached: the paragraphs every supporter's
letter shares are measured once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import NamedTuple

from ddkit.documents.fonts import BOLD, REGULAR, register_fonts
from ddkit.letters.context import format_date as letter_date
from ddkit.letters.model import Letter

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, the paper ICE field offices take
TITLE = "title"  # bold, a little larger: script and cover titles
SIGNATURE_RULE = "_" * 32
BULLET = "• "  # a body paragraph starting with this is a list item (as in ddkit.letters)

# Characters a PDF or Word file cannot hold or that hide text: C0/C1 controls (except
# newline), unpaired surrogates, non-characters, bidi overrides and zero-width marks.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def plain(text: str) -> str:
    """Text safe to print: NFC, newlines kept, tabs as spaces, control characters gone.

    >>> plain("Ana\\r\\nJosé\\x07\\t!")
    'Ana\\nJosé !'
    """
    text = unicodedata.normalize("NFC", str(text))
    if text.isprintable():  # no control, format, surrogate or unassigned character at all
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNSAFE.sub("", text)


MISSING = "\ufffd"  # printed where the embedded font has no glyph (Chinese, emoji...)


@lru_cache(maxsize=1)
def _drawable_chars() -> frozenset[int]:
    from reportlab.pdfbase.pdfmetrics import getFont

    register_fonts()
    regular, bold = (set(getFont(name).face.charToGlyph) for name in (REGULAR, BOLD))
    return frozenset(regular & bold | {10})


def drawable(text: str) -> str:
    """Text the embedded font can draw: any other character becomes "�", so the reader
    sees that something is missing instead of a blank (DejaVu Sans has no Chinese script).

    >>> drawable("Łukasz 王")
    'Łukasz �'
    """
    if text.isascii():
        return text
    chars = _drawable_chars()
    return "".join(c if ord(c) in chars else MISSING for c in text)


@lru_cache(maxsize=64)
def format_date(day: date, lang: str) -> str:
    """A date as a letter writes it, in the letter's language.

    >>> format_date(date(2026, 3, 3), "en")
    'March 3, 2026'
    >>> format_date(date(2026, 3, 3), "es")
    '3 de marzo de 2026'
    """
    # One wording for dates in every document: the letters engine's (cached here because a
    # packet asks for the same date thousands of times).
    return letter_date(day, lang)


@dataclass(frozen=True)
class Style:
    """Type size and margins of a page (points; 72 points make an inch)."""

    size: float = 11.0
    margin: float = 72.0
    top: float = 72.0
    bottom: float = 72.0

    @property
    def width(self) -> float:
        return PAGE_WIDTH - 2 * self.margin

    @cached_property
    def fonts(self) -> dict[str, tuple[str, float, float]]:
        """Font name, size and leading (line height) for each font key."""
        sizes = {REGULAR: self.size, BOLD: self.size, TITLE: self.size + 3}
        names = {REGULAR: REGULAR, BOLD: BOLD, TITLE: BOLD}
        return {key: (names[key], size, size * 1.3) for key, size in sizes.items()}

    def font(self, key: str) -> tuple[str, float]:
        """The reportlab font name and size for a line's font key."""
        name, size, _ = self.fonts[key]
        return name, size

    def leading(self, key: str) -> float:
        return self.fonts[key][2]


class Item(NamedTuple):
    """One piece of text in a block, with blank space above it (in lines).

    A list item (``bullet``) hangs: its wrapped lines start under the text, not the bullet.
    """

    gap: float
    font: str
    text: str
    bullet: bool = False


class Block(NamedTuple):
    """Items laid out together; ``keep`` moves the whole block to a new page if needed."""

    items: tuple[Item, ...]
    keep: bool = False


class Placed(NamedTuple):
    """One line on a page: baseline height from the bottom, font key, text, indent."""

    y: float
    font: str
    text: str
    indent: float = 0.0


def letter_blocks(letter: Letter) -> list[Block]:
    """The blocks of a letter in reading order (a call script has only title and body)."""
    para = _body(letter.paragraphs)
    if letter.is_script:
        return [Block((Item(0, TITLE, plain(letter.title)),)), *para]
    blocks = [_lines(0, REGULAR, letter.sender)] if letter.sender else []
    day = letter.meta.get("date_text") or format_date(letter.date, letter.lang)
    blocks.append(_lines(1, REGULAR, (day,)))
    if letter.recipient:
        blocks.append(_lines(1, REGULAR, letter.recipient))
    if letter.re_line:
        blocks.append(_lines(1, BOLD, (letter.re_line,)))
    if letter.salutation:
        blocks.append(_lines(1, REGULAR, (letter.salutation,)))
    blocks.extend(para)
    signature = [Item(1, REGULAR, plain(letter.closing))] if letter.closing else []
    signature.append(Item(2.5 if letter.closing else 1, REGULAR, SIGNATURE_RULE))
    signature += [Item(0, REGULAR, plain(line)) for line in letter.signature]
    blocks.append(Block(tuple(signature), keep=True))
    return blocks


def _body(paragraphs) -> list[Block]:
    """Body paragraphs; list items sit closer together than paragraphs do."""
    blocks, after_bullet = [], False
    for text in paragraphs:
        bullet = text.startswith(BULLET)
        if bullet:
            text = text[len(BULLET) :]
        gap = 0.3 if bullet and after_bullet else 0.7
        blocks.append(Block((Item(gap, REGULAR, plain(text), bullet),)))
        after_bullet = bullet
    return blocks


def _lines(gap: float, font: str, texts) -> Block:
    return Block(tuple(Item(gap if i == 0 else 0, font, plain(x)) for i, x in enumerate(texts)))


def paginate(blocks: list[Block], style: Style = Style()) -> list[list[Placed]]:
    """Wrap every block to the page width and place the lines on as many pages as needed."""
    top, bottom = PAGE_HEIGHT - style.top, style.bottom
    fonts, gap_unit = style.fonts, style.leading(REGULAR)
    pages: list[list[Placed]] = [[]]
    page = pages[0]
    y = top
    for block in blocks:
        lines = _wrapped(block, style)
        if block.keep and page and y - _height(lines, style) < bottom:
            page = []
            pages.append(page)
            y = top
        for gap, font, text, indent in lines:
            _, size, leading = fonts[font]
            if page:
                y -= gap * gap_unit
            if y - leading < bottom and page:
                page = []
                pages.append(page)
                y = top
            page.append(Placed(y - size, font, text, indent))
            y -= leading
    return pages


@lru_cache(maxsize=1024)  # the blocks every supporter's letter shares are wrapped once
def _wrapped(block: Block, style: Style) -> tuple[tuple[float, str, str, float], ...]:
    """Lines as ``(gap, font, text, indent)``; a list item's lines hang under its text."""
    out = []
    for gap, font, text, bullet in block.items:
        text = drawable(text)
        name, size = style.font(font)
        hang = _units(BULLET, name) * size / 1000 if bullet else 0.0
        for i, line in enumerate(wrap(text, name, size, style.width - hang)):
            if bullet and i == 0:
                out.append((gap, font, BULLET + line, 0.0))
            else:
                out.append((gap if i == 0 else 0, font, line, hang))
    return tuple(out)


def _height(lines: list[tuple], style: Style) -> float:
    return sum(gap * style.leading(REGULAR) + style.leading(font) for gap, font, *_ in lines)


@lru_cache(maxsize=65536)
def _units(word: str, font: str) -> float:
    """A word's width at 1,000 points (widths scale with size, so one cache serves all)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(word, font, 1000)


@lru_cache(maxsize=4096)
def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Break a paragraph into lines no wider than ``width`` points; newlines are kept.

    A word wider than the line (a long web address) is cut where it must be.
    """
    scale = size / 1000
    space = _units(" ", font) * scale
    lines: list[str] = []
    for raw in text.split("\n"):
        words: list[str] = []
        used = 0.0
        for word in raw.split():
            wide = _units(word, font) * scale
            if wide > width:
                pieces = _cut(word, font, scale, width)
                word, wide = pieces[-1], _units(pieces[-1], font) * scale
                if words:
                    lines.append(" ".join(words))
                lines.extend(pieces[:-1])
                words, used = [], 0.0
            if words and used + space + wide > width:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0) + wide
            words.append(word)
        lines.append(" ".join(words))
    return tuple(lines)


def _cut(word: str, font: str, scale: float, width: float) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and _units(current + char, font) * scale > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]
