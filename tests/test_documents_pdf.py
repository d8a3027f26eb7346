"""Letters as PDF: names come out exactly, nothing is fetched, pages are numbered, files private.

Every person here is fictional.
"""

import stat
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from ddkit.documents.files import filename
from ddkit.documents.fonts import BOLD, REGULAR, font_file, register_fonts
from ddkit.documents.layout import Style, format_date, letter_blocks, paginate, plain, wrap
from ddkit.documents.pdf import pdf_bytes, write_pdf
from ddkit.errors import UserError
from ddkit.letters.model import Letter

NAMES = ["Nguyễn Thị Ánh", "José Ñúñez Peña", "Łukasz", "Ana & José <Núñez>"]


def make_letter(**changes) -> Letter:
    """A letter about a fictional person, signed by a fictional pastor."""
    values = dict(
        kind="faith_leader",
        lang="en",
        case_id="a1b2c3d4e5",
        title="Letter of support from a faith leader",
        date=date(2026, 12, 1),
        sender=("Rev. Ana Ruiz (fictional)", "Iglesia San Ejemplo", "Houston, TX 77001"),
        recipient=("Field Office Director", "Houston Field Office", "126 Northpoint Dr."),
        re_line="Re: Mateo Ejemplo (fictional), A000-000-101",
        salutation="Dear Field Office Director:",
        paragraphs=("I have known Mateo for eleven years.", "He coaches our youth team."),
        closing="Sincerely,",
        signature=("Rev. Ana Ruiz (fictional)", "Pastor"),
    )
    values.update(changes)
    return Letter(**values)


