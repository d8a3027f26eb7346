"""Letters: the signer, the context, file names, Markdown/HTML, and ``ddkit letter``.

Every person in these tests is fictional.
"""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
import yaml

from ddkit.case import parse_case
from ddkit.cli import main
from ddkit.letters import (
    MissingFields,
    SignerError,
    UnknownKind,
    case_id,
    combine_signer,
    letter_filename,
    parse_signer,
    render_letter,
    to_html,
    to_markdown,
)
from ddkit.letters.context import asks, format_date, join_words
from ddkit.letters.formats import body_blocks, md_escape
from ddkit.letters.render import LetterMaker
from ddkit.letters.signer import parse_assignments, split_paragraphs

ON = date(2026, 12, 1)
CASE = {
    "fictional": True,
    "person": {"name": "Nguyễn Thị Ánh (fictional)", "a_number": "A023456789"},
    "proceedings": {"stage": "final_order"},
    "equities": {"us_citizen_children": 1},
    "consent": {"public_campaign": True, "congressional_contact": True},
}
SIGNER = {
    "name": "Łukasz Nowak (fictional)",
    "relationship": "her neighbor",
    "city": "Chicago",
    "state": "IL",
    "phone": "312-555-0101",
    "email": "lukasz@example.org",
    "years_known": 6,
    "story": "We share a garden.\n\nShe watches my son after school.",
}


def _case(**changes):
    return parse_case({**CASE, **changes})


@pytest.fixture
def files(tmp_path):
    case_file = tmp_path / "case.yaml"
    case_file.write_text(yaml.safe_dump(CASE, allow_unicode=True), encoding="utf-8")
    signer_file = tmp_path / "signer.yaml"
    signer_file.write_text(yaml.safe_dump(SIGNER, allow_unicode=True), encoding="utf-8")
    return case_file, signer_file


# ------------------------------------------------------------------ the signer


def test_signer_rejects_unknown_keys_and_bad_values_all_at_once():
    with pytest.raises(SignerError) as err:
        parse_signer({"nmae": "Ana", "date": "31/02/2026", "years_known": "ten", "name": "x" * 300})
    codes = [code for code, _ in err.value.problems]
    assert sorted(codes) == ["bad_date", "bad_years", "too_long", "unknown_key"]
    message = err.value.message("es")
    assert "nmae" in message and "years_known" in message and "x" * 300 not in message


def test_signer_is_cleaned():
    signer = parse_signer({"name": " Ana\u202e  Ruiz \n", "story": "a\n b\n\n\n c", "city": ""})
    assert signer == {"name": "Ana Ruiz", "story": "a\n b\n\nc"}
    assert split_paragraphs(signer["story"]) == ("a b", "c")


def test_signer_from_file_then_form_then_set_options(files):
    _, signer_file = files
    signer = combine_signer(
        signer_file, ["city=Evanston", "signer.title=Neighbor"], {"state": "WI"}
    )
    assert signer["city"] == "Evanston" and signer["title"] == "Neighbor"
    assert signer["state"] == "WI" and signer["name"] == SIGNER["name"]


def test_set_options_need_key_and_value():
    assert parse_assignments(["story=One\\n\\nTwo"]) == {"story": "One\n\nTwo"}
    with pytest.raises(Exception) as err:
        parse_assignments(["name"])
    assert "key=value" in err.value.message("en")


def test_signer_date_dates_the_letter():
    letter = render_letter("family_member", _case(), dict(SIGNER, date="2026-11-02"), "en")
    assert letter.date == date(2026, 11, 2)
    assert letter.meta["date_text"] == "November 2, 2026"


# ------------------------------------------------------------------ missing fields


def test_missing_fields_are_all_listed_in_the_users_language():
    with pytest.raises(MissingFields) as err:
        render_letter("teacher_counselor", _case(), {"name": "Ana (fictional)"}, "es", on=ON)
    fields = err.value.fields
    assert fields == [
        "signer.title",
        "signer.organization",
        "signer.relationship",
        "signer.years_known",
        "signer.story",
        "signer.email",
    ]
    es = err.value.message("es")
    assert "Cargo" in es and "Años que conoce a la persona" in es and "signer.email" in es
    assert "Years you have known the person" in err.value.message("en")


