"""The letters' dangerous defaults, fixed: refusal, A-number, relief, signer guidance, Spanish.

Every person in these tests is fictional. The situations are built here, not taken from the
practice cases, which change with the law.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import docx
import pytest
import yaml
from pypdf import PdfReader

from ddkit.case import parse_case
from ddkit.cli import main
from ddkit.documents.docx import docx_bytes
from ddkit.documents.pdf import pdf_bytes
from ddkit.errors import UserError
from ddkit.i18n import LANGS
from ddkit.letters import KINDS, kind_info, render_custom, render_letter, to_html, to_markdown
from ddkit.letters.render import LetterMaker
from ddkit.letters.safeguards import (
    APPROVED_MARK,
    OVERRIDE_MARK,
    THIRD_PARTY_KINDS,
    NothingToAsk,
)
from ddkit.letters.signer import SignerError, parse_signer

ON = date(2026, 12, 1)
NAME = "Marisol Quintero Ávila (fictional)"
DIGITS = "123456789"  # the A-number's digits, however they are written
PERSON = {
    "name": NAME,
    "a_number": "A123456789",
    "date_of_birth": "1984-03-09",
    "country_of_birth": "Guatemala",
    "entry_date": "2005-06-01",
}
CONSENT = {"public_campaign": True, "congressional_contact": True}
NOT_PURSUED = {"fictional": True, "person": PERSON, "consent": CONSENT,
               "equities": {"us_citizen_children": 2}}  # fmt: skip
PURSUED = {
    "detained": {"custody": {"detained": True, "facility": "Fictional Processing Center"}},
    "final_order": {"proceedings": {"stage": "final_order"}},
    "supervision": {"proceedings": {"under_supervision": True}},
}
SIGNER = {
    "name": "Rev. Tomás Iglesias (fictional)",
    "relationship": "the pastor of her church",
    "organization": "Iglesia del Ejemplo (fictional)",
    "title": "Pastor",
    "address": "12 Olive St.",
    "city": "El Paso",
    "state": "TX",
    "email": "tomas@example.org",
    "phone": "915-555-0142",
    "years_known": 9,
    "story": "She has cooked for every vigil.\n\nHer children sing in our choir.",
    "language": "es",
}
APPROVAL_WORDS = re.compile(r"approv|aprob|overrid|refus|rechaz|ddkit", re.IGNORECASE)


def _case(**changes):
    return parse_case({**NOT_PURSUED, **changes})


def _squeeze(text: str) -> str:
    """Only letters and digits: an A-number is found however it was wrapped or punctuated."""
    return re.sub(r"\W", "", text)


def docx_text(data: bytes) -> str:
    """Every word of a Word file: the paragraphs and every XML part, properties included."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [package.read(name).decode("utf-8", "replace") for name in package.namelist()]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    return "\n".join(paragraphs + parts)


def pdf_text(data: bytes) -> str:
    """Every page's text and the document properties of a PDF, read back."""
    reader = PdfReader(io.BytesIO(data))
    pages = "\n".join(page.extract_text() for page in reader.pages)
    return pages + "\n" + str(dict(reader.metadata or {}))


def all_formats(letter) -> dict[str, str]:
    return {
        "markdown": to_markdown(letter),
        "html": to_html(letter),
        "docx": docx_text(docx_bytes(letter)),
        "pdf": pdf_text(pdf_bytes(letter)),
    }


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    def write(data, name="case.yaml"):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return write


