"""Property tests of the law in the assessment: any valid case, any date, never a crash.

Either the assessment warns that the law may be outdated, or its date is within the review
window of the legal data; an unknown or unmapped state never breaks it.
"""

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddkit.assess import assess
from ddkit.case import US_STATES, parse_case
from ddkit.law import circuit_of, review

states = st.one_of(st.none(), st.sampled_from([*US_STATES, "AS"]))
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
optional_days = st.one_of(st.none(), days)
choice = st.sampled_from

records = st.fixed_dictionaries(
    {"offense": st.just("Fictional offense")},
    optional={
        "disposition": choice(["convicted", "pending", "dismissed", "vacated", "arrested_only"]),
        "category": choice(["theft", "burglary", "larceny", "shoplifting", "assault_on_officer",
                            "death_or_serious_injury", "other"]),
        "severity": choice(["infraction", "misdemeanor", "felony"]),
        "weapon": st.booleans(),
        "date": optional_days.map(lambda d: d and d.isoformat()),
    },
)  # fmt: skip

cases = st.fixed_dictionaries(
    {
        "person": st.fixed_dictionaries(
            {"name": st.just("Ana Ficticia")},
            optional={
                "entry_manner": choice(["inspected", "without_inspection", "parole", "unknown"]),
                "entry_date": optional_days.map(lambda d: d and d.isoformat()),
                "presence_proof_since": optional_days.map(lambda d: d and d.isoformat()),
                "state": states,
                "country_of_birth": choice(["Honduras", "Haití", "Mexico", "Venezuela", "Somalia"]),
            },
        ),
        "custody": st.fixed_dictionaries(
            {"detained": st.booleans()},
            optional={"state": states, "detained_since": optional_days.map(lambda d: d and str(d))},
        ),
        "proceedings": st.fixed_dictionaries(
            {"stage": choice(["none", "in_proceedings", "final_order"])},
            optional={
                "order_in_absentia": st.booleans(),
                "protection_granted": choice(["withholding", "cat", "none"]),
                "removal_country": choice(["Mexico", "Honduras", "Haiti"]),
                "pending_relief": st.lists(choice(["asylum", "tps", "u_visa"]), max_size=2),
                "under_supervision": st.booleans(),
            },
        ),
        "immigration": st.fixed_dictionaries(
            {}, optional={"tps_country": choice(["Honduras", "Haiti", "El Salvador", "Yemen"])}
        ),
        "consent": st.fixed_dictionaries(
            {"public_campaign": st.booleans(), "congressional_contact": st.booleans()}
        ),
        "criminal_history": st.lists(records, max_size=2),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=cases, on=days)
def test_any_case_on_any_day_warns_when_the_law_data_is_stale(data, on):
    result = assess(parse_case(data), on=on)
    checked = review()
    stale = on > checked.reviewed + timedelta(days=checked.stale_after_days)
    assert result.has("law_may_be_outdated") is stale
    assert result.law_reviewed == checked.reviewed
    payload = json.loads(json.dumps(result.to_dict("es")))
    assert payload["law_reviewed"] == checked.reviewed.isoformat()
    assert set(payload["jurisdiction"]) == {"state", "circuit"}
    place = data["custody"] if data["custody"]["detained"] else data["person"]
    assert payload["jurisdiction"]["circuit"] == circuit_of(place.get("state"))


@given(st.one_of(st.none(), st.text(max_size=6), st.integers()))
def test_circuit_of_never_raises(value):
    assert circuit_of(value) in (None, *map(str, range(1, 12)), "dc")