def test_mass_letters_need_consent_to_a_public_campaign():
    case = _case(consent={"public_campaign": False})
    maker = LetterMaker("mass_personal", case, "en", on=ON)
    with pytest.raises(MissingFields) as err:
        maker.check_case()
    assert err.value.fields == ["consent.public_campaign"]
    assert "has not agreed" in err.value.message("en")
    assert "no lo ha aceptado" in err.value.message("es")


def test_unknown_kind_lists_the_kinds():
    with pytest.raises(UnknownKind) as err:
        render_letter("love_letter", _case(), SIGNER)
    assert "pd_request" in err.value.message("en") and "love_letter" in err.value.message("es")


# ------------------------------------------------------------------ context pieces


def test_asks_follow_the_interventions():
    from ddkit.assess import assess

    def ask(**changes):
        return asks(assess(_case(**changes), on=ON))

    assert ask(custody={"detained": True}) == ("release", "stay")
    assert ask() == ("stay",)
    assert ask(proceedings={"stage": "in_proceedings"}) == ("no_enforcement",)
    assert ask(proceedings={"under_supervision": True}) == ("no_enforcement",)
    assert ask(proceedings={}) == ("deferred_action",)


def test_dates_and_lists_read_naturally():
    assert format_date(date(2027, 1, 5), "en") == "January 5, 2027"
    assert format_date(date(2027, 1, 5), "es") == "5 de enero de 2027"
    assert join_words(["a", "b", "c"], "es") == "a, b y c"


def test_mass_makers_render_many_signers_from_one_case():
    maker = LetterMaker("mass_personal", _case(), "es", on=ON)
    letters = [maker.render({"name": f"Persona {i} (fictional)", "city": "Elgin", "state": "IL"})
               for i in range(3)]  # fmt: skip
    assert [letter.signature[0] for letter in letters] == [
        f"Persona {i} (fictional)" for i in range(3)
    ]
    assert len({letter.case_id for letter in letters}) == 1


# ------------------------------------------------------------------ file names


def test_case_id_is_stable_short_and_not_the_name_or_a_number():
    case = _case()
    first, again = case_id(case), case_id(case)
    assert first == again and len(first) == 10
    assert "A023456789" not in first and "nguyen" not in first.lower()
    other = _case(person={"name": "Nguyễn Thị Ánh (fictional)", "a_number": "A023456788"})
    assert case_id(other) != first


def test_case_id_key_is_private_and_per_installation(tmp_path, monkeypatch):
    case = _case()
    mine = case_id(case)
    key_file = tmp_path / "ddkit-data" / "case-id.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    monkeypatch.setenv("DDKIT_DATA_DIR", str(tmp_path / "elsewhere"))
    assert case_id(case) != mine  # a different installation cannot recompute it


def test_case_id_without_a_number_uses_name_and_birth_date():
    a = parse_case({"person": {"name": "Ana  Ruiz (fictional)", "date_of_birth": "1990-01-01"}})
    b = parse_case({"person": {"name": "ana ruiz (FICTIONAL)", "date_of_birth": "1990-01-01"}})
    assert case_id(a) == case_id(b)


def test_letter_filename_never_holds_the_name():
    letter = render_letter("faith_leader", _case(), dict(SIGNER, title="Pastor", organization="X"))
    name = letter_filename(letter.kind, letter.case_id, letter.date, "pdf")
    assert name == f"faith_leader-{letter.case_id}-{letter.date:%Y%m%d}.pdf"
    assert (
        letter_filename("pd_request", "../../.bashrc", ON, "md") == "pd_request-bashrc-20261201.md"
    )


# ------------------------------------------------------------------ Markdown and HTML


def test_markdown_layout_of_a_letter():
    letter = render_letter("family_member", _case(), SIGNER, "en", on=ON)
    text = to_markdown(letter)
    assert text.startswith("Łukasz Nowak \\(fictional\\)".replace("\\(", "(").replace("\\)", ")"))
    assert "December 1, 2026" in text and "**Re: Letter of support for" in text
    assert "We share a garden." in text and text.rstrip().endswith("Łukasz Nowak (fictional)")


def test_markdown_escapes_what_would_become_markup():
    assert md_escape("a_b*c") == "a\\_b\\*c"
    assert md_escape("1986. A year") == "1986\\. A year"
    assert md_escape("+ plus") == "\\+ plus"
    assert md_escape("see https://x.org") == "see https\\://x.org"