def text_of(path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", NAMES)
def test_names_come_out_of_the_pdf_exactly(tmp_path, name):
    letter = make_letter(re_line=f"Re: {name}, A000-000-101", signature=(name,))
    path = write_pdf(letter, tmp_path / "letter.pdf")
    text = text_of(path)
    assert f"Re: {name}, A000-000-101" in text
    assert text.rstrip().splitlines()[-2] == name  # the signature, just above "Page 1 of 1"


def test_the_letter_reads_in_business_letter_order(tmp_path):
    text = text_of(write_pdf(make_letter(), tmp_path / "letter.pdf"))
    order = [
        "Rev. Ana Ruiz (fictional)\nIglesia San Ejemplo",
        "December 1, 2026",
        "Field Office Director\nHouston Field Office",
        "Re: Mateo Ejemplo",
        "Dear Field Office Director:",
        "I have known Mateo",
        "He coaches our youth team.",
        "Sincerely,",
        "________________________________",
        "Pastor",
        "Page 1 of 1",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_spanish_letters_have_spanish_dates_and_page_numbers(tmp_path):
    letter = make_letter(lang="es", paragraphs=("Lo conozco desde hace once años.",) * 40)
    text = text_of(write_pdf(letter, tmp_path / "carta.pdf"))
    assert "1 de diciembre de 2026" in text
    assert "Página 1 de 2" in text and "Página 2 de 2" in text


@pytest.mark.parametrize(
    "payload",
    [
        "![t](https://evil.example/p.png)",
        "<img src=https://evil.example/p.png>",
        '<link rel=stylesheet href="file:///etc/passwd">',
        '<img src="file:///etc/hostname">',
    ],
)
def test_markup_in_a_name_is_printed_literally_and_nothing_is_fetched(tmp_path, payload):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-7731\n")
    name = f"{payload} <img src=file://{secret}>"
    letter = make_letter(sender=(name,), signature=(name,))
    path = write_pdf(letter, tmp_path / "letter.pdf")
    text = text_of(path)
    assert payload in text
    assert squeeze(name) in squeeze(text)  # a long word may be cut across lines
    assert "TOP-SECRET-CONTENT-7731" not in text
    raw = path.read_bytes()
    assert b"/URI" not in raw and b"/Subtype /Image" not in raw and b"/Launch" not in raw


def test_no_local_file_content_leaks_into_the_pdf(tmp_path):
    hostname = open("/etc/hostname").read().strip() if _readable("/etc/hostname") else ""
    payload = '<img src="file:///etc/hostname">'
    text = text_of(write_pdf(make_letter(sender=(payload,)), tmp_path / "l.pdf"))
    assert payload in text
    if len(hostname) >= 4:  # a short host name could appear by chance in ordinary words
        assert hostname not in text


def _readable(path: str) -> bool:
    try:
        open(path).close()
        return True
    except OSError:
        return False


def test_the_file_is_private_and_no_part_file_is_left(tmp_path):
    path = write_pdf(make_letter(), tmp_path / "letter.pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_an_unwritable_place_is_a_plain_error(tmp_path):
    with pytest.raises(UserError) as caught:
        write_pdf(make_letter(), tmp_path / "no-such-folder" / "letter.pdf")
    assert "letter.pdf" in caught.value.message("en")
    assert "Mateo" not in caught.value.message("en")


def test_metadata_names_no_person(tmp_path):
    reader = PdfReader(write_pdf(make_letter(), tmp_path / "letter.pdf"))
    meta = reader.metadata
    assert meta["/Title"] == "Letter of support from a faith leader"
    assert meta["/Author"] == "" and "Mateo" not in str(dict(meta))


def test_a_long_letter_keeps_the_signature_with_the_closing():
    letter = make_letter(paragraphs=("A sentence about Mateo's work and family. " * 6,) * 9)
    pages = paginate(letter_blocks(letter))
    assert len(pages) == 2
    last = [line.text for line in pages[-1]]
    assert "Sincerely," in last and "Pastor" in last


def test_every_line_fits_inside_the_margins():
    letter = make_letter(
        paragraphs=("https://example.org/" + "x" * 300, "word " * 400, "• " + "item " * 90)
    )
    style = Style()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for page in paginate(letter_blocks(letter), style):
        for line in page:
            name, size = style.font(line.font)
            assert line.indent + stringWidth(line.text, name, size) <= style.width + 0.01
            assert style.bottom <= line.y <= 792 - style.top


def test_list_items_hang_under_their_text_and_sit_close_together():
    letter = make_letter(paragraphs=("Mateo:", "• " + "has lived here many years " * 6, "• works"))
    lines = [line for page in paginate(letter_blocks(letter)) for line in page]
    start = next(i for i, line in enumerate(lines) if line.text.startswith("• has lived"))
    first, second, *_ = lines[start:]
    assert first.indent == 0 and second.indent > 0 and not second.text.startswith("•")
    items = [line for line in lines if line.text.startswith("• ")]
    leading = Style().leading(REGULAR)
    gap_between_items = lines[lines.index(items[1]) - 1].y - items[1].y
    assert gap_between_items < 1.5 * leading  # a paragraph gap would be 1.7 leadings


def test_a_call_script_has_a_title_and_no_signature_line(tmp_path):
    script = make_letter(
        kind="congressional_call_script",
        title="Call script for congressional staff",
        is_script=True,
        sender=(),
        recipient=(),
        closing="",
        signature=(),
    )
    text = text_of(write_pdf(script, tmp_path / "script.pdf"))
    assert text.startswith("Call script for congressional staff")
    assert "____" not in text and "December" not in text


def test_control_characters_never_reach_the_page():
    letter = make_letter(paragraphs=("Bell\x07 and NUL\x00 and bidi\u202e here",))
    data = pdf_bytes(letter)
    assert data.startswith(b"%PDF")
    placed = [line.text for page in paginate(letter_blocks(letter)) for line in page]
    assert "Bell and NUL and bidi here" in placed


def test_repeated_lines_reuse_their_pdf_code_and_read_the_same(tmp_path):
    import io

    from ddkit.documents.pdf import PageWriter, letter_pages

    # More than 256 distinct characters, so the embedded font needs several subsets.
    alphabet = (
        "".join(map(chr, range(0x100, 0x17F)))
        + "".join(map(chr, range(0x391, 0x3A2)))
        + "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдежзийклмнопрстуфхцчшщэюя"
        + "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆ"
    )
    lines = tuple(alphabet[i : i + 30] for i in range(0, len(alphabet), 30))
    letter = make_letter(paragraphs=lines + lines[::-1])
    buffer = io.BytesIO()
    pages = letter_pages(letter)
    writer = PageWriter(buffer, title="t", lang="en", total=3 * len(pages))
    for _ in range(3):
        for page in pages:
            writer.page(page)
    writer.close()
    assert writer.lines.code  # the second and third copies came from the cache
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    n = len(pages)
    copies = [
        "".join(p.extract_text().rsplit("Page", 1)[0] for p in reader.pages[i * n : (i + 1) * n])
        for i in range(3)
    ]
    fresh = "".join(
        p.extract_text().rsplit("Page", 1)[0]
        for p in PdfReader(io.BytesIO(pdf_bytes(letter))).pages
    )
    assert copies[0] == copies[1] == copies[2] == fresh
    for line in lines:
        assert line in fresh


def test_plain_keeps_newlines_and_drops_controls():
    assert plain("a\r\nb\rc\x1bd\u200b") == "a\nb\ncd"


def test_dates_in_both_languages():
    assert format_date(date(2027, 1, 9), "en") == "January 9, 2027"
    assert format_date(date(2027, 1, 9), "es") == "9 de enero de 2027"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_wrapping_keeps_every_word_in_order(text):
    register_fonts()
    text = plain(text)
    lines = wrap(text, REGULAR, 11.0, 200.0)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_the_font_files_are_found_without_importing_pyplot():
    import sys

    assert font_file(REGULAR).name == "DejaVuSans.ttf" and font_file(BOLD).is_file()
    assert "matplotlib.pyplot" not in sys.modules


@pytest.mark.parametrize("case_id", ["../../.bashrc", "a/b", "CON", "Nguyễn Thị Ánh"])
def test_file_names_hold_kind_case_id_and_date_only(case_id):
    name = filename("faith_leader", case_id, date(2026, 12, 1), "pdf")
    assert name.startswith("faith_leader-") and name.endswith("-20261201.pdf")
    assert "/" not in name and ".." not in name and " " not in name


def test_characters_the_font_lacks_show_as_a_replacement_mark(tmp_path):
    letter = make_letter(signature=("Wáng 王小明",))
    text = text_of(write_pdf(letter, tmp_path / "l.pdf"))
    assert "Wáng \ufffd\ufffd\ufffd" in text
