"""Safe spreadsheet exports: no live formulas, no row splitting, files 0600.

pandas writes ``=``-leading text as live formulas and CSV with unquoted carriage returns
(SECURITY.md finding 7). Every table the kit exports goes through :func:`safe_frame` and the
writers here (CSV-1 to CSV-7).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddkit.paths import make_private, open_private

if TYPE_CHECKING:  # pandas loads only when a table is exported
    import pandas as pd

# Characters that make a spreadsheet cell a formula, including full-width and whitespace tricks.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralize(value: Any) -> Any:
    """Make a text cell inert in spreadsheets; numbers and empty cells pass through.

    >>> neutralize("=1+1")
    "'=1+1"
    >>> neutralize(" =1+1")
    "' =1+1"
    >>> neutralize("Ana")
    'Ana'
    >>> neutralize(-3)
    -3
    """
    if not isinstance(value, str) or value == "":
        return value
    if value.lstrip(" \u00a0").startswith(_FORMULA_START) or value.startswith(_FORMULA_START):
        return "'" + value
    return value


def is_formula_like(value: Any) -> bool:
    """Whether a cell would act as a formula (used to reject rows on import)."""
    return isinstance(value, str) and neutralize(value) != value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralized and carriage returns made newlines."""
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    out.columns = [neutralize(str(c)) for c in out.columns]
    for column in out.columns:
        # pandas 3 gives text its own "str" dtype: test for "not numeric", not for "object".
        if not is_numeric_dtype(out[column].dtype):
            out[column] = (
                out[column]
                .astype(object)
                .map(
                    lambda v: (
                        neutralize(v.replace("\r\n", "\n").replace("\r", "\n"))
                        if isinstance(v, str)
                        else v
                    )
                )
            )
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write CSV for Excel: UTF-8 with BOM, every field quoted, formulas neutralized, 0600."""
    with open_private(path, "w") as handle:
        handle.write("\ufeff")
        safe_frame(frame).to_csv(handle, index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return Path(path)


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Sheet1") -> Path:
    """Write XLSX with no formulas and no hyperlinks from text cells, 0600."""
    import pandas as pd

    path = Path(path)
    with open_private(path, "wb") as handle:
        with pd.ExcelWriter(
            handle,
            engine="xlsxwriter",
            engine_kwargs={
                "options": {
                    "strings_to_formulas": False,
                    "strings_to_urls": False,
                    "strings_to_numbers": False,
                }
            },
        ) as writer:
            safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return make_private(path)