# ------------------------------------------------------------------ the refusal


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({}, "not_pursued"), ({"proceedings": {"stage": "in_proceedings"}}, "in_court")],
)
@pytest.mark.parametrize("lang", LANGS)
def test_a_discretion_request_for_someone_ice_is_not_pursuing_is_refused(changes, reason, lang):
    case = _case(**changes)
    with pytest.raises(NothingToAsk) as err:
        render_letter("pd_request", case, SIGNER, lang, on=ON)
    assert err.value.reason == reason and isinstance(err.value, UserError)
    en, es = err.value.message("en"), err.value.message("es")
    assert "The discretion request was not written" in en
    assert "not detained, has no final order of removal and is not under an order" in en
    assert "only tell ICE who the person is and where to find them" in en
    assert "No se escribió la solicitud de discreción procesal" in es
    assert "no está detenida, no tiene una orden final de deportación" in es
    assert "solo le diría a ICE quién es la persona y dónde encontrarla" in es
    assert ("immigration court" in en) == (reason == "in_court")
    assert ("corte de inmigración" in es) == (reason == "in_court")
    for text in (en, es):  # plain words for any screen: no name, no id, no option
        assert "Marisol" not in text and DIGITS not in _squeeze(text)
        assert "pd_request" not in text and "--" not in text


@pytest.mark.parametrize("situation", sorted(PURSUED))
def test_a_request_with_something_to_ask_is_written(situation):
    letter = render_letter("pd_request", _case(**PURSUED[situation]), SIGNER, "en", on=ON)
    assert letter.meta["attorney_approved"] is False
    assert letter.meta["overrode_refusal"] is False
    assert "A123-456-789" in letter.re_line


def test_every_way_of_writing_the_request_refuses_it():
    case = _case()
    with pytest.raises(NothingToAsk):
        LetterMaker("pd_request", case, "es", on=ON)
    with pytest.raises(NothingToAsk):
        source = "{% block body %}{{ person.name }} {{ person.a_number }}{% endblock %}"
        render_custom(source, "pd_request", case, SIGNER, "en", on=ON)
    for kind in KINDS:  # only the discretion request is refused
        if kind != "pd_request":
            assert render_letter(kind, case, SIGNER, "en", on=ON).paragraphs, kind


def test_the_app_panel_gets_the_refusal_as_a_plain_message():
    pytest.importorskip("ipywidgets")
    from ddkit.ui.downloads import letter_file

    with pytest.raises(UserError) as err:
        letter_file(_case(), "pd_request", "es", dict(SIGNER), "pdf")
    assert "No se escribió la solicitud" in err.value.message("es")


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_refuses_with_exit_2_and_says_how_the_attorney_overrides(
    capsys, files, tmp_path, lang
):
    case_file, signer_file = files(NOT_PURSUED), files(SIGNER, "signer.yaml")
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = _run(
        capsys, "letter", "pd_request", "--case", case_file, "--signer", signer_file,
        "--lang", lang, "--on", "2026-12-01", "-o", out,
    )  # fmt: skip
    assert code == 2 and "Traceback" not in err and not list(out.iterdir())
    head = "The discretion request was not written" if lang == "en" else "No se escribió"
    assert head in err and "--attorney-approved" in err
    assert "Marisol" not in err + stdout and DIGITS not in _squeeze(err)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_attorneys_override_is_in_the_files_properties_and_never_in_the_letter(
    capsys, files, tmp_path, fmt
):
    case_file, signer_file = files(NOT_PURSUED), files(SIGNER, "signer.yaml")
    target = tmp_path / f"request.{fmt}"
    code, _, err = _run(
        capsys, "letter", "pd_request", "--case", case_file, "--signer", signer_file,
        "--attorney-approved", "--on", "2026-12-01", "-o", target,
    )  # fmt: skip
    assert code == 0, err
    if fmt == "docx":
        document = docx.Document(target)
        keywords = document.core_properties.keywords
        text = "\n".join(p.text for p in document.paragraphs)
    else:
        reader = PdfReader(target)
        keywords = reader.metadata["/Keywords"]
        text = "\n".join(page.extract_text() for page in reader.pages)
    assert keywords == f"{APPROVED_MARK} {OVERRIDE_MARK}"
    text = " ".join(text.split())
    assert "deferred action" in text and NAME in text  # the letter itself, as written
    assert not APPROVAL_WORDS.search(text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_approval_changes_the_properties_and_not_one_word_of_the_letter(lang):
    case = _case(**PURSUED["final_order"])
    plain = render_letter("pd_request", case, SIGNER, lang, on=ON)
    approved = render_letter("pd_request", case, SIGNER, lang, on=ON, attorney_approved=True)
    assert approved.meta["attorney_approved"] and not approved.meta["overrode_refusal"]
    assert not plain.meta["attorney_approved"]
    assert to_markdown(approved) == to_markdown(plain)
    words = docx.Document(io.BytesIO(docx_bytes(approved))).paragraphs
    assert [p.text for p in words] == [
        p.text for p in docx.Document(io.BytesIO(docx_bytes(plain))).paragraphs
    ]
    assert docx.Document(io.BytesIO(docx_bytes(approved))).core_properties.keywords == (
        APPROVED_MARK
    )
    assert docx.Document(io.BytesIO(docx_bytes(plain))).core_properties.keywords == ""
    pages = [PdfReader(io.BytesIO(pdf_bytes(x))) for x in (approved, plain)]
    assert [p.extract_text() for p in pages[0].pages] == [p.extract_text() for p in pages[1].pages]
    assert pages[0].metadata["/Keywords"] == APPROVED_MARK
    assert not pages[1].metadata.get("/Keywords")


def test_the_overridden_letter_text_never_mentions_the_override():
    letter = render_letter("pd_request", _case(), SIGNER, "es", on=ON, attorney_approved=True)
    assert letter.meta["overrode_refusal"] is True
    words = docx.Document(io.BytesIO(docx_bytes(letter))).paragraphs
    pages = PdfReader(io.BytesIO(pdf_bytes(letter))).pages
    for text in (
        to_markdown(letter),
        "\n".join(p.text for p in words),
        "\n".join(page.extract_text() for page in pages),
    ):
        text = " ".join(text.split())
        assert "acción diferida" in text and not APPROVAL_WORDS.search(text)


# ------------------------------------------------------------------ the A-number


def _signer_for(kind: str, lang: str) -> dict:
    info = kind_info(kind, lang)
    keys = {*info.signer_needs, *info.signer_optional}
    return {k: v for k, v in SIGNER.items() if k in keys}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(THIRD_PARTY_KINDS))
