"""Call scripts: filled from the case, consent respected, the A-number only where allowed.

Every person here is fictional.
"""

from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign import scripts
from ddkit.campaign.offices import find_office
from ddkit.campaign.scripts import congressional_script, script_text, supporter_script
from ddkit.case import parse_case
from ddkit.errors import UserError
from ddkit.i18n import LANGS, t

ON = date(2026, 12, 1)


def fictional(public=True, congress=True, **extra):
    data = {
        "fictional": True,
        "person": {"name": "Rosa Ficticia", "a_number": "A000000321"},
        "custody": {"detained": True, "state": "CA", "county": "Kern"},
        "proceedings": {"stage": "final_order", "removal_date": "2026-12-20"},
        "equities": {"us_citizen_children": 2, "serious_health_condition": True},
        "criminal_history": [{"offense": "Fictional offense", "disposition": "dismissed"}],
        "consent": {"public_campaign": public, "congressional_contact": congress},
        "story": "A private story that must stay out of public scripts.",
    }
    data.update(extra)
    return parse_case(data)


@pytest.mark.parametrize("lang", LANGS)
def test_the_supporter_script_names_the_person_but_never_the_a_number(lang):
    case = fictional()
    office = find_office("CA", "Kern").offices[0]
    script = supporter_script(case, assess(case, on=ON), lang, office)
    text = script_text(script)
    assert script.is_script and script.meta["public"]
    assert "Rosa Ficticia" in text and "San Francisco" in text and "(415) 365-8800" in text
    assert "000000321" not in text and "000-000-321" not in text
    assert "Fictional offense" not in text and "private story" not in text
    assert "2" in text  # the children


def test_the_supporter_script_needs_consent_to_go_public():
    case = fictional(public=False)
    with pytest.raises(UserError, match="no_consent_public"):
        supporter_script(case, assess(case, on=ON))


def test_a_missing_phone_is_said_plainly():
    case = fictional()
    dallas = find_office("OK").offices[0]
    text = script_text(supporter_script(case, assess(case, on=ON), "en", dallas))
    assert "missing from our source" in text


@pytest.fixture
def own_script(monkeypatch):
    """The kit's own congressional script, as used until the letters engine's template exists."""
    monkeypatch.setattr(scripts, "engine_has_script", lambda lang="en": False)


@pytest.mark.parametrize("lang", LANGS)
def test_the_congressional_script_carries_the_a_number_with_consent(lang, own_script):
    case = fictional()
    text = script_text(congressional_script(case, assess(case, on=ON), lang))
    assert "A000-000-321" in text
    assert "60-001" in text
    assert "2026-12-20" in text


def test_the_congressional_script_needs_consent_to_congressional_contact():
    case = fictional(congress=False)
    with pytest.raises(UserError, match="no_consent_congress"):
        congressional_script(case, assess(case, on=ON))


def engine_langs():
    """Each language, skipped while the letters engine has no template for it yet."""
    return [
        pytest.param(
            lang,
            marks=pytest.mark.skipif(
                not scripts.engine_has_script(lang), reason="letters template not installed yet"
            ),
        )
        for lang in LANGS
    ]


@pytest.mark.parametrize("lang", engine_langs())
def test_the_congressional_script_comes_from_the_letters_engine(lang):
    case = fictional()
    office = find_office("CA", "Kern").offices[0]
    signer = {"name": "Fictional Staffer", "organization": "Office of a fictional member"}
    script = congressional_script(case, assess(case, on=ON), lang, office, signer=signer)
    assert script.kind == "congressional_call_script" and script.is_script
    text = " ".join((*script.paragraphs, *script.signature, script.re_line)).replace("-", "")
    assert "Rosa Ficticia" in text and "000000321" in text
    assert "Fictional Staffer" in text and "San Francisco" in text


@pytest.mark.parametrize("lang", engine_langs())
def test_without_staff_details_the_engine_script_leaves_blanks_to_fill(lang):
    case = fictional()
    text = script_text(congressional_script(case, assess(case, on=ON), lang))
    assert t("campaign.script.congress.blank_name", lang) in text
    assert "000000321" in text.replace("-", "")


def test_every_practice_case_with_consent_gets_its_scripts(practice_cases, own_script):
    for name, case in practice_cases.items():
        assessment = assess(case, on=ON)
        for consent, make in (
            (case.consent.public_campaign, supporter_script),
            (case.consent.congressional_contact, congressional_script),
        ):
            if not consent:
                continue
            for lang in LANGS:
                text = script_text(make(case, assessment, lang))
                assert case.person.name in text, name
                if make is supporter_script and case.person.a_number:
                    assert case.person.a_number[1:] not in text.replace("-", ""), name
