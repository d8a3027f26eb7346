"""The mass-letter packet: one personal letter per supporter, ready to deliver.

A supporters table becomes a PDF packet: a cover page (for whom, how many letters, which
date), an index by state, then one letter per page, each numbered. Rows that cannot be a
letter are skipped and listed with their row number and reason.

Memory stays flat however long the table is: valid rows wait on disk
(:class:`~ddkit.documents.supporters.SupporterTable`), and the packet is written in
*volumes* of a few thousand letters, because a PDF library holds a whole file in memory
until it saves it. A packet in volumes is also easier to e-mail and print.
"""

from __future__ import annotations

import gc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from ddkit.documents.files import filename, private_output
from ddkit.documents.fonts import REGULAR
from ddkit.documents.layout import (
    TITLE,
    Block,
    Item,
    Placed,
    Style,
    format_date,
    letter_blocks,
    paginate,
)
from ddkit.documents.pdf import PageWriter
from ddkit.documents.progress import NoProgress, Progress
from ddkit.documents.supporters import (
    RowIssue,
    Supporter,
    SupporterTable,
    required_columns,
    supporter_signer,
)
from ddkit.i18n import t
from ddkit.letters.model import Letter

# The table's side, offered here too: a packet is made from a table.
__all__ = [
    "Cover",
    "MassResult",
    "SupporterTable",
    "required_columns",
    "supporter_signer",
    "write_mass_packet",
]

VOLUME_LETTERS = 2500
# Type sizes tried, largest first, until a letter fits on one page.
FIT_STYLES = tuple(Style(size=s) for s in (11.0, 10.5, 10.0, 9.5, 9.0))


@dataclass(frozen=True)
class Cover:
    """What the cover page says: for whom, the case id (for file names), the date."""

    name: str
    case_id: str
    day: date
    lang: str
    a_number: str | None = None
    kind: str = "mass_personal"


@dataclass(frozen=True)
class StateEntry:
    """One line of the index: a state, its letters' numbers, the volumes they are in."""

    state: str
    count: int
    first: int
    last: int
    volumes: tuple[int, int]


@dataclass
class MassResult:
    """What was written, and what was skipped."""

    letters: int
    pages: int = 0
    files: list[Path] = field(default_factory=list)
    docx_zip: Path | None = None
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[RowIssue] = field(default_factory=list)
    index: list[StateEntry] = field(default_factory=list)


def volume_paths(out: str | Path, volumes: int) -> list[Path]:
    """``packet.pdf`` for one volume; ``packet-vol1.pdf``, ``packet-vol2.pdf``... for more.

    >>> [p.name for p in volume_paths("packet.pdf", 2)]
    ['packet-vol1.pdf', 'packet-vol2.pdf']
    """
    out = Path(out)
    if volumes <= 1:
        return [out]
    return [out.with_name(f"{out.stem}-vol{n}{out.suffix}") for n in range(1, volumes + 1)]


