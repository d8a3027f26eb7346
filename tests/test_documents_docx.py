"""Letters as Word files: a real letter layout, exact names, no live fields, no tool's name.

Every person here is fictional.
"""

import stat
import zipfile

import docx
import pytest

from ddkit.documents.docx import DocxBatch, build_docx, docx_bytes, write_docx

from .test_documents_pdf import NAMES, make_letter

WORD_XML = (
    'X</w:t></w:r><w:r><w:fldSimple w:instr="INCLUDEPICTURE &quot;http://evil.example/p.png'
    '&quot; \\d"/></w:r><w:r><w:t>'
)


def paragraphs(path_or_doc) -> list[str]:
    document = docx.Document(path_or_doc) if not hasattr(path_or_doc, "paragraphs") else path_or_doc
    return [p.text for p in document.paragraphs]


def test_the_letter_layout_from_sender_to_signature(tmp_path):
    path = write_docx(make_letter(), tmp_path / "letter.docx")
    assert paragraphs(path) == [
        "Rev. Ana Ruiz (fictional)\nIglesia San Ejemplo\nHouston, TX 77001",
        "December 1, 2026",
        "Field Office Director\nHouston Field Office\n126 Northpoint Dr.",
        "Re: Mateo Ejemplo (fictional), A000-000-101",
        "Dear Field Office Director:",
        "I have known Mateo for eleven years.",
        "He coaches our youth team.",
        "Sincerely,\n\n\n________________________________\nRev. Ana Ruiz (fictional)\nPastor",
    ]


def test_the_re_line_is_bold_and_the_signature_stays_together(tmp_path):
    document = docx.Document(write_docx(make_letter(), tmp_path / "letter.docx"))
    re_line = document.paragraphs[3]
    assert re_line.runs[0].bold is True
    assert document.paragraphs[4].runs[0].bold is None
    assert document.paragraphs[-1].paragraph_format.keep_together is True


@pytest.mark.parametrize("name", NAMES)
def test_names_come_out_of_word_exactly(tmp_path, name):
    letter = make_letter(re_line=f"Re: {name}", signature=(name,), sender=(name,))
    texts = paragraphs(write_docx(letter, tmp_path / "letter.docx"))
    assert texts[0] == name and texts[3] == f"Re: {name}"
    assert texts[-1].endswith("\n" + name)


def test_word_xml_in_a_name_stays_text_and_never_becomes_a_field(tmp_path):
    letter = make_letter(sender=(WORD_XML,), signature=(WORD_XML,), paragraphs=(WORD_XML,))
    path = write_docx(letter, tmp_path / "letter.docx")
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        every_part = "".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())
    assert "<w:fldSimple" not in xml and "<w:instrText" not in xml
    assert "<w:fldSimple" not in every_part and "evil.example" not in every_part.replace(xml, "")
    assert paragraphs(path)[0] == WORD_XML


def test_ampersands_and_angle_brackets_survive(tmp_path):
    letter = make_letter(paragraphs=("Ana & José <Núñez> say \"hi\" & 'bye'",))
    assert "Ana & José <Núñez> say \"hi\" & 'bye'" in paragraphs(
        write_docx(letter, tmp_path / "l.docx")
    )


def test_line_breaks_inside_a_paragraph_are_kept(tmp_path):
    letter = make_letter(paragraphs=("First line\nSecond line",))
    assert "First line\nSecond line" in paragraphs(write_docx(letter, tmp_path / "l.docx"))


def test_list_items_get_a_hanging_indent(tmp_path):
    letter = make_letter(paragraphs=("Mateo:", "• has lived here 17 years", "• coaches soccer"))
    document = docx.Document(write_docx(letter, tmp_path / "l.docx"))
    item = next(p for p in document.paragraphs if p.text == "• has lived here 17 years")
    assert item.paragraph_format.left_indent > 0 > item.paragraph_format.first_line_indent


def test_control_characters_do_not_break_the_file(tmp_path):
    letter = make_letter(paragraphs=("Bell\x07 NUL\x00 escape\x1b done",))
    assert "Bell NUL escape done" in paragraphs(write_docx(letter, tmp_path / "l.docx"))


def test_properties_name_no_tool_and_no_person(tmp_path):
    document = docx.Document(write_docx(make_letter(), tmp_path / "l.docx"))
    props = document.core_properties
    assert props.title == "Letter of support from a faith leader"
    assert props.author == "" and props.last_modified_by == "" and props.comments == ""
    assert "python-docx" not in str(vars(props))


def test_spanish_letters_are_marked_spanish_for_spell_checking(tmp_path):
    path = write_docx(make_letter(lang="es"), tmp_path / "carta.docx")
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:val="es-US"' in styles
    assert "1 de diciembre de 2026" in paragraphs(path)


def test_the_file_is_private(tmp_path):
    path = write_docx(make_letter(), tmp_path / "l.docx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_call_script_is_a_title_and_paragraphs(tmp_path):
    script = make_letter(title="Call script", is_script=True, paragraphs=("Hello.", "Thanks."))
    assert paragraphs(build_docx(script)) == ["Call script", "Hello.", "Thanks."]


def test_a_batch_makes_the_same_letters_as_one_by_one(tmp_path):
    first = make_letter(signature=("Nguyễn Thị Ánh",))
    second = make_letter(signature=("Łukasz",), paragraphs=("Only one paragraph.",))
    batch = DocxBatch(first)
    for letter in (first, second, first):
        one, many = tmp_path / "one.docx", tmp_path / "many.docx"
        one.write_bytes(docx_bytes(letter))
        many.write_bytes(batch.docx_bytes(letter))
        assert paragraphs(many) == paragraphs(one)
    other = make_letter(lang="es")
    (tmp_path / "es.docx").write_bytes(batch.docx_bytes(other))
    assert "1 de diciembre de 2026" in paragraphs(tmp_path / "es.docx")