@pytest.mark.parametrize("situation", ["detained", "final_order"])
def test_no_third_party_letter_holds_the_a_number_or_birth_date(kind, lang, situation):
    case = _case(**PURSUED[situation])
    letter = render_letter(kind, case, _signer_for(kind, lang), lang, on=ON)
    for name, text in all_formats(letter).items():
        assert DIGITS not in _squeeze(text), (kind, lang, name)
        assert "1984" not in text, (kind, lang, name)
    assert "a_number" not in letter.meta


def test_the_third_party_kinds_are_the_ones_signed_by_others():
    assert THIRD_PARTY_KINDS == {
        "family_member",
        "teacher_counselor",
        "faith_leader",
        "organizational",
        "mass_personal",
        "translation_certificate",
    }
    for kind in THIRD_PARTY_KINDS:
        for lang in LANGS:
            info = kind_info(kind, lang)
            declared = {*info.needs, *info.optional}
            assert not declared & {"person.a_number", "person.date_of_birth"}, (kind, lang)


def test_an_edited_third_party_template_cannot_print_the_a_number():
    source = (
        "{% block body %}{{ person.name }}"
        "{% if person.a_number %} A-number {{ person.a_number }}{% endif %}"
        "{% if person.date_of_birth %} born {{ person.date_of_birth }}{% endif %}{% endblock %}"
    )
    case = _case(**PURSUED["detained"])
    letter = render_custom(source, "family_member", case, SIGNER, "en", on=ON)
    assert letter.paragraphs == (NAME,)
    request = render_custom(source, "pd_request", case, SIGNER, "en", on=ON)
    assert "A-number A123-456-789 born March 9, 1984" in request.paragraphs[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_discretion_request_holds_the_a_number_in_every_format(lang):
    letter = render_letter("pd_request", _case(**PURSUED["detained"]), SIGNER, lang, on=ON)
    for name, text in all_formats(letter).items():
        assert "A123-456-789" in text, name
    assert letter.meta["a_number"] == "A123-456-789"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["congressional_email", "congressional_call_script"])