def plan_index(table: SupporterTable, volume_size: int) -> list[StateEntry]:
    """Number the letters state by state and say which volume each state's letters are in."""
    entries, first = [], 1
    for state in table.states():
        count = table.size(state)
        last = first + count - 1
        volumes = ((first - 1) // volume_size + 1, (last - 1) // volume_size + 1)
        entries.append(StateEntry(state, count, first, last, volumes))
        first = last + 1
    return entries


def write_mass_packet(
    table: SupporterTable,
    letter_for: Callable[[Supporter], Letter],
    cover: Cover,
    out: str | Path,
    *,
    docx_zip: str | Path | None = None,
    progress: Progress | None = None,
    volume_size: int = VOLUME_LETTERS,
) -> MassResult:
    """Write the packet (and optionally a zip of Word files); return what was done.

    ``letter_for`` renders one supporter's letter. Nothing is written when no row is valid.
    """
    result = MassResult(table.count, issues=table.issues, notes=table.notes)
    if table.count == 0:
        return result
    result.index = plan_index(table, volume_size)
    volumes = -(-table.count // volume_size)
    result.files = volume_paths(out, volumes)
    progress = progress or NoProgress()
    progress.start(table.count, t("documents.mass.doc_title", cover.lang))
    numbered = enumerate(table.supporters(), start=1)
    try:
        with _zip_output(docx_zip) as archive:
            for volume, path in enumerate(result.files, start=1):
                first = (volume - 1) * volume_size + 1
                span = (first, min(table.count, volume * volume_size))
                batch = islice(numbered, volume_size)
                _write_volume(
                    path, batch, letter_for, cover, result, (volume, span), archive, progress
                )
    finally:
        progress.finish()
    result.docx_zip = Path(docx_zip) if docx_zip else None
    return result


def _write_volume(path, batch, letter_for, cover, result, where, archive, progress) -> None:
    """Lay out a volume's letters, then draw them, so every page can say "Page n of N"."""
    lang, total = cover.lang, result.letters
    front = paginate(_cover_blocks(cover, result, *where))
    front += paginate(_index_blocks(lang, result.index, len(result.files)))
    laid = []  # at most one volume's letters: memory stays bounded by the volume size
    for number, supporter in batch:
        letter = letter_for(supporter)
        pages, style = fit_pages(letter)
        laid.append((number, pages, style, letter if archive is not None else None))
    count = len(front) + sum(len(pages) for _, pages, _, _ in laid)
    with private_output(path) as handle, _collector_skips_the_layout():
        title = t("documents.mass.doc_title", lang)
        writer = PageWriter(handle, title=title, lang=lang, total=count)
        for page in front:
            writer.page(page)
        docx_maker = None
        for number, pages, style, letter in laid:
            header = t("documents.letter_number", lang, n=f"{number:,}", total=f"{total:,}")
            for page in pages:
                writer.page(page, header, style)
            if letter is not None:
                docx_maker = _add_docx(archive, docx_maker, letter, cover, number)
            progress.advance()
        result.pages += writer.close()


@contextmanager
def _collector_skips_the_layout() -> Iterator[None]:
    """Keep Python's garbage collector off the volume's laid-out lines while drawing.

    They are tens of thousands of small objects that live until the volume is written; the
    collector would scan them over and over, about a seventh of the drawing time. They are
    handed back to it afterwards.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fit_pages(letter: Letter) -> tuple[list[list[Placed]], Style]:
    """The letter laid out on one page if a type size down to 9 points allows it."""
    blocks = letter_blocks(letter)
    for style in FIT_STYLES:
        pages = paginate(blocks, style)
        if len(pages) == 1:
            return pages, style
    return pages, style


def _cover_blocks(cover: Cover, result: MassResult, volume: int, span) -> list[Block]:
    lang, total, volumes = cover.lang, result.letters, len(result.files)
    lines = [Item(0, TITLE, t("documents.mass.title", lang, name=cover.name))]
    if cover.a_number:
        text = t("documents.mass.a_number", lang, a_number=cover.a_number)
        lines.append(Item(0.5, REGULAR, text))
    day = format_date(cover.day, lang)
    key = "documents.mass.count_one" if total == 1 else "documents.mass.count"
    lines.append(Item(1.5, REGULAR, t(key, lang, count=f"{total:,}", date=day)))
    if volumes > 1:
        first, last = (f"{n:,}" for n in span)
        text = t("documents.mass.volume", lang, n=volume, total=volumes, first=first, last=last)
        lines.append(Item(1, REGULAR, text))
    return [Block(tuple(lines))]


def _index_blocks(lang: str, index: list[StateEntry], volumes: int) -> list[Block]:
    lines = [Item(0, TITLE, t("documents.mass.index_title", lang))]
    for entry in index:
        state = entry.state or t("documents.mass.no_state", lang)
        key = "documents.mass.index_one" if entry.count == 1 else "documents.mass.index_many"
        text = t(
            key,
            lang,
            state=state,
            first=f"{entry.first:,}",
            last=f"{entry.last:,}",
            count=f"{entry.count:,}",
        )
        if volumes > 1:
            low, high = entry.volumes
            text += t(
                "documents.mass.index_volume",
                lang,
                volumes=str(low) if low == high else f"{low}–{high}",
            )
        lines.append(Item(0.8 if len(lines) == 1 else 0.3, REGULAR, text))
    return [Block(tuple(lines))]


@contextmanager
def _zip_output(path) -> Iterator[zipfile.ZipFile | None]:
    """A zip of Word files written through :func:`private_output`, or nothing."""
    if path is None:
        yield None
        return
    with private_output(path) as handle:
        # The Word files inside are compressed already; storing them is as small and faster.
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
            yield archive


def _add_docx(archive, maker, letter: Letter, cover: Cover, number: int):
    from ddkit.documents.docx import DocxBatch

    maker = maker or DocxBatch(letter)
    stem = filename(cover.kind, cover.case_id, cover.day, "docx")[: -len(".docx")]
    archive.writestr(f"{stem}-{number:05d}.docx", maker.docx_bytes(letter))
    return maker
