"""Mass letters: a supporters table becomes a numbered packet; bad rows are named, never fatal.

Every supporter and person here is fictional.
"""

import csv
import stat
import zipfile
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from ddkit.documents.mass import (
    Cover,
    SupporterTable,
    fit_pages,
    required_columns,
    supporter_signer,
    write_mass_packet,
)
from ddkit.documents.supporters import COMMENT_MAX, Supporter, column_for, map_columns, read_rows
from ddkit.errors import UserError
from ddkit.letters.model import Letter

HEADER = ["First Name", "Last Name", "E-mail", "Zip Code", "City", "State", "Comments"]
COVER = Cover("Mateo Ejemplo (fictional)", "a1b2c3d4e5", date(2026, 12, 1), "en", "A000-000-101")


def write_csv(path, rows, header=HEADER, **options):
    with open(path, "w", newline="", encoding=options.pop("encoding", "utf-8")) as handle:
        writer = csv.writer(handle, **options)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def letter_for(supporter: Supporter) -> Letter:
    """A short mass letter, like the letters core's, for a fictional case."""
    return Letter(
        kind="mass_personal",
        lang="en",
        case_id="a1b2c3d4e5",
        title="Letter of support",
        date=date(2026, 12, 1),
        sender=tuple(x for x in (supporter.name, supporter.city) if x),
        recipient=("Field Office Director",),
        re_line="Re: Mateo Ejemplo (fictional), A000-000-101",
        salutation="Dear Field Office Director:",
        paragraphs=(
            "I ask you to release Mateo.",
            *((supporter.comment,) if supporter.comment else ()),
        ),
        closing="Sincerely,",
        signature=(supporter.name,),
    )


