"""Read the rows of a table file, CSV or Excel, as text, without holding the whole file.

CSV is read with pandas in chunks (strings only); the encoding is found (UTF-8 with or
without BOM, UTF-16 with BOM, else Windows-1252, which is what Excel calls "CSV") and so is
the separator (comma, semicolon as in Spanish-language Excel, or tab). An Excel workbook's
first sheet is streamed with openpyxl, because pandas would load it whole.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from ddkit.errors import UserError

CHUNK_ROWS = 5000


def table_rows(path: str | Path) -> Iterator[list | tuple]:
    """Every row of the file (the header first) as a list of texts; raises :class:`UserError`."""
    path = Path(path)
    return _xlsx_rows(path) if _kind(path) == "xlsx" else _csv_rows(path)


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
