"""The legal developments in the assessment: place, flags, changed interventions, output."""

import json
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.case import parse_case
from ddkit.law import changed_since, developments, in_force, reviewed
from ddkit.report import assessment_markdown, assessment_text

ON = date(2026, 12, 1)
EWI_DETAINED = {
    "person": {"name": "Ana Ficticia", "entry_manner": "without_inspection",
               "entry_date": "2009-06-01"},
    "custody": {"detained": True, "state": "TX"},
}  # fmt: skip


def case(**sections):
    data = {key: dict(value) for key, value in EWI_DETAINED.items()}
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return parse_case(data)


def test_detained_in_texas_after_entering_without_inspection_means_no_bond_and_habeas():
    result = assess(case(), on=ON)
    flag = result.flag("no_bond_risk")
    assert "Fifth Circuit" in flag.why["en"] and "Quinto Circuito" in flag.why["es"]
    assert reviewed().isoformat() in flag.why["en"]
    release = " ".join(m["en"] for m in result.intervention("release_request").why)
    assert "habeas" in release and "Buenrostro-Mendez" in release
    assert result.jurisdiction.state == "TX" and result.jurisdiction.circuit == "5"


def test_the_same_person_held_in_new_york_gets_no_no_bond_flag():
    result = assess(case(custody={"state": "NY"}), on=ON)
    assert not result.has("no_bond_risk")
    assert result.applied("ca2-cunha-v-freden")
    assert not result.applied("bia-yajure-hurtado")  # its flag was lifted: it changed nothing
    release = " ".join(m["en"] for m in result.intervention("release_request").why)
    assert "bond hearing" in release and "habeas corpus" not in release


def test_inspected_entry_gets_no_no_bond_flag_anywhere():
    for state in ("TX", "NY", None):
        inspected = case(person={"entry_manner": "inspected"}, custody={"state": state})
        assert not assess(inspected, on=ON).has("no_bond_risk"), state


def test_an_unknown_place_never_guesses_a_circuit():
    result = assess(case(custody={"state": None}), on=ON)
    assert result.jurisdiction.circuit is None
    assert "depends on where the person is held" in result.flag("no_bond_risk").why["en"]
    depends = {d.id for d in result.depends_on_place}
    assert {"ca5-buenrostro-mendez", "ca2-cunha-v-freden"} <= depends
    text = assessment_markdown(result)
    assert "## Depends on where the person is held: ask the attorney." in text


def test_american_samoa_has_no_circuit_and_is_treated_as_unknown():
    result = assess(case(custody={"state": "AS"}), on=ON)
    assert result.jurisdiction.state == "AS" and result.jurisdiction.circuit is None
    assert "depends on where" in result.flag("no_bond_risk").why["en"]


def test_not_detained_the_home_state_decides_the_circuit():
    home = parse_case({"person": {"name": "Ana Ficticia", "state": "NY"},
                       "custody": {"detained": False, "state": "TX"}})  # fmt: skip
    assert assess(home, on=ON).jurisdiction.circuit == "2"


def test_release_requests_always_say_act_fast_and_never_sign_without_the_attorney():
    result = assess(parse_case({"person": {"name": "Ana"}, "custody": {"detained": True}}), on=ON)
    cautions = " ".join(c["en"] for c in result.intervention("release_request").cautions)
    assert "transfer" in cautions and "voluntary departure" in cautions


@pytest.mark.parametrize("disposition", ["dismissed", "arrested_only", "vacated", "convicted"])
def test_a_laken_riley_arrest_raises_mandatory_detention_whatever_its_outcome(disposition):
    record = {"offense": "Shoplifting", "category": "shoplifting", "disposition": disposition}
    result = assess(case(criminal_history=[record]), on=ON)
    assert result.has("mandatory_detention_risk") and result.has("attorney_review")


def test_a_public_campaign_waits_for_the_attorney_and_ranks_after_the_legal_steps():
    consent = {"public_campaign": True, "congressional_contact": True}
    risky = assess(case(consent=consent), on=ON)
    campaign = risky.intervention("public_campaign")
    assert campaign.after_attorney and campaign.rank == len(risky.interventions)
    assert any("visible" in c["en"] for c in campaign.cautions)
    assert "(only after the attorney agrees)" in assessment_text(risky)
    calm = assess(
        parse_case({"person": {"name": "Ana", "entry_manner": "inspected"},
                    "proceedings": {"stage": "in_proceedings"}, "consent": consent}),
        on=ON,
    )  # fmt: skip
    assert not calm.intervention("public_campaign").after_attorney
    assert any("visible" in c["en"] for c in calm.intervention("public_campaign").cautions)


def test_after_attorney_steps_go_after_earlier_deadlines_too():
    consent = {"public_campaign": True}
    result = assess(case(consent=consent, proceedings={"stage": "in_proceedings",
                                                        "next_hearing": "2026-12-05"}), on=ON)  # fmt: skip
    assert [i.id for i in result.interventions][-1] == "public_campaign"


def test_a_terminated_tps_is_not_pending_relief():
    tps = parse_case({"person": {"name": "Ana"}, "proceedings": {"stage": "in_proceedings",
                      "pending_relief": ["tps"]}, "immigration": {"tps_country": "honduras"}})  # fmt: skip
    now = assess(tps, on=ON)
    assert "relief_pending" not in now.factors["mitigating"]
    assert not any("pending or possible relief" in m["en"]
                   for m in now.intervention("letters_of_support").why)  # fmt: skip
    before = assess(tps, on=date(2025, 6, 1))
    assert "relief_pending" in before.factors["mitigating"]


