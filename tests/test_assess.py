"""assess(): each check, ranks, deadlines and the honest wording."""

import json
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.case import parse_case
from ddkit.i18n import LANGS, catalog

ON = date(2026, 12, 1)


def case(**sections):
    sections.setdefault("person", {"name": "Ana Ficticia"})
    return parse_case(sections)


def ids(result):
    return [i.id for i in result.interventions]


def test_a_legal_referral_comes_first_always():
    result = assess(case(), on=ON)
    assert ids(result) == ["legal_referral"]
    assert result.interventions[0].rank == 1


def test_detention_opens_a_release_request_and_a_field_office_request():
    result = assess(case(custody={"detained": True}), on=ON)
    assert {"release_request", "pd_request"} <= set(ids(result))


def test_a_stay_is_due_by_the_earliest_of_removal_and_check_in():
    result = assess(
        case(
            proceedings={
                "stage": "final_order",
                "removal_date": "2027-01-20",
                "under_supervision": True,
                "next_check_in": "2027-01-05",
            }
        ),
        on=ON,
    )
    assert result.intervention("stay_of_removal").deadline == date(2027, 1, 5)
    assert result.intervention("check_in_accompaniment").deadline == date(2027, 1, 5)
    assert not result.has("urgent")


def test_dates_within_fourteen_days_are_urgent_and_ranked_by_deadline():
    result = assess(
        case(proceedings={"stage": "in_proceedings", "next_hearing": "2026-12-15"}), on=ON
    )
    assert result.has("urgent")
    assert ids(result)[:2] == ["legal_referral", "court_support"]
    later = assess(
        case(proceedings={"stage": "in_proceedings", "next_hearing": "2026-12-16"}), on=ON
    )
    assert not later.has("urgent")


def test_family_preparedness_needs_children_or_caregiving_and_a_risk():
    at_risk = {"stage": "in_proceedings"}
    assert assess(case(proceedings=at_risk, equities={"us_citizen_children": 1}), on=ON).has(
        "family_preparedness"
    )
    assert not assess(case(equities={"us_citizen_children": 1}), on=ON).has("family_preparedness")
    assert not assess(case(proceedings=at_risk), on=ON).has("family_preparedness")


def test_court_stage_discretion_carries_the_2025_caution_today_only():
    court = case(proceedings={"stage": "in_proceedings"})
    today = assess(court, on=ON).intervention("opla_pd_request")
    assert any("expedited removal" in c["en"] for c in today.cautions)
    in_2024 = assess(court, on=date(2024, 6, 1)).intervention("opla_pd_request")
    assert in_2024.cautions == ()


def test_nothing_public_without_consent():
    detained = {"detained": True}
    none = assess(case(custody=detained), on=ON)
    assert not none.has("public_campaign") and not none.has("congressional_inquiry")
    assert none.has("needs_consent")
    both = assess(
        case(custody=detained, consent={"public_campaign": True, "congressional_contact": True}),
        on=ON,
    )
    assert both.has("public_campaign") and both.has("congressional_inquiry")
    assert not both.has("needs_consent")


def test_consent_alone_opens_nothing_public_when_no_one_is_acting_on_the_case():
    result = assess(case(consent={"public_campaign": True}), on=ON)
    assert not result.has("public_campaign") and not result.has("needs_consent")


@pytest.mark.parametrize(
    "history",
    [
        {"criminal_history": [{"offense": "x", "disposition": "pending"}]},
        {"criminal_history": [{"offense": "x", "disposition": "convicted"}]},
        {"proceedings": {"prior_removals": 1}},
    ],
)
def test_convictions_charges_and_prior_removals_call_for_attorney_review(history):
    assert assess(case(**history), on=ON).has("attorney_review")


def test_dismissed_charges_do_not_call_for_attorney_review():
    dismissed = {"criminal_history": [{"offense": "x", "disposition": "dismissed"}]}
    assert not assess(case(**dismissed), on=ON).has("attorney_review")


def test_expedited_removal_risk_only_under_todays_framework():
    recent = case(person={"name": "Ana Ficticia", "entry_date": "2025-06-01"})
    assert assess(recent, on=ON).has("expedited_removal_risk")
    assert not assess(recent, on=date(2027, 6, 2)).has("expedited_removal_risk")
    paroled = case(person={"name": "Ana Ficticia", "entry_manner": "parole"})
    assert assess(paroled, on=ON).has("expedited_removal_risk")
    in_2024 = assess(paroled, on=date(2024, 6, 1), policy="mayorkas-2021")
    assert not in_2024.has("expedited_removal_risk")


def test_an_explicit_policy_not_in_force_is_flagged():
    result = assess(case(), on=ON, policy="mayorkas-2021")
    assert result.policy.id == "mayorkas-2021" and not result.in_force
    assert result.has("policy_not_in_force")


def test_border_security_priority_after_november_2020_only():
    def entered(day):
        person = {"name": "Ana Ficticia", "entry_date": day, "entry_manner": "without_inspection"}
        return assess(case(person=person), on=date(2024, 1, 10)).priority

    assert entered("2020-11-02") == "border_security"
    assert entered("2020-11-01") is None


def test_json_shape_is_the_documented_one():
    data = assess(case(custody={"detained": True}), on=ON).to_dict("es")
    json.dumps(data)  # serializable
    assert set(data) >= {"on", "policy", "interventions", "flags", "priority", "factors"}
    assert set(data["policy"]) >= {"id", "title", "in_force", "sources"}
    item = data["interventions"][0]
    assert set(item) >= {"id", "rank", "deadline", "why"}
    assert all(isinstance(w, str) and w for w in item["why"])
    assert "consulta" in item["why"][0].lower()


def test_the_kit_never_promises_an_outcome():
    banned = {"en": ["is eligible", "are eligible", "will win", "guarantee"],
              "es": ["es elegible", "va a ganar", "garantiza"]}  # fmt: skip
    for lang in LANGS:
        for key, text in catalog(lang).items():
            for phrase in banned[lang]:
                assert phrase not in text.lower(), (lang, key)
