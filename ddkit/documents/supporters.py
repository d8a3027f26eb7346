"""Read a supporters table (CSV or Excel) row by row, and say which rows cannot be letters.

Petition tools and spreadsheets name their columns in many ways ("First Name", "E-mail",
"Zip Code", "Comentarios"); :func:`column_for` maps the common ones. Rows are read in
chunks, so a table of 50,000 supporters never sits in memory at once. Row numbers are the
ones the spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ddkit.case import clean_text
from ddkit.errors import UserError
from ddkit.export import is_formula_like

FIELDS = ("name", "first_name", "last_name", "email", "zip", "city", "state", "comment")
MAX_LENGTH = {"name": 200, "first_name": 100, "last_name": 100, "email": 254, "zip": 20}
MAX_OTHER = 100  # city, state
COMMENT_MAX = 2000  # a longer comment is shortened (and noted), so each letter fits a page
CHUNK_ROWS = 5000

_HEADERS = {
    "name": "name fullname supportername signername nombrecompleto",
    "first_name": "firstname first givenname forename nombredepila",
    "last_name": "lastname last surname familyname apellido apellidos",
    "email": "email emailaddress mail correo correoelectronico",
    "zip": "zip zipcode postalcode postcode zip5 codigopostal cp",
    "city": "city town ciudad municipio",
    "state": "state province region stateprovince estado",
    "comment": "comment comments message messages note notes why comentario comentarios mensaje",
}
_FIELD_OF = {alias: name for name, aliases in _HEADERS.items() for alias in aliases.split()}
# Line breaks are welcome in a comment; anywhere else they are control characters too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f]")


def column_for(header: str) -> str | None:
    """The supporter field a column header names, if any (case, spaces, accents ignored).

    >>> column_for("E-mail"), column_for("Zip Code"), column_for("Código postal")
    ('email', 'zip', 'zip')
    >>> column_for("Favorite color") is None
    True
    """
    key = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return _FIELD_OF.get(re.sub(r"[^a-z0-9]", "", key.lower()))


def map_columns(headers: list[str]) -> dict[str, int]:
    """Which column holds each field; the first matching column wins.

    A lone "Nombre" next to an "Apellido" column is a first name; alone it is the full name.

    >>> map_columns(["Nombre", "Apellido", "Correo"])
    {'first_name': 0, 'last_name': 1, 'email': 2}
    """
    found: dict[str, int] = {}
    loose = []
    for index, header in enumerate(headers):
        key = re.sub(r"[^a-z]", "", str(header).lower())
        if key == "nombre":
            loose.append(index)
            continue
        name = column_for(header)
        if name and name not in found:
            found[name] = index
    for index in loose:
        name = "first_name" if "last_name" in found else "name"
        found.setdefault(name, index)
    return dict(sorted(found.items(), key=lambda item: item[1]))


@dataclass(frozen=True, slots=True)
class Supporter:
    """One person who signs the mass letter."""

    row: int
    name: str
    email: str = ""
    zip: str = ""
    city: str = ""
    state: str = ""
    comment: str = ""


@dataclass(frozen=True)
class RowIssue:
    """Why a row was skipped (or changed): a reason code and values that hold no personal data."""

    row: int
    reason: str
    values: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        from ddkit.i18n import t

        values = dict(self.values)
        if "column" in values:
            values["column"] = t(f"documents.mass.column.{values['column']}", lang)
        return t(f"documents.mass.reason.{self.reason}", lang, **values)


def check_row(row: int, cells: dict[str, str]) -> tuple[Supporter | None, list[RowIssue]]:
    """A supporter from one row's cells, or the reasons the row cannot be a letter.

    Duplicate e-mails are not checked here (that needs the rows before; see
    :class:`~ddkit.documents.mass.SupporterTable`).

    >>> check_row(2, {"name": "=HYPERLINK(1)"})[1][0].reason
    'formula'
    >>> check_row(3, {"first_name": "Łukasz", "last_name": "Nowak"})[0].name
    'Łukasz Nowak'
    """
    problems: list[RowIssue] = []
    clean: dict[str, str] = {}
    for name, raw in cells.items():
        control = _CONTROL if name == "comment" else _CONTROL_OR_BREAK
        if control.search(raw):
            problems.append(RowIssue(row, "control", {"column": name}))
        elif is_formula_like(raw):
            problems.append(RowIssue(row, "formula", {"column": name}))
        elif name != "comment" and len(raw) > MAX_LENGTH.get(name, MAX_OTHER):
            limit = MAX_LENGTH.get(name, MAX_OTHER)
            problems.append(RowIssue(row, "too_long", {"column": name, "max": limit}))
        else:
            clean[name] = _tidy(raw, name)
    full = clean.get("name") or " ".join(
        part for part in (clean.get("first_name"), clean.get("last_name")) if part
    )
    if not full and not any(
        p.values.get("column") in ("name", "first_name", "last_name") for p in problems
    ):
        problems.append(RowIssue(row, "no_name"))
    if problems:
        return None, problems
    comment, notes = clean.get("comment", ""), []
    if len(comment) > COMMENT_MAX:
        comment = comment[: COMMENT_MAX - 1].rstrip() + "…"
        notes.append(RowIssue(row, "comment_shortened", {"max": COMMENT_MAX}))
    state = clean.get("state", "")
    if len(state) == 2 and state.isalpha():
        state = state.upper()
    supporter = Supporter(
        row=row,
        name=full,
        email=clean.get("email", ""),
        zip=clean.get("zip", ""),
        city=clean.get("city", ""),
        state=state,
        comment=comment,
    )
    return supporter, notes


def _tidy(raw: str, name: str) -> str:
    if raw.isprintable():  # the common case: nothing invisible to remove
        return " ".join(unicodedata.normalize("NFC", raw).split())
    if name == "comment":
        lines = [
            clean_text(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
        return "\n".join(lines).strip()
    return " ".join(clean_text(raw).split())


# ---------------------------------------------------------------- reading the file


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank row as ``(row number, {field: text})``; raises :class:`UserError`.

    The first row must be the header. CSV is read with pandas in chunks; an Excel
    workbook's first sheet is streamed with openpyxl (pandas would load it whole).
    """
    path = Path(path)
    kind = _kind(path)
    rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)
    try:
        header = next(rows, None)
        if header is None:
            raise UserError("documents.supporters.empty", file=path.name)
        columns = map_columns([str(h) for h in header])
        if "name" not in columns and "first_name" not in columns and "last_name" not in columns:
            raise UserError("documents.supporters.no_name_column", file=path.name)
        any_row = False
        for number, values in enumerate(rows, start=2):
            cells = {name: _cell(values, index) for name, index in columns.items()}
            if any(cells.values()):
                any_row = True
                yield number, {name: text for name, text in cells.items() if text}
        if not any_row:
            raise UserError("documents.supporters.empty", file=path.name)
    finally:
        rows.close()


