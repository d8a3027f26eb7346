"""The filing packet: cover letter, exhibit index, letters, attachments; bookmarks and numbers.

Every person here is fictional.
"""

import stat

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ddkit.documents.packet import (
    exhibit_label,
    find_letters,
    open_pdf,
    part_from_letter,
    write_filing_packet,
)
from ddkit.documents.pdf import write_pdf
from ddkit.errors import UserError

from .test_documents_pdf import make_letter


def letters_folder(tmp_path):
    """A folder of letters for a fictional case, as `ddkit letter --format pdf` names them."""
    folder = tmp_path / "letters"
    folder.mkdir()
    cover = make_letter(kind="pd_request", title="Request for prosecutorial discretion")
    write_pdf(cover, folder / "pd_request-a1b2c3d4e5-20261101.pdf")  # an older draft
    write_pdf(cover, folder / "pd_request-a1b2c3d4e5-20261201.pdf")
    faith = make_letter(paragraphs=("Mateo serves at our food bank.",) * 40)  # two pages
    write_pdf(faith, folder / "faith_leader-a1b2c3d4e5-20261201.pdf")
    family = make_letter(kind="family_member", title="Letter of support from a family member")
    write_pdf(family, folder / "family_member-a1b2c3d4e5-20261201.pdf")
    (folder / "family_member-a1b2c3d4e5-20261201.docx").write_bytes(b"not a pdf, ignored")
    return folder


def attachment(tmp_path, name="school-records_2024.pdf", pages=1, rotate=0, size=A4):
    path = tmp_path / name
    canvas = Canvas(str(path), pagesize=size)
    for n in range(pages):
        canvas.drawString(72, 400, f"Fictional school record, page {n + 1}")
        canvas.showPage()
    canvas.save()
    if rotate:
        reader, writer = PdfReader(path), PdfWriter()
        for page in reader.pages:
            writer.add_page(page.rotate(rotate))
        writer.write(path)
    return path


def build(tmp_path, attach=()):
    cover_path, letter_paths = find_letters(letters_folder(tmp_path))
    return write_filing_packet(
        open_pdf(cover_path),
        [open_pdf(p) for p in letter_paths],
        [open_pdf(p, kit_made=False) for p in attach],
        tmp_path / "packet.pdf",
        "en",
    )


def test_the_newest_cover_letter_and_the_letters_in_kind_order(tmp_path):
    cover, letters = find_letters(letters_folder(tmp_path))
    assert cover.name == "pd_request-a1b2c3d4e5-20261201.pdf"
    assert [p.name for p in letters] == [
        "family_member-a1b2c3d4e5-20261201.pdf",
        "faith_leader-a1b2c3d4e5-20261201.pdf",
    ]


def test_the_packet_has_bookmarks_an_index_and_numbered_pages(tmp_path):
    extra = attachment(tmp_path, pages=2)
    result = build(tmp_path, [extra])
    reader = PdfReader(result.path)
    assert result.pages == len(reader.pages) == 1 + 1 + 1 + 2 + 2
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert outline == [
        ("Request for prosecutorial discretion", 0),
        ("Index of exhibits", 1),
        ("A. Letter of support from a family member", 2),
        ("B. Letter of support from a faith leader", 3),
        ("C. school records 2024", 5),
    ]
    index = " ".join(reader.pages[1].extract_text().split())
    assert index.startswith("Index of exhibits")
    assert "Cover letter: request for prosecutorial discretion (page 1)" in index
    assert "Exhibit A: Letter of support from a family member (page 3)" in index
    assert "Exhibit B: Letter of support from a faith leader (pages 4 to 5)" in index
    assert "Exhibit C: school records 2024 (pages 6 to 7)" in index
    for n, page in enumerate(reader.pages, start=1):
        assert f"Packet page {n} of 7" in page.extract_text()
    assert "Fictional school record, page 2" in reader.pages[6].extract_text()
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert [e.label for e in result.exhibits] == ["A", "B", "C"]


def test_a_rotated_attachment_is_numbered_where_a_reader_looks(tmp_path):
    sideways = attachment(tmp_path, "sideways.pdf", rotate=90)
    result = build(tmp_path, [sideways])
    page = PdfReader(result.path).pages[-1]
    assert "Packet page 6 of 6" in page.extract_text()
    assert page.get("/Rotate", 0) == 0  # the rotation moved into the content


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\nnot really a pdf", b"just text", b""],
    ids=["truncated", "text", "empty"],
)
def test_a_broken_attachment_is_named(tmp_path, content):
    bad = tmp_path / "medical-records.pdf"
    bad.write_bytes(content)
    with pytest.raises(UserError) as caught:
        open_pdf(bad, kit_made=False)
    assert caught.value.key == "documents.packet.broken"
    assert "medical-records.pdf" in caught.value.message("en")
    assert "medical-records.pdf" in caught.value.message("es")


def test_a_password_protected_attachment_is_named(tmp_path):
    path = attachment(tmp_path, "locked.pdf")
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(path)
    with pytest.raises(UserError) as caught:
        open_pdf(path, kit_made=False)
    assert "locked.pdf" in caught.value.message("en")


def test_a_missing_attachment_or_folder_is_named(tmp_path):
    with pytest.raises(UserError) as caught:
        open_pdf(tmp_path / "gone.pdf", kit_made=False)
    assert caught.value.key == "documents.packet.missing_file"
    with pytest.raises(UserError) as caught:
        find_letters(tmp_path / "no-letters-here")
    assert caught.value.key == "documents.packet.no_letters_dir"