def pdf_pages(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def make_packet(tmp_path, rows, **options):
    table_path = write_csv(tmp_path / "supporters.csv", rows)
    with SupporterTable(table_path, options.pop("required", ())) as table:
        return write_mass_packet(table, letter_for, COVER, tmp_path / "packet.pdf", **options)


GOOD = [
    ["Nguyễn Thị", "Ánh", "anh@example.org", "77001", "Houston", "TX", "Mateo coaches my son."],
    ["Łukasz", "Nowak", "lukasz@example.org", "60601", "Chicago", "il", ""],
    ["José", "Ñúñez Peña", "jose@example.org", "77002", "Houston", "TX", ""],
]


# ---------------------------------------------------------------- columns


@pytest.mark.parametrize(
    "header, field",
    [
        ("First Name", "first_name"),
        ("first_name", "first_name"),
        ("LAST NAME", "last_name"),
        ("Surname", "last_name"),
        ("Full name", "name"),
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("Correo electrónico", "email"),
        ("Zip Code", "zip"),
        ("Postal code", "zip"),
        ("ZIP", "zip"),
        ("Código postal", "zip"),
        ("city", "city"),
        ("Ciudad", "city"),
        ("State/Province", "state"),
        ("Comments", "comment"),
        ("Message", "comment"),
        ("Comentario", "comment"),
        ("Favorite color", None),
    ],
)
def test_common_header_variants_are_recognized(header, field):
    assert column_for(header) == field


def test_the_first_matching_column_wins_and_nombre_depends_on_apellido():
    assert map_columns(["Comment", "Message", "Name"]) == {"comment": 0, "name": 2}
    assert map_columns(["Nombre", "Ciudad"]) == {"name": 0, "city": 1}
    assert map_columns(["Nombre", "Apellido"]) == {"first_name": 0, "last_name": 1}


# ---------------------------------------------------------------- rows


def test_bad_rows_are_skipped_with_row_number_and_reason(tmp_path):
    rows = [
        GOOD[0],  # row 2
        ["", "", "noname@example.org", "", "", "TX", ""],  # row 3: no name
        ["Ana", "Dup", "ANH@example.org ", "", "", "TX", ""],  # row 4: same e-mail as row 2
        ['=HYPERLINK("https://evil.example")', "X", "f@example.org", "", "", "", ""],  # 5
        ["Bo", "Plus", "p@example.org", "", "", "", "+1 call me"],  # row 6: formula comment
        ["Cy", "At", "@cy", "", "", "", ""],  # row 7: formula e-mail
        ["Di", "Dash", "d@example.org", "-5", "", "", ""],  # row 8: formula zip
        ["Bell\x07", "Ringer", "b@example.org", "", "", "", ""],  # row 9: control character
        GOOD[1],  # row 10
    ]
    result = make_packet(tmp_path, rows)
    reasons = {(issue.row, issue.reason) for issue in result.issues}
    assert reasons == {
        (3, "no_name"),
        (4, "duplicate_email"),
        (5, "formula"),
        (6, "formula"),
        (7, "formula"),
        (8, "formula"),
        (9, "control"),
    }
    assert result.letters == 2
    dup = next(i for i in result.issues if i.reason == "duplicate_email")
    assert dup.message("en") == "same e-mail as row 2"
    assert dup.message("es") == "tiene el mismo correo que la fila 2"
    formula = next(i for i in result.issues if i.row == 6)
    assert "comment" in formula.message("en") and "comentario" in formula.message("es")


def test_row_numbers_match_the_spreadsheet_with_blank_and_multiline_rows(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "Name,Email,Comments\n"
        'Ana Ruiz,ana@example.org,"Line one\nline two"\n'  # row 2, two lines in the file
        "\n"  # row 3, blank
        ",x@example.org,\n",  # row 4, no name
        encoding="utf-8",
    )
    rows = list(read_rows(path))
    assert rows[0] == (
        2,
        {"name": "Ana Ruiz", "email": "ana@example.org", "comment": "Line one\nline two"},
    )
    with SupporterTable(path) as table:
        assert [(i.row, i.reason) for i in table.issues] == [(4, "no_name")]
        assert [s.comment for s in table.supporters()] == ["Line one\nline two"]


def test_semicolons_and_windows_encoding_are_read(tmp_path):
    path = write_csv(
        tmp_path / "excel.csv",
        [["José", "Núñez", "j@example.org", "", "Dallas", "TX", "¡Sí!"]],
        delimiter=";",
        encoding="cp1252",
    )
    assert list(read_rows(path)) == [
        (
            2,
            {
                "first_name": "José",
                "last_name": "Núñez",
                "email": "j@example.org",
                "city": "Dallas",
                "state": "TX",
                "comment": "¡Sí!",
            },
        )
    ]


def test_excel_unicode_text_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text("Name\tCity\tState\nNguyễn Thị Ánh\tHouston\tTX\n", encoding="utf-16")
    assert list(read_rows(path)) == [
        (2, {"name": "Nguyễn Thị Ánh", "city": "Houston", "state": "TX"})
    ]


def test_an_excel_workbook_is_streamed_with_text_as_shown(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Zip", "State", "Message"])
    sheet.append(["Łukasz Nowak", 2134, "ma", "Free him"])
    sheet.append(["Eve", 77001, "TX", '=WEBSERVICE("https://evil.example")'])
    sheet.append([None, None, None, None])
    sheet.append(["Ana Ruiz", None, None, None])
    book.save(tmp_path / "s.xlsx")
    with SupporterTable(tmp_path / "s.xlsx") as table:
        supporters = list(table.supporters())
        assert [(i.row, i.reason) for i in table.issues] == [(3, "formula")]
    assert [(s.row, s.name, s.zip, s.state) for s in supporters] == [
        (2, "Łukasz Nowak", "2134", "MA"),
        (5, "Ana Ruiz", "", ""),
    ]


@pytest.mark.parametrize(
    "content, key",
    [
        (b"", "documents.supporters.empty"),
        (b"   \n\n", "documents.supporters.empty"),
        (b"Name,Email\n", "documents.supporters.empty"),
        (b"Name,Email\n,\n,\n", "documents.supporters.empty"),
        (b"Color,Size\nred,2\n", "documents.supporters.no_name_column"),
        (b"PK\x03\x04 not really a workbook", "documents.supporters.corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "documents.supporters.kind"),
        (b"Name,Email\nAna,a@x\nBo,b@x,extra,cells\n", "documents.supporters.corrupt"),
    ],
)
def test_unusable_files_are_a_clear_error(tmp_path, content, key):
    path = tmp_path / "supporters.csv"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        SupporterTable(path)
    assert caught.value.key == key
    assert "supporters.csv" in caught.value.message("en")
    assert "supporters.csv" in caught.value.message("es")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(UserError) as caught:
        SupporterTable(tmp_path / "nope.csv")
    assert caught.value.key == "documents.supporters.missing"


def test_a_long_comment_is_shortened_and_noted(tmp_path):
    result = make_packet(tmp_path, [["Ana", "Ruiz", "", "", "", "", "word " * 1000]])
    assert [(n.row, n.reason) for n in result.notes] == [(2, "comment_shortened")]
    assert result.notes[0].message("en") == f"the comment was shortened to {COMMENT_MAX} characters"
    assert len(PdfReader(result.files[0]).pages) == 3  # cover, index, the one letter


def test_required_columns_skip_rows_without_them(tmp_path):
    result = make_packet(tmp_path, GOOD + [["No", "City", "", "", "", "", ""]], required=("city",))
    assert [(i.row, i.reason) for i in result.issues] == [(5, "missing")]
    assert result.issues[0].message("en") == "the city cell is empty, and the letter needs it"


def test_a_supporter_becomes_a_signer_and_needs_become_columns():
    supporter = Supporter(row=2, name="Ana Ruiz", city="El Paso", state="TX", comment="Hi")
    assert supporter_signer(supporter) == {
        "name": "Ana Ruiz",
        "city": "El Paso",
        "state": "TX",
        "story": "Hi",
    }
    assert required_columns(("name", "story", "years_known")) == ("name", "comment")


# ---------------------------------------------------------------- the packet


def test_the_packet_has_a_cover_an_index_by_state_and_one_letter_per_page(tmp_path):
    result = make_packet(tmp_path, GOOD + [["Ana", "Ruiz", "", "", "", "", ""]])
    assert result.files == [tmp_path / "packet.pdf"]
    pages = pdf_pages(result.files[0])
    assert len(pages) == 2 + 4
    assert pages[0].startswith(
        "Letters of support for Mateo Ejemplo (fictional) A-number: A000-000-101"
    )
    assert "4 letters from supporters, dated December 1, 2026." in pages[0]
    assert (
        "Index by state IL: letter 1 TX: letters 2 to 3 (2 letters) No state given: letter 4"
        in pages[1]
    )
    # By state, then in the table's order: IL (Łukasz), TX (Ánh, José), no state (Ana).
    signers = ["Łukasz Nowak", "Nguyễn Thị Ánh", "José Ñúñez Peña", "Ana Ruiz"]
    for number, (page, name) in enumerate(zip(pages[2:], signers, strict=True), start=1):
        assert page.startswith(name)
        assert f"Sincerely, ________________________________ {name}" in page
        assert f"Letter {number} of 4" in page
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of 6" in page
    assert "Mateo coaches my son." in pages[3]
    assert stat.S_IMODE(result.files[0].stat().st_mode) == 0o600


def test_a_spanish_packet_speaks_spanish(tmp_path):
    table_path = write_csv(tmp_path / "s.csv", GOOD[:1])
    cover = Cover("Mateo Ejemplo (ficticio)", "a1b2c3d4e5", date(2026, 12, 1), "es")
    with SupporterTable(table_path) as table:
        result = write_mass_packet(table, letter_for, cover, tmp_path / "paquete.pdf")
    pages = pdf_pages(result.files[0])
    assert pages[0].startswith("Cartas de apoyo para Mateo Ejemplo (ficticio)")
    assert "1 carta de una persona que apoya, con fecha del 1 de diciembre de 2026." in pages[0]
    assert "Índice por estado TX: carta 1" in pages[1]
    assert "Carta 1 de 1" in pages[2] and "Página 3 de 3" in pages[2]


def test_large_packets_come_in_volumes_each_with_cover_and_index(tmp_path):
    rows = [
        [f"Supporter{i}", "Fictional", f"s{i}@example.org", "", "", "TX" if i % 2 else "CA", ""]
        for i in range(5)
    ]
    result = make_packet(tmp_path, rows, volume_size=2)
    assert [p.name for p in result.files] == [
        "packet-vol1.pdf",
        "packet-vol2.pdf",
        "packet-vol3.pdf",
    ]
    volumes = [pdf_pages(p) for p in result.files]
    assert [len(v) for v in volumes] == [4, 4, 3]
    assert result.pages == 11
    assert "Volume 2 of 3: letters 3 to 4." in volumes[1][0]
    assert "CA: letters 1 to 3 (3 letters) (volume 1–2)" in volumes[2][1]
    assert "TX: letters 4 to 5 (2 letters) (volume 2–3)" in volumes[0][1]
    assert "Letter 5 of 5" in volumes[2][2]
    assert not (tmp_path / "packet.pdf").exists()


def test_the_word_files_come_in_a_zip_named_without_names(tmp_path):
    result = make_packet(tmp_path, GOOD, docx_zip=tmp_path / "letters.zip")
    with zipfile.ZipFile(result.docx_zip) as archive:
        names = archive.namelist()
        assert names == [f"mass_personal-a1b2c3d4e5-20261201-{n:05d}.docx" for n in (1, 2, 3)]
        (tmp_path / "one.docx").write_bytes(archive.read(names[1]))
    texts = [p.text for p in docx.Document(tmp_path / "one.docx").paragraphs]
    assert texts[0] == "Nguyễn Thị Ánh\nHouston" and "Mateo coaches my son." in texts
    assert stat.S_IMODE(result.docx_zip.stat().st_mode) == 0o600


def test_no_valid_row_writes_nothing(tmp_path):
    result = make_packet(tmp_path, [["", "", "a@example.org", "", "", "", ""]])
    assert result.letters == 0 and result.files == []
    assert not (tmp_path / "packet.pdf").exists()


def test_a_long_letter_is_set_smaller_to_fit_one_page():
    long = letter_for(Supporter(row=2, name="Ana Ruiz", comment="A heartfelt sentence. " * 110))
    pages, style = fit_pages(long)
    assert len(pages) == 1 and style.size < 11
    short_pages, short_style = fit_pages(letter_for(Supporter(row=2, name="Ana Ruiz")))
    assert len(short_pages) == 1 and short_style.size == 11


def test_progress_is_reported_for_every_letter(tmp_path):
    class Recorder:
        def __init__(self):
            self.events = []

        def start(self, total, label=""):
            self.events.append(("start", total))

        def advance(self, count=1):
            self.events.append(("advance", count))

        def finish(self):
            self.events.append(("finish",))

    recorder = Recorder()
    make_packet(tmp_path, GOOD, progress=recorder)
    assert recorder.events == [("start", 3), *[("advance", 1)] * 3, ("finish",)]


def test_the_notebook_progress_bar_follows_the_job():
    from ddkit.ui.progress import WidgetProgress

    bar = WidgetProgress()
    bar.start(4, "Letters")
    for _ in range(4):
        bar.advance()
    bar.finish()
    assert bar.bar.value == 4 and bar.bar.max == 4
    assert bar.count.value == "4 / 4" and bar.bar.bar_style == "success"


# ---------------------------------------------------------------- command line

PRACTICE = "notebooks/practice_cases"


def run_cli(capsys, *argv):
    from ddkit.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_writes_the_packet_and_lists_skipped_rows(tmp_path, capsys):
    from .conftest import ROOT

    rows = GOOD + [["", "", "x@example.org", "", "", "", ""], ["Eve", "X", "", "", "", "", ""]]
    table = write_csv(tmp_path / "supporters.csv", rows)
    case = ROOT / PRACTICE / "01_detained_father.yaml"
    code, out, err = run_cli(
        capsys,
        "letters", "mass", "--case", case, "--supporters", table, "--on", "2026-12-01",
        "-o", tmp_path / "packet.pdf", "--docx-zip", tmp_path / "letters.zip",
    )  # fmt: skip
    assert code == 0, err
    assert "Skipped 2 rows (row 1 is the header):" in out
    assert "  row 5: no name (fill in name, or first and last name)" in out
    assert "  row 6: the city cell is empty, and the letter needs it" in out
    assert f"Wrote 3 letters to {tmp_path / 'packet.pdf'}." in out
    pages = pdf_pages(tmp_path / "packet.pdf")
    assert pages[0].startswith("Letters of support for Mateo Ejemplo A-number: A000-000-101")
    assert pages[2].startswith("Łukasz Nowak Chicago, IL December 1, 2026")
    assert "release Mateo Ejemplo from detention" in pages[2]
    with zipfile.ZipFile(tmp_path / "letters.zip") as archive:
        assert all("Mateo" not in name and "Ejemplo" not in name for name in archive.namelist())
        assert len(archive.namelist()) == 3


def test_the_command_speaks_spanish_and_uses_the_default_folder(tmp_path, capsys, monkeypatch):
    from .conftest import ROOT

    table = write_csv(tmp_path / "s.csv", GOOD[:1])
    case = ROOT / PRACTICE / "07_felony_record.yaml"
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "--lang", "es",
        "--on", "2026-12-01",
    )  # fmt: skip
    assert code == 0, err
    written = out.strip().splitlines()[-1].removeprefix("Se escribió 1 carta en ")
    path = __import__("pathlib").Path(written.rstrip("."))
    assert path.parent.name == "exports" and path.name.startswith("mass_personal-")
    assert path.name.endswith("-20261201.pdf")
    letter = pdf_pages(path)[2]
    assert "1 de diciembre de 2026" in letter
    assert "New York City" in letter and "26 Federal Plaza" in letter  # the field office


def test_an_output_folder_gets_files_named_without_names(tmp_path, capsys):
    from .conftest import ROOT

    table = write_csv(tmp_path / "s.csv", GOOD)
    case = ROOT / PRACTICE / "01_detained_father.yaml"
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "--on", "2026-12-01",
        "-o", folder, "--docx-zip", folder,
    )  # fmt: skip
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "zip"]
    assert all(n.startswith("mass_personal-") and "-20261201." in n for n in names)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "is empty"),
        (b"Color\nred\n", "has no column for the supporter's name"),
        (b"PK\x03\x04junk", "could not be read as a table"),
    ],
)
def test_unusable_supporters_files_exit_2_with_a_clear_message(tmp_path, capsys, content, expected):
    from .conftest import ROOT

    table = tmp_path / "supporters.csv"
    table.write_bytes(content)
    case = ROOT / PRACTICE / "01_detained_father.yaml"
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "-o", tmp_path / "p.pdf"
    )
    assert code == 2 and expected in err and "Traceback" not in err
    assert not (tmp_path / "p.pdf").exists()


