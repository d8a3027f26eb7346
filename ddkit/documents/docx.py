"""Letters as Word files the signer can still edit, in a real business-letter layout.

Sender and date, the recipient (the Field Office Director and address when known), a bold
"Re:" line (with the A-number where the kind carries it), salutation, body, closing and a line to sign on.
Every piece of text goes in through python-docx, which escapes it, so a name holding Word
XML stays literal text and can never become a live field (SECURITY.md TPL-8).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ddkit.documents.files import private_output
from ddkit.documents.layout import BULLET, SIGNATURE_RULE, format_date, plain
from ddkit.letters.model import Letter
from ddkit.letters.safeguards import approval_keywords

# Word's language tags, so spelling is checked in the letter's language.
_WORD_LANG = {"en": "en-US", "es": "es-US"}


def write_docx(letter: Letter, path: str | Path) -> Path:
    """Write one letter as a Word file (mode 0600)."""
    with private_output(path) as handle:
        build_docx(letter).save(handle)
    return Path(path)


def docx_bytes(letter: Letter) -> bytes:
    """One letter as the bytes of a Word file (for a zip of many letters)."""
    buffer = io.BytesIO()
    build_docx(letter).save(buffer)
    return buffer.getvalue()


def build_docx(letter: Letter):
    """A python-docx ``Document`` holding the letter."""
    import docx

    document = docx.Document()
    _set_up(document, letter)
    _fill(document, letter)
    return document


class DocxBatch:
    """Makes many Word letters of one kind quickly (the mass letters' zip).

    Only ``word/document.xml`` differs from letter to letter, so the other parts (styles,
    settings, properties) are built once and copied; this is about ten times faster than
    building each file from scratch.
    """

    def __init__(self, first: Letter):
        import docx

        self.key = (first.lang, first.title)
        self.document = docx.Document()
        _set_up(self.document, first)
        buffer = io.BytesIO()
        self.document.save(buffer)
        with zipfile.ZipFile(buffer) as package:
            self.parts = [(name, package.read(name)) for name in package.namelist()]
        self.body = self.document.element.body

    def docx_bytes(self, letter: Letter) -> bytes:
        """The letter as the bytes of a Word file."""
        if (letter.lang, letter.title) != self.key:
            return docx_bytes(letter)
        for child in list(self.body):
            if not child.tag.endswith("}sectPr"):
                self.body.remove(child)
        _fill(self.document, letter)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            for name, data in self.parts:
                if name == "word/document.xml":
                    data = self.document.part.blob
                package.writestr(name, data)
        return buffer.getvalue()


def _fill(document, letter: Letter) -> None:
    from docx.shared import Pt

    if letter.is_script:
        _add(document, [letter.title], bold=True, size=Pt(14))
        _body(document, letter.paragraphs)
        return
    if letter.sender:
        _add(document, letter.sender)
    day = letter.meta.get("date_text") or format_date(letter.date, letter.lang)
    _add(document, [day], before=Pt(11))
    if letter.recipient:
        _add(document, letter.recipient, before=Pt(11))
    if letter.re_line:
        _add(document, [letter.re_line], bold=True, before=Pt(11))
    if letter.salutation:
        _add(document, [letter.salutation], before=Pt(11), after=Pt(8))
    _body(document, letter.paragraphs)
    closing = [letter.closing] if letter.closing else []
    signature = _add(document, [*closing, "", "", SIGNATURE_RULE, *letter.signature])
    signature.paragraph_format.keep_together = True


def _body(document, paragraphs) -> None:
    """Body paragraphs; a "• " paragraph is a list item with a hanging indent."""
    from docx.shared import Pt

    for text in paragraphs:
        paragraph = _add(document, [text], after=Pt(8))
        if text.startswith(BULLET):
            paragraph.paragraph_format.left_indent = Pt(12)
            paragraph.paragraph_format.first_line_indent = Pt(-12)
            paragraph.paragraph_format.space_after = Pt(3)


def _set_up(document, letter: Letter) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    margin = Inches(1)

    for section in document.sections:
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = 0
    r_pr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _WORD_LANG.get(letter.lang, letter.lang))
    r_pr.append(lang)
    # python-docx's template says "python-docx" here; a letter names no tool and no person.
    props = document.core_properties
    props.title = plain(letter.title)
    props.author = props.last_modified_by = props.comments = ""
    # The attorney's approval is recorded here, in the file's properties, never in the letter.
    props.keywords = approval_keywords(letter.meta)
    props.language = _WORD_LANG.get(letter.lang, letter.lang)


def _add(document, lines, *, bold: bool = False, size=None, before=None, after=None):
    """One paragraph; the lines inside it are separated by line breaks."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    # One <w:t> per line and a <w:br/> between (python-docx's text setter goes char by char).
    for i, line in enumerate(plain("\n".join(lines)).split("\n")):
        if i:
            run._r.add_br()
        if line:
            run._r.add_t(line)
    run.bold = bold or None
    if size is not None:
        run.font.size = size
    if before is not None:
        paragraph.paragraph_format.space_before = before
    if after is not None:
        paragraph.paragraph_format.space_after = after
    return paragraph
