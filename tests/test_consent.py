"""Informed consent: the record of who explained it, the limits the person set, and withdrawal.

Letters and the campaign plan honour the limits; withdrawing takes every public task away.
Every person here is fictional.
"""

from __future__ import annotations

from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign.plan import plan
from ddkit.campaign.scripts import script_text, supporter_script
from ddkit.case import CaseError, parse_case
from ddkit.consent import is_withdrawn, public_name, visibility_cautions, withdraw
from ddkit.i18n import LANGS, t
from ddkit.letters import render_letter

ON = date(2026, 12, 2)
PUBLIC_TASKS = {"petition_launch", "call_in_1", "call_in_2", "call_in_3", "press", "vigil",
                "letters_mass_personal"}  # fmt: skip
SUPPORTER = {"name": "Łukasz Nowak (fictional)", "city": "Chicago", "state": "IL"}


def words(letter) -> str:
    return "\n".join((letter.re_line, *letter.paragraphs))


def fictional(**consent):
    """A detained father in court, fictional, who agreed to go public (changed by ``consent``)."""
    return parse_case(
        {
            "fictional": True,
            "person": {"name": "Mateo Inventado Ejemplo (fictional)", "a_number": "A000000101"},
            "custody": {"detained": True, "state": "TX"},
            "proceedings": {"stage": "in_proceedings", "next_hearing": "2027-01-20"},
            "equities": {"us_citizen_children": 2, "community_ties": "Coaches soccer."},
            "consent": {"public_campaign": True, "congressional_contact": True, **consent},
        }
    )


def test_a_version_1_file_without_the_consent_record_still_reads():
    case = parse_case({"person": {"name": "Ana (fictional)"},
                       "consent": {"public_campaign": True}})  # fmt: skip
    c = case.consent
    assert (c.explained_by, c.explained_on, c.explained_in, c.limits, c.withdrawn_on) == (
        None, None, None, [], None
    )  # fmt: skip


def test_the_record_says_who_explained_it_when_in_which_language_and_the_limits():
    case = fictional(explained_by="Volunteer Rosa (fictional)", explained_on="2026-12-01",
                     explained_in="Español", limits=["first_name_only", "no_photos"],
                     other_limits="Do not name the children's school.")  # fmt: skip
    assert case.consent.explained_on == date(2026, 12, 1)
    assert case.consent.limits == ["first_name_only", "no_photos"]


def test_an_unknown_limit_is_named_in_the_error():
    with pytest.raises(CaseError) as err:
        fictional(limits=["no_tiktok"])
    assert err.value.problems[0].path == "consent.limits.0"


def test_first_name_only_reaches_the_mass_letter_and_the_public_call_script():
    case = fictional(limits=["first_name_only"])
    assert public_name(case) == "Mateo"
    for lang in LANGS:
        letter = render_letter("mass_personal", case, SUPPORTER, lang=lang, on=ON)
        text = words(letter)
        assert "Mateo" in text and "Inventado" not in text
        script = script_text(supporter_script(case, assess(case, ON), lang))
        assert "Mateo" in script and "Inventado" not in script


def test_a_letter_to_ice_keeps_the_full_name_so_that_ice_can_match_it():
    case = fictional(limits=["first_name_only"])
    signer = {**SUPPORTER, "relationship": "neighbor", "story": "We share a garden.",
              "email": "l@example.org", "phone": "312-555-0101", "years_known": 3}  # fmt: skip
    letter = render_letter("organizational", case, {**signer, "organization": "Club", "title": "Chair"},
                           on=ON)  # fmt: skip
    assert "Mateo Inventado Ejemplo" in words(letter)


def test_the_plan_drops_the_press_with_no_press_and_says_no_photos_on_every_public_task():
    case = fictional(limits=["no_press", "no_photos"])
    table = plan(case, assess(case, ON), ON, lang="es")
    assert "press" not in set(table["task"])
    public = table[table["public"]]
    assert len(public) >= 3
    assert all("fotos" in note for note in public["note"])
    assert not any("fotos" in note for note in table[~table["public"]]["note"])


def test_withdrawing_takes_every_public_task_and_the_congressional_inquiry_away():
    case = fictional()
    before = set(plan(case, assess(case, ON), ON)["task"])
    assert PUBLIC_TASKS & before and "congressional_inquiry" in before
    after_case = withdraw(case, ON)
    assert is_withdrawn(after_case) and not is_withdrawn(case)
    assessment = assess(after_case, ON)
    table = plan(after_case, assessment, ON)
    assert not table["public"].any()
    assert not PUBLIC_TASKS & set(table["task"]) and "congressional_inquiry" not in set(
        table["task"]
    )
    assert "consent_talk" not in set(table["task"])  # no talk to press a "no"
    assert not assessment.has("public_campaign") and not assessment.has("congressional_inquiry")
    flag = next(f for f in assessment.flags if f.id == "needs_consent")
    assert "2026-12-02" in flag.why["en"] and "retiró" in flag.why["es"]
    with pytest.raises(Exception) as err:
        render_letter("mass_personal", after_case, SUPPORTER, on=ON)
    assert "consent.public_campaign" in str(getattr(err.value, "fields", ""))


def test_the_visibility_cautions_come_from_the_legal_data_with_their_confidence():
    from ddkit.law import developments
    from ddkit.law.apply import place_of

    case = fictional(public_campaign=False)
    found = visibility_cautions(case, ON)
    shipped = [
        (d, e)
        for d in developments()
        for e in d.effects
        if e.kind == "caution" and e.caution == "public_campaign" and d.in_force_on(ON)
    ]
    assert shipped  # the law data holds the caution about visibility
    assert place_of(case).state == "TX"
    for development, effect in shipped:
        for lang in LANGS:
            word = t(f"law.confidence.{development.confidence}", lang)
            assert any(effect.text(lang) in c[lang] and f"({word})" in c[lang] for c in found)
    assert all(set(c) == set(LANGS) for c in found)
