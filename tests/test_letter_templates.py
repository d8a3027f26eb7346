"""The letter templates: what they say they need, what they write, in both languages.

Every person in these tests is fictional.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from jinja2 import meta
from markupsafe import escape

from ddkit.assess import assess
from ddkit.case import parse_case
from ddkit.i18n import LANGS
from ddkit.letters import KINDS, MissingFields, kind_info, render_letter, to_html, to_markdown
from ddkit.letters.context import case_context
from ddkit.letters.env import Fields, LetterEnvironment, Missing, used_fields
from ddkit.letters.kinds import split_header, template_path
from ddkit.letters.render import LetterMaker, render_parts, shipped_template
from ddkit.letters.safeguards import NothingToAsk, has_something_to_ask

ON = date(2026, 12, 1)
FULL_SIGNER = {
    "name": "Rev. Ana Ruiz (fictional)",
    "relationship": "the pastor of their church",
    "organization": "Iglesia San Pablo (fictional)",
    "title": "Pastor",
    "address": "12 Olive St.",
    "city": "El Paso",
    "state": "TX",
    "email": "ana.ruiz@example.org",
    "phone": "915-555-0142",
    "years_known": 9,
    "story": "I have known the family since they joined us.\n\nThey cook for every vigil.",
    "language": "es",
}
CASE = {
    "fictional": True,
    "person": {
        "name": "José Ñúñez Peña (fictional)",
        "a_number": "A123456789",
        "date_of_birth": "1984-03-09",
        "country_of_birth": "Honduras",
        "entry_date": "2005-06-01",
    },
    "custody": {"detained": True, "facility": "Otero County Processing Center"},
    "proceedings": {"stage": "final_order", "removal_date": "2026-12-20"},
    "equities": {"us_citizen_children": 2, "primary_caregiver": True},
    "consent": {"public_campaign": True, "congressional_contact": True},
}
OVERCLAIMS = re.compile(
    r"eligible|elegible|will win|ganar[áa]|guarantee|garantiz|entitled|qualif|califica|"
    r"tiene derecho a",
    re.IGNORECASE,
)
ALL = [(kind, lang) for kind in KINDS for lang in LANGS]


def _case(**changes):
    data = {**CASE, **changes}
    return parse_case(data)


def _signer_for(kind: str, lang: str = "en") -> dict:
    """Only the signer fields this kind needs."""
    keys = kind_info(kind, lang).signer_needs
    return {k: v for k, v in FULL_SIGNER.items() if k in keys}


# ------------------------------------------------------------------ the metadata


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_needs_and_optional_are_exactly_the_fields_the_template_uses(kind, lang):
    env = LetterEnvironment()
    ast = env.parse(template_path(kind, lang).read_text(encoding="utf-8"))
    info = kind_info(kind, lang)
    declared = set(info.needs) | set(info.optional)
    assert not set(info.needs) & set(info.optional)
    assert declared == used_fields(ast)
    assert {p.split(".")[0] for p in declared} == meta.find_undeclared_variables(ast)


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_header_has_title_audience_signer_and_guidance(kind, lang):
    header, _ = split_header(template_path(kind, lang).read_text(encoding="utf-8"))
    for key in ("title", "purpose", "audience", "signed_by", "needs", "guidance"):
        assert header.get(key), key
    assert len(kind_info(kind, lang).guidance.split()) >= 30  # real advice, not a stub


@pytest.mark.parametrize("kind", KINDS)
def test_both_languages_need_the_same_fields_and_have_the_same_parts(kind):
    en, es = kind_info(kind, "en"), kind_info(kind, "es")
    assert set(en.needs) == set(es.needs)
    assert set(en.optional) == set(es.optional)
    assert en.requires == es.requires and en.script == es.script
    assert set(shipped_template(kind, "en").blocks) == set(shipped_template(kind, "es").blocks)
    assert en.title != es.title  # written in each language, not copied


def test_kinds_are_the_nine_of_the_toolkit():
    assert KINDS == (
        "pd_request",
        "mass_personal",
        "family_member",
        "teacher_counselor",
        "faith_leader",
        "organizational",
        "congressional_email",
        "congressional_call_script",
        "translation_certificate",
    )


# ------------------------------------------------------------------ practice cases


def _with_public_consent(case):
    return case.model_copy(
        update={"consent": case.consent.model_copy(update={"public_campaign": True})}
    )


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_every_kind_renders_from_every_practice_case(practice_cases, kind, lang):
    assert len(practice_cases) >= 10
    for name, case in practice_cases.items():
        if kind == "mass_personal" and not case.consent.public_campaign:
            with pytest.raises(MissingFields) as err:
                render_letter(kind, case, FULL_SIGNER, lang, on=ON)
            assert err.value.fields == ["consent.public_campaign"], name
            case = _with_public_consent(case)
        # A discretion request for someone ICE is not pursuing needs the attorney's approval.
        approved = kind == "pd_request" and not has_something_to_ask(assess(case, on=ON))
        if approved:
            with pytest.raises(NothingToAsk):
                render_letter(kind, case, FULL_SIGNER, lang, on=ON)
        letter = render_letter(kind, case, FULL_SIGNER, lang, on=ON, attorney_approved=approved)
        assert case.person.name in " ".join(letter.paragraphs), name
        assert str(escape(case.person.name)) in to_html(letter), name
        assert to_markdown(letter).strip(), name


def test_binary_formats_render_every_kind_from_a_practice_case(practice_cases, tmp_path):
    docx = pytest.importorskip("ddkit.documents.docx")
    pdf = pytest.importorskip("ddkit.documents.pdf")
    from docx import Document
    from pypdf import PdfReader

    case = _with_public_consent(practice_cases["01_detained_father"])
    for kind, lang in ALL:
        letter = render_letter(kind, case, FULL_SIGNER, lang, on=ON)
        word = docx.write_docx(letter, tmp_path / f"{kind}-{lang}.docx")
        text = "\n".join(p.text for p in Document(str(word)).paragraphs)
        assert FULL_SIGNER["name"] in text, (kind, lang)
        printed = pdf.write_pdf(letter, tmp_path / f"{kind}-{lang}.pdf")
        pages = "".join(page.extract_text() for page in PdfReader(str(printed)).pages)
        assert FULL_SIGNER["name"] in pages, (kind, lang)


# ------------------------------------------------------------------ needs and blanks


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_each_needed_signer_field_is_named_when_missing(kind, lang):
    needed = _signer_for(kind, lang)
    assert render_letter(kind, _case(), needed, lang, on=ON).paragraphs
    with pytest.raises(MissingFields) as err:
        render_letter(kind, _case(), {}, lang, on=ON)
    assert err.value.fields == [p for p in kind_info(kind, lang).needs if p.startswith("signer.")]
    message = err.value.message(lang)
    for key in needed:
        assert f"signer.{key}" in message


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_renders_with_every_optional_field_empty(kind, lang):
    """No optional field is ever printed without a check: the letter just leaves it out."""
    maker = LetterMaker(kind, _case(), lang, on=ON)
    context = maker.context(_signer_for(kind, lang))
    for path in kind_info(kind, lang).optional:
        root, name = path.split(".")
        group = context[root]
        values = {k: group[k] for k in group}
        values[name] = False if isinstance(values[name], bool) else Missing(path)
        if isinstance(group[name], int) and not isinstance(group[name], bool):
            values[name] = 0
        context[root] = Fields(root, values)
    parts = render_parts(maker.template, context)
    assert parts["body"].strip()


def test_a_letter_never_prints_an_empty_field():
    with pytest.raises(MissingFields) as err:
        render_letter("pd_request", _case(), {"name": "Ana (fictional)"}, "es", on=ON)
    assert "signer.city" in err.value.fields and "signer.email" in err.value.fields
    assert "signer.city" in err.value.message("es") and "Ciudad" in err.value.message("es")


# ------------------------------------------------------------------ what the letters say


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_no_letter_overclaims(kind, lang):
    for policy in (None, "mayorkas-2021"):
        letter = render_letter(kind, _case(), FULL_SIGNER, lang, on=ON, policy=policy)
        assert not OVERCLAIMS.search(to_markdown(letter)), (kind, lang, policy)


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_field_values_are_never_glued_to_the_words_around_them(kind, lang):
    text = to_html(render_letter(kind, _case(), FULL_SIGNER, lang, on=ON))
    for key in ("phone", "email", "city", "organization", "title"):
        value = FULL_SIGNER[key]
        for match in re.finditer(re.escape(value), text):
            before = text[match.start() - 1]
            after = text[match.end()] if match.end() < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (kind, lang, key)


@pytest.mark.parametrize("lang", LANGS)
def test_mass_letters_never_carry_the_a_number_or_birth_date(lang):
    letter = render_letter("mass_personal", _case(), FULL_SIGNER, lang, on=ON)
    text = to_markdown(letter) + to_html(letter)
    assert "123-456-789" not in text and "1984" not in text
    assert "Otero" not in text  # nor where the person is held


@pytest.mark.parametrize("lang", LANGS)
def test_call_script_gives_the_a_number_only_with_consent(lang):
    with_consent = render_letter("congressional_call_script", _case(), FULL_SIGNER, lang, on=ON)
    assert with_consent.is_script and "A123-456-789" in to_markdown(with_consent)
    no = _case(consent={"public_campaign": True, "congressional_contact": False})
    without = render_letter("congressional_call_script", no, FULL_SIGNER, lang, on=ON)
    text = to_markdown(without)
    assert "123-456-789" not in text and "Otero" not in text
    assert "60-001" in text  # and it says why


@pytest.mark.parametrize(
    ("case_changes", "phrase_en", "phrase_es"),
    [
        ({}, "release José", "ponga en libertad a José"),
        (
            {},
            "stay of removal (ICE Form I-246)",
            "suspensión de la deportación (stay of removal, formulario I-246)",
        ),
        (
            {"custody": {}, "proceedings": {"stage": "in_proceedings"}},
            "not to detain",
            "para no detener",
        ),
        ({"custody": {}, "proceedings": {}}, "deferred action", "acción diferida"),
    ],
)
def test_the_discretion_request_asks_what_the_assessment_points_to(
    case_changes, phrase_en, phrase_es
):
    case = _case(**case_changes)
    # Not detained and no final order: only the attorney's approval lets the request be written.
    approved = "custody" in case_changes
    for lang, phrase in (("en", phrase_en), ("es", phrase_es)):
        letter = render_letter(
            "pd_request", case, FULL_SIGNER, lang, on=ON, attorney_approved=approved
        )
        assert phrase in " ".join(letter.paragraphs), (lang, phrase)
    if approved:  # not detained: no release asked
        assert "release" not in " ".join(
            render_letter(
                "pd_request", case, FULL_SIGNER, "en", on=ON, attorney_approved=True
            ).paragraphs
        )


def test_the_discretion_request_names_the_policy_and_says_if_it_is_in_force():
    case = _case()
    now = render_letter("pd_request", case, FULL_SIGNER, "en", on=ON)
    text = " ".join(now.paragraphs)
    assert "policy in force today" in text and "sets no enforcement priorities" in text
    framing = render_letter("pd_request", case, FULL_SIGNER, "en", on=ON, policy="mayorkas-2021")
    text = " ".join(framing.paragraphs)
    assert "is not in force today" in text and "Guidelines for the Enforcement" in text
    assert "• Impact of removal on family in the US" in framing.paragraphs
    es = render_letter("pd_request", case, FULL_SIGNER, "es", on=ON, policy="mayorkas-2021")
    assert "no está en vigor hoy" in " ".join(es.paragraphs)
    assert "• Impacto de la deportación en la familia en EE. UU." in es.paragraphs


def test_letters_cite_the_equities_of_the_case():
    for kind in ("pd_request", "family_member", "faith_leader", "mass_personal"):
        en = " ".join(render_letter(kind, _case(), FULL_SIGNER, "en", on=ON).paragraphs)
        es = " ".join(render_letter(kind, _case(), FULL_SIGNER, "es", on=ON).paragraphs)
        assert "2 children who are U.S. citizens" in en, kind
        assert "2 hijos" in es and "ciudadanía estadounidense" in es, kind


def test_letters_are_dated_and_name_the_person():
    letter = render_letter("faith_leader", _case(), FULL_SIGNER, "es", on=ON)
    assert letter.date == ON and letter.meta["date_text"] == "1 de diciembre de 2026"
    assert letter.re_line == "Asunto: Carta de apoyo para José Ñúñez Peña (fictional)"
    assert "1 de diciembre de 2026" in to_markdown(letter)
    request = render_letter("pd_request", _case(), FULL_SIGNER, "es", on=ON)
    assert request.re_line == (
        "Asunto: Solicitud de discreción procesal para José Ñúñez Peña (fictional), A123-456-789"
    )


def test_translation_certificate_names_the_source_language_and_english():
    letter = render_letter("translation_certificate", _case(), FULL_SIGNER, "en", on=ON)
    assert "translate from Spanish into English" in letter.paragraphs[0]
    other = dict(FULL_SIGNER, language="K'iche'")
    letter = render_letter("translation_certificate", _case(), other, "es", on=ON)
    assert "traducir del K'iche' al inglés" in letter.paragraphs[0]


def test_the_signers_story_becomes_paragraphs():
    letter = render_letter("family_member", _case(), FULL_SIGNER, "en", on=ON)
    assert "I have known the family since they joined us." in letter.paragraphs
    assert "They cook for every vigil." in letter.paragraphs


def test_case_context_is_in_the_letters_language():
    case = _case()
    maker = LetterMaker("pd_request", case, "es", on=ON)
    context = case_context(case, maker.assessment, "es")
    assert context["person"].a_number == "A123-456-789"
    assert context["person"].date_of_birth == "9 de marzo de 1984"
    assert context["person"].years_in_us == "21 años"
    assert context["assessment"].asks == ("release", "stay")
