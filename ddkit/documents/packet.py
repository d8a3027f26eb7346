"""The filing packet: one PDF to hand to ICE, with bookmarks and numbered pages.

In order: the cover letter (the request for prosecutorial discretion), an index of exhibits,
the letters the kit made, then any documents the user attaches (medical records, school
letters, proof of relief). The letters of support carry no A-number (their drafts go to
third-party signers); the index prints it on its first line and on every exhibit's line, so
ICE can match each letter to the case. Every page gets "Packet page N of M" in its lower right corner,
and each part gets a bookmark. A damaged attachment is named in the message, never skipped
in silence.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ddkit.documents.files import private_output
from ddkit.documents.fonts import REGULAR
from ddkit.documents.layout import TITLE, Block, Item, paginate
from ddkit.documents.pdf import PageWriter
from ddkit.errors import UserError
from ddkit.i18n import t

COVER_KIND = "pd_request"
STAMP_SIZE = 8.0
STAMP_MARGIN = 36.0


@dataclass
class Part:
    """One part of the packet: a PDF to include and what to call it."""

    title: str
    source: str  # the file name, for messages
    reader: object = None
    pages: int = 0
    first: int = 0
    label: str = ""


@dataclass
class PacketResult:
    """What went into the packet."""

    path: Path
    pages: int
    exhibits: list[Part] = field(default_factory=list)


def find_letters(folder: str | Path) -> tuple[Path | None, list[Path]]:
    """The cover letter (the newest ``pd_request`` PDF) and the other letter PDFs in a folder.

    Letters come in the order of the kinds (family, teacher, faith, ...), then by name.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("documents.packet.no_letters_dir", folder=folder.name)
    pdfs = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
    covers = [p for p in pdfs if p.name.startswith(COVER_KIND + "-")]
    others = [p for p in pdfs if not p.name.startswith(COVER_KIND + "-")]
    return (covers[-1] if covers else None), sorted(others, key=_kind_order)


# Personal letters first, the mass letters after them; unknown files last, by name.
EXHIBIT_ORDER = (
    "family_member",
    "teacher_counselor",
    "faith_leader",
    "organizational",
    "congressional_email",
    "translation_certificate",
    "mass_personal",
)


def _kind_order(path: Path) -> tuple[int, str]:
    kind = path.name.split("-", 1)[0]
    rank = EXHIBIT_ORDER.index(kind) if kind in EXHIBIT_ORDER else len(EXHIBIT_ORDER)
    return rank, path.name


def open_pdf(path: str | Path, *, kit_made: bool = True) -> Part:
    """Open a PDF to include, or raise a :class:`UserError` naming the file.

    A PDF the kit made carries the letter's title; any other file is called by its name
    (other programs' titles say things like "untitled" or "Microsoft Word - Doc1").
    """
    from pypdf import PdfReader

    path = Path(path)
    if not path.is_file():
        raise UserError("documents.packet.missing_file", file=path.name)
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf's repair notes would print beside our message
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("password")
        pages = len(reader.pages)
        if pages == 0:
            raise ValueError("no pages")
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touch every page now, so damage shows here
    except Exception:  # pypdf raises many kinds for damaged files; all mean the same here
        raise UserError("documents.packet.broken", file=path.name) from None
    finally:
        quiet.setLevel(level)
    title = (_pdf_title(reader) if kit_made else "") or _file_title(path)
    return Part(title=title, source=path.name, reader=reader, pages=pages)


def part_from_letter(letter) -> Part:
    """A letter rendered just now (the cover letter), as a part of the packet."""
    from pypdf import PdfReader

    from ddkit.documents.pdf import pdf_bytes

    reader = PdfReader(io.BytesIO(pdf_bytes(letter)))
    return Part(title=letter.title, source=letter.kind, reader=reader, pages=len(reader.pages))


def _file_title(path: Path) -> str:
    """A title from a file name: "school-records_2024.pdf" gives "school records 2024"."""
    return " ".join(path.stem.replace("_", " ").replace("-", " ").split()) or path.name


def _pdf_title(reader) -> str:
    try:
        title = (reader.metadata or {}).get("/Title")
    except Exception:  # a broken info dictionary is no reason to refuse the file
        return ""
    return " ".join(str(title).split()) if title else ""