def test_congressional_drafts_hold_the_a_number_only_with_consent(kind, lang):
    signer = _signer_for(kind, lang)
    with_consent = render_letter(kind, _case(**PURSUED["detained"]), signer, lang, on=ON)
    assert "A123-456-789" in to_markdown(with_consent)
    without = _case(consent={"public_campaign": True}, **PURSUED["detained"])
    letter = render_letter(kind, without, signer, lang, on=ON)
    for name, text in all_formats(letter).items():
        assert DIGITS not in _squeeze(text) and "1984" not in text, (kind, lang, name)


# ------------------------------------------------------------------ the packet


def _packet_folder(tmp_path, case, lang="en"):
    """The letters of a fictional case, as ddkit letter --format pdf names them."""
    from ddkit.documents.pdf import write_pdf
    from ddkit.letters.naming import letter_filename

    folder = tmp_path / "letters"
    folder.mkdir()
    for kind in ("family_member", "faith_leader"):
        letter = render_letter(kind, case, SIGNER, lang, on=ON)
        write_pdf(letter, folder / letter_filename(kind, letter.case_id, ON, "pdf"))
    return folder


def index_page(reader) -> int:
    """The page number (from 0) of the packet's index of exhibits, from its bookmark."""
    (found,) = [
        reader.get_destination_page_number(item)
        for item in reader.outline
        if item.title in ("Index of exhibits", "Índice de anexos")
    ]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_packet_index_puts_the_a_number_on_every_exhibits_line(capsys, files, tmp_path, lang):
    data = {**NOT_PURSUED, **PURSUED["final_order"]}
    folder = _packet_folder(tmp_path, parse_case(data), lang)
    extra = tmp_path / "records.pdf"
    extra.write_bytes(pdf_bytes(render_letter("faith_leader", parse_case(data), SIGNER, lang)))
    out = tmp_path / "packet.pdf"
    code, _, err = _run(
        capsys, "packet", "--case", files(data), "--letters", folder, "--attach", extra,
        "--signer", files(SIGNER, "signer.yaml"), "--lang", lang, "--on", "2026-12-01", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    reader = PdfReader(out)
    assert "A123-456-789" in reader.pages[0].extract_text()  # the cover letter
    at = index_page(reader)
    index = [" ".join(line.split()) for line in reader.pages[at].extract_text().splitlines()]
    exhibits = [line for line in index if line.startswith(("Exhibit", "Anexo"))]
    assert len(exhibits) == 3
    for line in exhibits:
        assert "(A123-456-789)" in line, line
    assert any("A123-456-789" in line and "(" not in line.split(":")[0] for line in index[:3])
    for page in reader.pages[at + 1 :]:  # the letters themselves still hold no A-number
        assert DIGITS not in _squeeze(page.extract_text())
    assert not reader.metadata.get("/Keywords")


def test_the_packet_is_refused_for_someone_ice_is_not_pursuing(capsys, files, tmp_path):
    folder = _packet_folder(tmp_path, _case())
    case_file, signer_file = files(NOT_PURSUED), files(SIGNER, "signer.yaml")
    out = tmp_path / "packet.pdf"
    code, _, err = _run(capsys, "packet", "--case", case_file, "--letters", folder,
                        "--signer", signer_file, "-o", out)  # fmt: skip
    assert code == 2 and "The discretion request was not written" in err
    assert "--attorney-approved" in err and not out.exists()
    code, _, err = _run(capsys, "packet", "--case", case_file, "--letters", folder,
                        "--signer", signer_file, "--attorney-approved", "-o", out)  # fmt: skip
    assert code == 0, err
    reader = PdfReader(out)
    assert reader.metadata["/Keywords"] == f"{APPROVED_MARK} {OVERRIDE_MARK}"
    assert not APPROVAL_WORDS.search("".join(p.extract_text() for p in reader.pages))


def test_the_workshop_packet_takes_the_a_number_from_the_request():
    from ddkit.workshop import filing_packet

    case = _case(**PURSUED["final_order"])
    request = render_letter("pd_request", case, SIGNER, "es", on=ON)
    family = render_letter("family_member", case, SIGNER, "es", on=ON)
    packet = filing_packet(request, [family], "es")
    reader = PdfReader(packet.path)
    at = index_page(reader)
    index = " ".join(reader.pages[at].extract_text().split())
    assert "Número A de la persona: A123-456-789" in index
    assert "Anexo A (A123-456-789): Carta de apoyo de un familiar" in index
    assert DIGITS not in _squeeze(reader.pages[at + 1].extract_text())


# ------------------------------------------------------------------ relief


RELIEF = {"proceedings": {"stage": "final_order", "pending_relief": ["asylum", "u_visa"]}}
RELIEF_WORDS = re.compile(
    r"asylum|asilo|U visa|visa U|relief|alivio|applied|solicitó|possible|posible", re.IGNORECASE
)


@pytest.mark.parametrize("policy", [None, "mayorkas-2021"])
@pytest.mark.parametrize("lang", LANGS)
def test_without_the_attorneys_agreement_the_request_names_no_application(policy, lang):
    letter = render_letter("pd_request", _case(**RELIEF), SIGNER, lang, on=ON, policy=policy)
    text = " ".join(letter.paragraphs)
    assert not RELIEF_WORDS.search(text), RELIEF_WORDS.search(text)
    assert letter.meta["relief_left_out"] and not letter.meta["relief_agreed"]


@pytest.mark.parametrize("policy", [None, "mayorkas-2021"])
@pytest.mark.parametrize(
    ("signer", "approved"), [({"relief_filed": "yes"}, False), ({"relief_filed": "sí"}, False),
                             ({}, True)],
)  # fmt: skip
def test_with_the_attorneys_agreement_it_names_them_as_filed(signer, approved, policy):
    case = _case(**RELIEF)
    signer = {**SIGNER, **signer}
    en = render_letter("pd_request", case, signer, "en", on=ON, policy=policy,
                       attorney_approved=approved)  # fmt: skip
    es = render_letter("pd_request", case, signer, "es", on=ON, policy=policy,
                       attorney_approved=approved)  # fmt: skip
    assert "• Has applied for asylum and a U visa and is awaiting a decision." in en.paragraphs
    assert "• Solicitó asilo y visa U y espera la decisión." in es.paragraphs
    for letter in (en, es):
        assert not re.search(r"possible|posible", " ".join(letter.paragraphs), re.IGNORECASE)
        assert letter.meta["relief_agreed"] and not letter.meta["relief_left_out"]
    if policy == "mayorkas-2021":
        assert "• Has applied for humanitarian protection or other relief" in en.paragraphs


def test_no_request_ever_calls_an_application_possible(practice_cases):
    for name, case in practice_cases.items():
        for lang in LANGS:
            for policy in (None, "mayorkas-2021"):
                letter = render_letter(
                    "pd_request", case, dict(SIGNER, relief_filed=True), lang, on=ON,
                    policy=policy, attorney_approved=True,
                )  # fmt: skip
                text = to_markdown(letter)
                assert not re.search(r"possible|posible", text, re.IGNORECASE), (name, lang)


def test_relief_filed_is_a_yes_or_no():
    assert parse_signer({"relief_filed": "Sí"}) == {"relief_filed": True}
    assert parse_signer({"relief_filed": True}) == {"relief_filed": True}
    assert parse_signer({"relief_filed": "no"}) == {}
    with pytest.raises(SignerError) as err:
        parse_signer({"relief_filed": "maybe"})
    assert "relief_filed: expected yes or no" in err.value.message("en")
    assert "se espera sí o no" in err.value.message("es")


def test_the_command_says_when_the_applications_were_left_out(capsys, files):
    case_file = files({**NOT_PURSUED, **RELIEF})
    signer_file = files(SIGNER, "signer.yaml")
    code, out, err = _run(capsys, "letter", "pd_request", "--case", case_file,
                          "--signer", signer_file, "-o", "-")  # fmt: skip
    assert code == 0 and "asylum" not in out and "leaves them out" in err
    code, out, err = _run(capsys, "letter", "pd_request", "--case", case_file, "--signer",
                          signer_file, "--set", "relief_filed=yes", "-o", "-")  # fmt: skip
    assert code == 0 and "asylum" in out and "leaves them out" not in err


# ------------------------------------------------------------------ signer guidance


@pytest.mark.parametrize("kind", ["family_member", "teacher_counselor", "faith_leader",
                                  "organizational"])  # fmt: skip
def test_the_guidance_tells_a_signer_without_status_to_ask_the_attorney_first(kind):
    en = " ".join(kind_info(kind, "en").guidance.split())
    es = " ".join(kind_info(kind, "es").guidance.split())
    assert "If you do not have immigration status" in en
    assert "talk to the person's attorney before you sign with your address" in en
    assert "Si usted no tiene estatus migratorio" in es
    assert "hable con el abogado de la persona antes de firmar con su dirección" in es
    letter = render_letter(kind, _case(**PURSUED["detained"]), SIGNER, "es", on=ON)
    assert "Si usted no tiene estatus migratorio" in " ".join(letter.meta["guidance"].split())
    assert "estatus migratorio" not in " ".join(letter.paragraphs)  # advice, not letter text


# ------------------------------------------------------------------ Spanish words

STAY = "suspensión de la deportación"
STAY_FIRST = "suspensión de la deportación (stay of removal, formulario I-246)"


def first_use_is_explained(text: str) -> bool:
    """Whether the first "suspensión de la deportación" in a text says which one it is."""
    start = text.lower().find(STAY)
    return start < 0 or text[start:].lower().startswith(STAY_FIRST.lower())


def test_the_first_use_rule_can_fail():
    assert not first_use_is_explained("Pedimos la suspensión de la deportación.")
    assert first_use_is_explained(f"La {STAY_FIRST}; luego la {STAY}.")


@pytest.mark.parametrize("kind", KINDS)
def test_spanish_names_the_stay_of_removal_at_its_first_use(kind):
    mentions = 0
    for situation in ({"proceedings": {"stage": "final_order"}},
                      {**PURSUED["detained"], "proceedings": {"stage": "final_order"}}):  # fmt: skip
        letter = render_letter(kind, _case(**situation), _signer_for(kind, "es"), "es", on=ON)
        for text in (" ".join(letter.paragraphs), letter.meta["guidance"]):
            text = " ".join(text.split())
            assert first_use_is_explained(text), (kind, text)
            mentions += STAY in text.lower()
    expected = kind not in ("translation_certificate",)
    assert (mentions > 0) == expected, kind


def test_spanish_speaks_of_a_congressional_office_consultation_not_an_investigation():
    signer = _signer_for("congressional_email", "es")
    letter = render_letter("congressional_email", _case(**PURSUED["detained"]), signer, "es")
    assert letter.re_line.startswith("Asunto: Consulta de una oficina del Congreso en apoyo de")
    from .conftest import ROOT

    mine = [*sorted((ROOT / "templates" / "es").glob("*.j2")),
            *(ROOT / "ddkit" / "locales" / "es" / f for f in ("letters.yaml", "documents.yaml"))]  # fmt: skip
    for path in mine:
        assert "investigaci" not in path.read_text(encoding="utf-8").lower(), path.name


# ------------------------------------------------------------------ the executive order


def wrong_about_the_order(text: str) -> list[str]:
    """What a text gets wrong about EO 13993, EO 14159 and the 2021 memo's line."""
    flat = " ".join(text.split())
    problems = []
    if re.search(r"14159\W+(?:\w+\W+){0,3}revo[kc]", flat, re.IGNORECASE):
        problems.append("EO 14159 did not revoke EO 13993 (EO 14148 did)")
    if re.search(r"13993", flat) and re.search(r"revo[kc]", flat) and "14148" not in flat:
        problems.append("the revocation of EO 13993 without EO 14148")
    for match in re.finditer(r"basis of an enforcement action", flat):
        if not flat[: match.start()].endswith("should not alone be the "):
            problems.append("the 2021 memo's line, not quoted exactly")
    return problems


def test_the_order_check_can_fail():
    assert wrong_about_the_order("EO 14159 revoked EO 13993.")
    assert wrong_about_the_order(
        'removable alone "should not be the basis of an enforcement action"'
    )
    assert not wrong_about_the_order(
        "EO 14148 revoked EO 13993; the memo: should not alone be the basis of an enforcement action"
    )


def test_letters_and_their_catalogs_name_the_right_order():
    from .conftest import ROOT

    paths = [*sorted((ROOT / "templates").glob("*/*.j2"))]
    paths += [ROOT / "ddkit" / "locales" / lang / f"{name}.yaml" for lang in LANGS
              for name in ("letters", "documents")]  # fmt: skip
    for path in paths:
        assert wrong_about_the_order(path.read_text(encoding="utf-8")) == [], path.name


# ------------------------------------------------------------------ review date, stay facts


REVIEWED = {
    "en": "reviewed on December 2, 2026",
    "es": "revisaron por última vez el 2 de diciembre de 2026",
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_letters_guidance_gives_the_review_date_and_its_text_never_does(kind, lang):
    from ddkit.law import reviewed

    assert reviewed() == date(2026, 12, 2)  # if the data is reviewed again, update REVIEWED
    letter = render_letter(kind, _case(**PURSUED["detained"]), SIGNER, lang, on=ON)
    assert REVIEWED[lang] in " ".join(letter.meta["guidance"].split())
    for name, text in all_formats(letter).items():
        assert "2 de diciembre" not in text and "December 2" not in text, (kind, name)


def test_the_review_date_comes_from_the_legal_data(monkeypatch):
    import ddkit.law

    monkeypatch.setattr(ddkit.law, "reviewed", lambda: date(2027, 3, 4))
    letter = render_letter("faith_leader", _case(**PURSUED["detained"]), SIGNER, "es", on=ON)
    assert "el 4 de marzo de 2027" in letter.meta["guidance"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_requests_stay_guidance_reads_the_i246_facts_from_the_data(lang):
    from ddkit.law import forms

    facts = forms().i246.facts()
    assert {"fee", "payment", "passport", "does_not_stop_removal", "where_to_file"} <= set(facts)
    stay = render_letter("pd_request", _case(**PURSUED["final_order"]), SIGNER, lang, on=ON)
    guidance = stay.meta["guidance"]
    unverified = {"en": "(unverified)", "es": "(sin verificar)"}[lang]
    for name, fact in facts.items():
        assert fact(lang) in guidance, name
        if fact.confidence == "unverified":
            assert f"{fact(lang)} {unverified}" in guidance, name
    for text in all_formats(stay).values():  # advice for the committee, not words to ICE
        assert "$155" not in text and "8 CFR 241.6(a)" not in text
    release = render_letter("pd_request", _case(**PURSUED["detained"]), SIGNER, lang, on=ON)
    assert facts["fee"](lang) not in release.meta["guidance"]  # no stay asked, no stay facts
    family = render_letter("family_member", _case(**PURSUED["final_order"]), SIGNER, lang)
    assert facts["fee"](lang) not in family.meta["guidance"]


def test_the_command_shows_the_advice_with_the_review_date(capsys, files):
    case_file = files({**NOT_PURSUED, **PURSUED["final_order"]})
    code, out, err = _run(capsys, "letter", "family_member", "--case", case_file,
                          "--signer", files(SIGNER, "signer.yaml"), "--lang", "es", "-o", "-")  # fmt: skip
    assert code == 0 and "Consejos para quien firma:" in err
    assert "Si usted no tiene estatus migratorio" in err and REVIEWED["es"] in " ".join(err.split())
    assert "estatus migratorio" not in out