def test_list_items_become_lists():
    assert body_blocks(("• a",)) == [("ul", ["a"])]
    letter = render_letter("pd_request", _case(), SIGNER, "en", on=ON)
    assert "\n- Has a child who is a U.S. citizen." in to_markdown(letter)
    assert "<li>Has a child who is a U.S. citizen.</li>" in to_html(letter)


def test_html_is_a_whole_page_in_the_letters_language():
    page = to_html(render_letter("family_member", _case(), SIGNER, "es", on=ON))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="es">' in page
    assert "Nguyễn Thị Ánh" in page and "No es asesoría legal" in page


def test_scripts_have_a_title_and_no_date_or_address():
    letter = render_letter("congressional_call_script", _case(), dict(SIGNER, organization="O"))
    text = to_markdown(letter)
    assert text.startswith("# Script for congressional staff")
    assert "December" not in text.split("\n")[0] and not letter.recipient


# ------------------------------------------------------------------ ddkit letter


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_every_kind_in_both_languages(capsys):
    code, out, _ = _run(capsys, "letter", "--list")
    assert code == 0 and "pd_request: Request for prosecutorial discretion" in out
    assert "Who signs it" in out and "years_known" in out
    code, out, _ = _run(capsys, "letter", "--list", "--lang", "es")
    assert "Quién la firma" in out and "translation_certificate: Certificado de traducción" in out
    assert "Acepta una campaña pública" in out  # mass letters need consent


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_cli_writes_each_format_privately_with_a_safe_name(capsys, files, tmp_path, fmt):
    case_file, signer_file = files
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = _run(
        capsys, "letter", "family_member", "--case", str(case_file), "--signer", str(signer_file),
        "--format", fmt, "--on", "2026-12-01", "-o", str(out_dir),
    )  # fmt: skip
    assert code == 0, err
    (written,) = out_dir.iterdir()
    assert written.name.startswith("family_member-") and written.name.endswith(f"-20261201.{fmt}")
    assert "Nguy" not in written.name and str(written) in out
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(str(written)).paragraphs)
        assert "Nguyễn Thị Ánh (fictional)" in text and "Łukasz Nowak" in text
    elif fmt == "pdf":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(str(written)).pages)
        assert "Nguyễn Thị Ánh" in text and "Łukasz Nowak" in text
    else:
        assert "Nguyễn Thị Ánh (fictional)" in written.read_text(encoding="utf-8")


def test_cli_default_output_is_the_private_exports_folder(capsys, files, tmp_path):
    case_file, signer_file = files
    code, out, _ = _run(capsys, "letter", "faith_leader", "--case", str(case_file),
                        "--signer", str(signer_file), "--set", "title=Pastor",
                        "--set", "organization=Iglesia (fictional)")  # fmt: skip
    assert code == 0
    exports = tmp_path / "ddkit-data" / "exports"
    (written,) = exports.iterdir()
    assert written.suffix == ".md" and str(written) in out


def test_cli_markdown_to_the_screen_in_spanish(capsys, files):
    case_file, signer_file = files
    code, out, err = _run(capsys, "letter", "pd_request", "--case", str(case_file), "--signer",
                          str(signer_file), "--lang", "es", "--on", "2026-12-01", "-o", "-")  # fmt: skip
    assert code == 0
    assert "**Asunto: Solicitud de discreción procesal" in out
    assert "1 de diciembre de 2026" in out