def test_the_stay_of_removal_states_the_i246_facts_with_their_confidence():
    order = parse_case({"person": {"name": "Ana"}, "proceedings": {"stage": "final_order"}})
    stay = assess(order, on=ON).intervention("stay_of_removal")
    why = " ".join(m["en"] for m in stay.why)
    assert "$155" in why and "does not stop removal" in why and "(confirmed)" in why
    assert "(reported)" in why  # "does not stop removal" rests on one secondary source
    assert any("$755" in c["en"] for c in stay.cautions)
    assert "Ask the attorney about a motion to reopen" not in why
    absentia = parse_case({"person": {"name": "Ana"},
                           "proceedings": {"stage": "final_order", "order_in_absentia": True}})  # fmt: skip
    assert "Ask the attorney about a motion to reopen" in " ".join(
        m["en"] for m in assess(absentia, on=ON).intervention("stay_of_removal").why
    )


def test_the_json_carries_the_review_date_the_place_and_the_developments():
    data = json.loads(json.dumps(assess(case(), on=ON).to_dict("es")))
    assert data["law_reviewed"] == "2026-12-02"
    assert data["jurisdiction"] == {"state": "TX", "circuit": "5"}
    item = next(d for d in data["developments"] if d["id"] == "ca5-buenrostro-mendez")
    assert item["confidence"] == "confirmed" and item["sources"]
    assert set(item["touched"]) == {"no_bond_risk", "release_request"}
    assert set(item) >= {"id", "title", "confidence", "sources", "touched"}
    assert "Circuito" in item["title"]  # in Spanish
    assert all("after_attorney" in i for i in data["interventions"])


def test_developments_that_change_nothing_are_not_listed():
    result = assess(case(), on=ON)  # no consent: the visibility caution has nothing to touch
    assert not result.applied("visibility-public-campaigners")
    assert all(a.touched for a in result.developments)


@pytest.mark.parametrize("render", [assessment_text, assessment_markdown])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_report_states_the_review_date_and_each_development_with_its_confidence(render, lang):
    text = render(assess(case(), on=ON), lang)
    assert "2026-12-02" in text
    assert ("[confirmed," if lang == "en" else "[confirmado,") in text
    assert "Buenrostro-Mendez" in text


def test_on_2027_06_01_the_assessment_warns_that_the_law_may_be_outdated():
    result = assess(case(), on=date(2027, 6, 1))
    assert result.has("law_may_be_outdated")
    assert "2026-12-02" in result.flag("law_may_be_outdated").why["en"]
    assert not assess(case(), on=date(2027, 3, 2)).has("law_may_be_outdated")
    assert assess(case(), on=date(2027, 3, 3)).has("law_may_be_outdated")


# ------------------------------------------------------------------ the data itself


def test_every_shipped_development_is_sourced_and_bilingual():
    shipped = developments()
    assert len(shipped) >= 14
    for d in shipped:
        assert d.sources and all(s.url.startswith("https://") for s in d.sources), d.id
        assert all(s.accessed <= reviewed() for s in d.sources), d.id
        assert d.title("en") != d.title("es") and d.summary("en") != d.summary("es"), d.id
        assert d.date <= reviewed(), d.id


def test_in_force_lists_the_developments_of_a_place_and_a_day():
    texas = {d.id for d in in_force(ON, state="TX")}
    new_york = {d.id for d in in_force(ON, state="NY")}
    assert "ca5-buenrostro-mendez" in texas and "ca5-buenrostro-mendez" not in new_york
    assert "ca2-cunha-v-freden" in new_york and "laken-riley-act" in texas & new_york
    assert "bia-yajure-hurtado" not in {d.id for d in in_force(date(2025, 8, 1), state="TX")}
    anywhere = {d.id for d in in_force(ON)}
    assert texas | new_york <= anywhere


def test_the_expedited_removal_extension_was_not_in_force_while_it_was_stayed():
    ids = lambda day: {d.id for d in in_force(day)}  # noqa: E731
    assert "expedited-removal-nationwide" in ids(date(2025, 8, 28))
    assert "expedited-removal-nationwide" not in ids(date(2025, 8, 29))
    assert "expedited-removal-nationwide" in ids(date(2026, 6, 23))


def test_what_changed_since_a_workshop_lists_only_later_changes():
    since = {d.id for d in changed_since(date(2026, 6, 1))}
    assert {"ca5-bond-hearing-after-90-days", "expedited-removal-nationwide"} <= since
    assert "laken-riley-act" not in since


def test_every_development_speaks_the_volunteers_words():
    """What a development file says is shown as is: no dotted paths, ids or placeholders."""
    from .test_ui_words import faults

    for d in developments():
        texts = [d.title, d.summary, *([d.disputed] if d.disputed else [])]
        texts += [e.text for e in d.effects if e.text is not None]
        texts += [i.note for i in d.in_force]
        for text in texts:
            for lang in ("en", "es"):
                filled = text(lang).format(circuit="el Quinto Circuito", state="TX",
                                           reviewed="2026-12-02", on="2026-12-01")  # fmt: skip
                assert faults(filled) == [], (d.id, lang, filled)
        for source in d.sources:
            assert faults(source.title) == [], (d.id, source.title)