def exhibit_label(index: int) -> str:
    """A, B, ... Z, AA, AB ...

    >>> [exhibit_label(i) for i in (0, 25, 26)]
    ['A', 'Z', 'AA']
    """
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def write_filing_packet(
    cover: Part,
    letters: list[Part],
    attachments: list[Part],
    out: str | Path,
    lang: str,
    *,
    a_number: str | None = None,
    keywords: str = "",
) -> PacketResult:
    """Assemble the packet PDF (mode 0600): cover letter, exhibit index, letters, attachments.

    ``a_number`` (written ``A123-456-789``) goes on the index's lines; ``keywords`` into the
    file's properties (the attorney's approval, see :mod:`ddkit.letters.safeguards`).
    """
    from pypdf import PdfWriter

    exhibits = [*letters, *attachments]
    for i, part in enumerate(exhibits):
        part.label = exhibit_label(i)
    cover.title = t("documents.packet.cover_title", lang)
    index = _index_pdf(cover, exhibits, lang, a_number)
    index_part = Part(t("documents.packet.index_title", lang), "", index, len(index.pages))
    first = 1 + cover.pages
    for part in [index_part, *exhibits]:
        part.first, first = first, first + part.pages
    writer = PdfWriter()
    for part in [cover, index_part, *exhibits]:
        start = len(writer.pages)
        for page in part.reader.pages:
            writer.add_page(page)
        title = part.title if not part.label else f"{part.label}. {part.title}"
        writer.add_outline_item(title=title, page_number=start)
    _stamp(writer, lang)
    metadata = {"/Title": t("documents.packet.doc_title", lang), "/Creator": "ddkit"}
    if keywords:
        metadata["/Keywords"] = keywords
    writer.add_metadata(metadata)
    with private_output(out) as handle:
        writer.write(handle)
    return PacketResult(Path(out), len(writer.pages), exhibits)


def _index_pdf(cover: Part, exhibits: list[Part], lang: str, a_number: str | None = None):
    """The exhibit index; laid out twice if its own length moves the page numbers."""
    from pypdf import PdfReader

    index_pages = 1
    while True:
        first = 1 + cover.pages + index_pages
        lines = [Item(0, TITLE, t("documents.packet.index_title", lang))]
        if a_number:
            lines.append(
                Item(0.5, REGULAR, t("documents.packet.a_number", lang, a_number=a_number))
            )
        lines.append(Item(1, REGULAR, _span_line("cover", lang, 1, cover.pages)))
        for part in exhibits:
            text = _span_line("exhibit", lang, first, part.pages, part.label, part.title, a_number)
            lines.append(Item(0.5, REGULAR, text))
            first += part.pages
        pages = paginate([Block(tuple(lines))])
        if len(pages) == index_pages:
            break
        index_pages = len(pages)
    buffer = io.BytesIO()
    title = t("documents.packet.index_title", lang)
    writer = PageWriter(buffer, title=title, lang=lang, total=len(pages))
    writer.footer = False
    for page in pages:
        writer.page(page)
    writer.close()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _span_line(
    what: str, lang: str, first: int, pages: int, label="", title="", a_number=None
) -> str:
    key = f"documents.packet.{what}_{'one' if pages == 1 else 'many'}"
    if a_number:
        key += "_a"  # "Exhibit A (A123-456-789): ...", so ICE can match the letter to the case
    values = {"label": label, "title": title, "a_number": a_number}
    return t(key, lang, **values, first=first, last=first + pages - 1)


def _stamp(writer, lang: str) -> None:
    """Write "Packet page N of M" in the lower right corner of every page.

    Each page gets one more small content stream that draws the label in Helvetica, after
    its own content (isolated with q/Q so nothing it left set can move the label). pypdf's
    merge_page would re-read every page's resources: 40 ms a page, minutes for a packet
    holding a mass-letter volume; this is about a millisecond.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    total = len(writer.pages)
    font = writer._add_object(  # pypdf has no public call that adds a shared object
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    push = writer._add_object(_stream(b"q\n"))
    for n, page in enumerate(writer.pages, start=1):
        if page.get("/Rotate", 0):
            page.transfer_rotation_to_content()  # so "lower right" is where a reader looks
        label = t("documents.packet.packet_page", lang, n=f"{n:,}", total=f"{total:,}")
        stamp = writer._add_object(_stream(_stamp_code(label, page.cropbox)))
        fonts = _own_dict(_own_dict(page, "/Resources"), "/Font")
        fonts[NameObject(STAMP_FONT)] = font
        contents = page.get("/Contents")
        if contents is None:
            own = []
        elif isinstance(contents.get_object(), ArrayObject):
            own = list(contents.get_object())
        else:
            own = [contents]
        page[NameObject("/Contents")] = ArrayObject([push, *own, stamp])


STAMP_FONT = "/DDKitStamp"


def _own_dict(parent, key: str):
    """``parent[key]`` as a dictionary, added empty if missing (shared ones stay shared)."""
    from pypdf.generic import DictionaryObject, NameObject

    found = parent.get(key)
    if found is None:
        found = DictionaryObject()
        parent[NameObject(key)] = found
    return found.get_object()


def _stamp_code(label: str, box) -> bytes:
    """PDF drawing code for the label, right-aligned in the page's lower right corner."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(label, "Helvetica", STAMP_SIZE)
    x = float(box.right) - STAMP_MARGIN - width
    y = float(box.bottom) + STAMP_MARGIN / 2
    text = label.encode("cp1252", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    head = f"Q q BT {STAMP_FONT} {STAMP_SIZE:g} Tf {x:.2f} {y:.2f} Td (".encode()
    return head + text + b") Tj ET Q\n"


def _stream(data: bytes):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