def test_cli_set_wins_over_the_signer_file(capsys, files):
    case_file, signer_file = files
    code, out, _ = _run(capsys, "letter", "family_member", "--case", str(case_file), "--signer",
                        str(signer_file), "--set", "city=Evanston", "-o", "-")  # fmt: skip
    assert code == 0 and "I live in Evanston, IL" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["letter", "nope", "--case", "{case}"], "There is no letter called"),
        (["letter", "family_member", "--case", "{case}"], "signer.name"),
        (["letter", "family_member", "--case", "{missing}"], "does not exist"),
        (
            [
                "letter",
                "family_member",
                "--case",
                "{case}",
                "--signer",
                "{signer}",
                "-o",
                "{nowhere}",
            ],
            "Cannot write",
        ),  # fmt: skip
        (
            [
                "letter",
                "family_member",
                "--case",
                "{case}",
                "--signer",
                "{signer}",
                "--format",
                "pdf",
                "-o",
                "-",
            ],
            "cannot go to the screen",
        ),  # fmt: skip
        (["letter", "family_member", "--case", "{case}", "--set", "nmae=Ana"], "nmae"),
        (
            [
                "letter",
                "family_member",
                "--case",
                "{case}",
                "--signer",
                "{signer}",
                "--policy",
                "nope",
            ],
            "unknown policy",
        ),  # fmt: skip
        (["letter", "--case", "{case}"], "Name the letter"),
        (["letter", "family_member"], "--case"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(capsys, files, tmp_path, argv, expected):
    case_file, signer_file = files
    values = {
        "case": str(case_file),
        "signer": str(signer_file),
        "missing": str(tmp_path / "nope.yaml"),
        "nowhere": str(tmp_path / "no" / "such" / "dir" / "x.md"),
    }
    code, out, err = _run(capsys, *[a.format(**values) for a in argv])
    assert code == 2 and expected in err and "Traceback" not in err
    assert "Nguy" not in err  # never the person's name in an error


def test_cli_missing_fields_are_listed_together_in_spanish(capsys, files):
    case_file, _ = files
    code, _, err = _run(capsys, "letter", "family_member", "--case", str(case_file),
                        "--set", "name=Ana (fictional)", "--lang", "es")  # fmt: skip
    assert code == 2
    for field in ("signer.relationship", "signer.story", "signer.city", "signer.phone"):
        assert field in err
    assert "Todavía no se puede escribir" in err


def test_cli_edited_template(capsys, files, tmp_path):
    case_file, signer_file = files
    template = tmp_path / "mine.j2"
    template.write_text(
        "{% block body %}Dear friends of {{ person.name }}.{% endblock %}", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "letter", "family_member", "--case", str(case_file), "--signer",
                        str(signer_file), "--template", str(template), "-o", "-")  # fmt: skip
    assert code == 0 and "Dear friends of Nguyễn Thị Ánh \\(fictional\\)." in out.replace(
        "(fictional)", "\\(fictional\\)"
    )
    template.write_text("{% block body %}{{ person.nmae }}{% endblock %}", encoding="utf-8")
    code, _, err = _run(capsys, "letter", "family_member", "--case", str(case_file), "--signer",
                        str(signer_file), "--template", str(template))  # fmt: skip
    assert code == 2 and "person.nmae" in err


def test_cli_refuses_real_cases_in_demo_mode(capsys, files, tmp_path, monkeypatch):
    _, signer_file = files
    real = tmp_path / "real.yaml"
    real.write_text(yaml.safe_dump({**CASE, "fictional": False}), encoding="utf-8")
    monkeypatch.setenv("DDKIT_DEMO", "1")
    code, _, err = _run(capsys, "letter", "family_member", "--case", str(real),
                        "--signer", str(signer_file))  # fmt: skip
    assert code == 2 and "demo" in err.lower()


def test_cli_warns_before_sending_when_the_assessment_flags_something(capsys, files, tmp_path):
    _, signer_file = files
    flagged = tmp_path / "flagged.yaml"
    data = {**CASE, "criminal_history": [{"offense": "DUI", "disposition": "convicted"}]}
    flagged.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = _run(capsys, "letter", "family_member", "--case", str(flagged),
                        "--signer", str(signer_file), "-o", "-")  # fmt: skip
    assert code == 0 and "Before sending" in err and "attorney must review" in err


def test_cli_stays_fast_to_import():
    """``ddkit assess`` must not pay for the letters: nothing heavy at the top of the module."""
    import subprocess
    import sys

    code = (
        "import sys, ddkit.commands.letters; "
        "print(any(m.startswith(('jinja2', 'ddkit.letters.render')) for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ
    )
    assert out.stdout.strip() == "False"


def test_cli_format_follows_the_output_file_name(capsys, files, tmp_path):
    case_file, signer_file = files
    target = tmp_path / "draft.html"
    code, out, _ = _run(capsys, "letter", "family_member", "--case", str(case_file),
                        "--signer", str(signer_file), "-o", str(target))  # fmt: skip
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