def test_no_valid_row_exits_2_after_listing_the_rows(tmp_path, capsys):
    from .conftest import ROOT

    table = write_csv(tmp_path / "s.csv", [["=1+1", "X", "", "", "Waco", "TX", ""]])
    case = ROOT / PRACTICE / "01_detained_father.yaml"
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "-o", tmp_path / "p.pdf"
    )
    assert code == 2 and "row 2: the first name cell starts with =" in out
    assert "No row of s.csv can become a letter" in err


def test_an_unwritable_output_exits_2(tmp_path, capsys):
    from .conftest import ROOT

    table = write_csv(tmp_path / "s.csv", GOOD)
    case = ROOT / PRACTICE / "01_detained_father.yaml"
    out_path = tmp_path / "missing-folder" / "p.pdf"
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "-o", out_path
    )
    assert code == 2 and "Cannot write p.pdf" in err


def test_mass_letters_need_consent_to_a_public_campaign(tmp_path, capsys):
    from .conftest import ROOT

    table = write_csv(tmp_path / "s.csv", GOOD)
    case = ROOT / PRACTICE / "03_check_in_worker.yaml"  # has not agreed to go public
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "-o", tmp_path / "p.pdf"
    )
    assert code == 2 and "consent.public_campaign" in err
    assert not (tmp_path / "p.pdf").exists()


def test_demo_mode_refuses_a_real_case(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DDKIT_DEMO", "1")
    case = tmp_path / "case.yaml"
    case.write_text("person: {name: Real Person}\nconsent: {public_campaign: true}\n")
    table = write_csv(tmp_path / "s.csv", GOOD)
    code, out, err = run_cli(
        capsys, "letters", "mass", "--case", case, "--supporters", table, "-o", tmp_path / "p.pdf"
    )
    assert code == 2 and not (tmp_path / "p.pdf").exists()


@pytest.mark.slow
def test_the_letters_bench_runs_at_small_scale(monkeypatch):
    import importlib.util

    from .conftest import ROOT

    monkeypatch.setenv("DDKIT_BENCH_QUICK", "1")
    spec = importlib.util.spec_from_file_location(
        "bench_letters", ROOT / "bench" / "bench_letters.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = dict(bench.run())
    timing = figures["100-letter packet vs reportlab canvas floor"]
    memory = figures["peak memory, 200 letters vs 50"]
    assert "ms/page" in timing and "floor" in timing and "(goal <= 1.5)" in timing
    assert memory.endswith("(goal <= 1.2)") and " MB vs " in memory