def _cell(values, index: int) -> str:
    value = values[index] if index < len(values) else ""
    return "" if value is None or value != value else str(value)  # NaN != NaN


def _kind(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except FileNotFoundError:
        raise UserError("documents.supporters.missing", file=path.name) from None
    except OSError:
        raise UserError("documents.supporters.unreadable", file=path.name) from None
    if not start.strip():
        raise UserError("documents.supporters.empty", file=path.name)
    if start.startswith(b"PK\x03\x04"):
        return "xlsx"
    if (
        start.startswith(b"\xd0\xcf\x11\xe0")
        or b"\x00" in start
        and not start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        raise UserError("documents.supporters.kind", file=path.name)
    return "csv"


def _csv_rows(path: Path) -> Iterator[list]:
    import pandas as pd

    encoding = _encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            first = handle.readline()
        separator = max((",", ";", "\t"), key=first.count)
        chunks = pd.read_csv(
            path,
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
            chunksize=CHUNK_ROWS,
        )
        with chunks:
            for chunk in chunks:
                # One conversion per chunk: pandas' per-cell access is slow for text columns.
                yield from chunk.to_numpy(dtype=object, na_value="").tolist()
    except pd.errors.EmptyDataError:
        raise UserError("documents.supporters.empty", file=path.name) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError):
        raise UserError("documents.supporters.corrupt", file=path.name) from None


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's "CSV")."""
    with open(path, "rb") as handle:
        start = handle.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula stays "=..." text, so the row is caught, not computed.
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise UserError("documents.supporters.corrupt", file=path.name) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise UserError("documents.supporters.empty", file=path.name)
        for values in sheet.iter_rows(values_only=True):
            yield tuple(_excel_text(v) for v in values)
    except UserError:
        raise
    except Exception:
        raise UserError("documents.supporters.corrupt", file=path.name) from None
    finally:
        book.close()


def _excel_text(value) -> str:
    """A cell as the text the spreadsheet shows (ZIP 2134.0 → "2134", dates as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value)
