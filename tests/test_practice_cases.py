"""The practice cases and what `ddkit assess` should say about each (expected.yaml)."""

from datetime import date

import pytest
import yaml

from ddkit.assess import FLAGS, INTERVENTIONS, assess
from ddkit.case import load_case

from .conftest import PRACTICE_DIR, practice_case_files

EXPECTED = yaml.safe_load((PRACTICE_DIR / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", EXPECTED, ids=[e["name"] for e in EXPECTED])
def test_practice_case(entry):
    case = load_case(PRACTICE_DIR / entry["case"])
    result = assess(case, on=entry["on"], policy=entry.get("policy")).to_dict("en")
    expect = entry["expect"]
    assert result["policy"]["id"] == expect["policy"]
    assert result["policy"]["in_force"] is expect["in_force"]
    assert [i["id"] for i in result["interventions"]] == expect["interventions"]
    deadlines = {i["id"]: i["deadline"] for i in result["interventions"] if i["deadline"]}
    assert deadlines == {k: v.isoformat() for k, v in expect["deadlines"].items()}
    assert set(f["id"] for f in result["flags"]) == set(expect["flags"])
    assert result["priority"] == expect["priority"]
    for kind in ("aggravating", "mitigating"):
        assert set(result["factors"][kind]) == set(expect["factors"][kind])


def test_there_are_at_least_ten_fictional_practice_cases(practice_cases):
    assert len(practice_cases) >= 10
    assert all(case.fictional for case in practice_cases.values())
    assert all(case.person.a_number in (None,) or case.person.a_number.startswith("A000")
               for case in practice_cases.values())  # fmt: skip


def test_the_table_covers_every_intervention_and_flag():
    seen_interventions = {i for e in EXPECTED for i in e["expect"]["interventions"]}
    seen_flags = {f for e in EXPECTED for f in e["expect"]["flags"]}
    assert seen_interventions == set(INTERVENTIONS)
    assert seen_flags == set(FLAGS)
    assert {e["case"] for e in EXPECTED} == {p.name for p in practice_case_files()}


def test_the_cases_cover_every_decision_point_of_the_domain_brief(practice_cases):
    """DOMAIN.md section 4: each row of the table has at least one practice case."""
    cases = practice_cases.values()
    rows = {
        "detained": lambda c: c.custody.detained,
        "final order": lambda c: c.proceedings.stage == "final_order",
        "supervision and check-ins": lambda c: c.proceedings.under_supervision,
        "in proceedings": lambda c: c.proceedings.stage == "in_proceedings",
        "pending relief": lambda c: bool(c.proceedings.pending_relief),
        "criminal history": lambda c: bool(c.criminal_history),
        "prior removal": lambda c: c.proceedings.prior_removals > 0,
        "recent or parole": lambda c: (
            c.person.entry_manner == "parole"
            or (c.person.entry_date or date.min) > date(2024, 12, 1)
        ),
        "consents to going public": lambda c: c.consent.public_campaign,
    }
    for row, test in rows.items():
        assert any(test(c) for c in cases), row