def test_a_cover_letter_rendered_now_can_lead_the_packet(tmp_path):
    cover = part_from_letter(make_letter(kind="pd_request", title="Request for discretion"))
    result = write_filing_packet(cover, [], [], tmp_path / "p.pdf", "es")
    reader = PdfReader(result.path)
    assert [item.title for item in reader.outline] == [
        "Solicitud de discreción procesal",
        "Índice de anexos",
    ]
    assert "Página 2 de 2 del expediente" in reader.pages[1].extract_text()


def test_a_long_index_moves_the_page_numbers_it_prints(tmp_path):
    one_page = attachment(tmp_path, "a.pdf")
    cover = part_from_letter(make_letter(kind="pd_request"))
    parts = [open_pdf(one_page, kit_made=False) for _ in range(60)]
    result = write_filing_packet(cover, [], parts, tmp_path / "p.pdf", "en")
    reader = PdfReader(result.path)
    marks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    index_pages = marks["A. a"] - marks["Index of exhibits"]
    first = 1 + 1 + index_pages
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[1 : 1 + index_pages])
    assert index_pages > 1  # so the exhibits start later than a one-page index says
    assert f"Exhibit A: a (page {first})" in text
    assert f"Exhibit BH: a (page {first + 59})" in text
    assert "Fictional school record" in reader.pages[first - 1].extract_text()


def test_exhibit_labels_continue_past_z():
    assert [exhibit_label(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


# ---------------------------------------------------------------- command line


def run_cli(capsys, *argv):
    from ddkit.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def practice_case(name="01_detained_father.yaml"):
    from .conftest import PRACTICE_DIR

    return PRACTICE_DIR / name


def test_the_command_assembles_the_packet(tmp_path, capsys):
    folder = letters_folder(tmp_path)
    extra = attachment(tmp_path, "medical-records.pdf", pages=2)
    out = tmp_path / "filing.pdf"
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", folder, "--attach", extra,
        "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert f"Wrote the filing packet to {out}: 7 pages, 3 exhibits." in stdout
    assert "  C. medical-records.pdf" in stdout
    reader = PdfReader(out)
    assert [item.title for item in reader.outline][-1] == "C. medical records"


def test_a_rerun_never_packs_an_earlier_packet(tmp_path, capsys):
    folder = letters_folder(tmp_path)
    out = folder / "filing.pdf"
    for _ in range(2):
        code, stdout, err = run_cli(
            capsys, "packet", "--case", practice_case(), "--letters", folder, "-o", out
        )
        assert code == 0, err
    assert "5 pages, 2 exhibits" in stdout


def test_a_broken_attachment_exits_2_naming_the_file(tmp_path, capsys):
    folder = letters_folder(tmp_path)
    bad = tmp_path / "lease.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", folder, "--attach", bad,
        "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 2 and "lease.pdf could not be read as a PDF" in err
    assert "Traceback" not in err and not (tmp_path / "p.pdf").exists()


def test_without_a_cover_letter_the_command_says_how_to_get_one(tmp_path, capsys):
    folder = tmp_path / "letters"
    folder.mkdir()
    write_pdf(make_letter(), folder / "faith_leader-a1b2c3d4e5-20261201.pdf")
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", folder, "-o", tmp_path / "p.pdf"
    )
    assert code == 2 and "pd_request" in err and "--signer" in err


def test_the_cover_letter_can_be_written_from_a_signer_file(tmp_path, capsys):
    folder = tmp_path / "letters"
    folder.mkdir()
    write_pdf(make_letter(), folder / "faith_leader-a1b2c3d4e5-20261201.pdf")
    signer = tmp_path / "signer.yaml"
    signer.write_text(
        "name: Lic. Rosa Díaz (fictional)\nrelationship: attorney\ncity: Houston\nstate: TX\n"
        "phone: 555-0100\nemail: rosa@example.org\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.pdf"
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", folder, "--signer", signer,
        "--on", "2026-12-01", "--lang", "es", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    first = PdfReader(out).pages[0].extract_text()
    assert "Lic. Rosa Díaz (fictional)" in first and "1 de diciembre de 2026" in first


def test_a_missing_signer_field_is_listed(tmp_path, capsys):
    folder = tmp_path / "letters"
    folder.mkdir()
    signer = tmp_path / "signer.yaml"
    signer.write_text("name: Lic. Rosa Díaz (fictional)\n", encoding="utf-8")
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", folder, "--signer", signer,
        "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 2 and "signer.email" in err and "signer.phone" in err


def test_a_missing_letters_folder_exits_2(tmp_path, capsys):
    code, stdout, err = run_cli(
        capsys, "packet", "--case", practice_case(), "--letters", tmp_path / "nope",
        "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 2 and "nope" in err


def test_the_page_number_sits_in_the_corner_whatever_the_page_left_behind(tmp_path):
    path = tmp_path / "shifted.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.translate(200, 300)  # moved and never restored: the stamp must not follow
    canvas.scale(2, 2)
    canvas.drawString(0, 0, "Fictional record")
    canvas.showPage()
    canvas.save()
    cover = part_from_letter(make_letter(kind="pd_request"))
    result = write_filing_packet(
        cover, [], [open_pdf(path, kit_made=False)], tmp_path / "p.pdf", "en"
    )
    page = PdfReader(result.path).pages[-1]
    found = []

    def visit(text, cm, tm, font, size):
        if "Packet page" in text:
            found.append(
                (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            )

    page.extract_text(visitor_text=visit)
    (x, y), *_ = found
    width, height = A4
    assert width - 200 < x < width and 0 < y < 40
