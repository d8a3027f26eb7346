"""The practice cases and what `ddkit assess` should say about each (answers/expected.yaml).

Each entry is named in a sentence. Besides interventions, flags and factors it may say which
legal developments apply (``applies``) and which do not (``does_not_apply``), which steps come
only after the attorney agrees, the federal circuit, and words the advice must contain
(``says``). ``with`` changes fields of the case file for that entry only ("the same case in
New York"), so one file can show where and when a development holds.
"""

from datetime import date

import pytest
import yaml

from ddkit import yamlio
from ddkit.assess import FLAGS, INTERVENTIONS, assess
from ddkit.case import load_case, parse_case
from ddkit.law import developments

from .conftest import PRACTICE_DIR, practice_case_files

EXPECTED = yaml.safe_load((PRACTICE_DIR / "answers" / "expected.yaml").read_text(encoding="utf-8"))


def _case(entry):
    path = PRACTICE_DIR / entry["case"]
    if not entry.get("with"):
        return load_case(path)
    data = yamlio.load(path.read_text(encoding="utf-8"))
    for dotted, value in entry["with"].items():
        *parents, last = dotted.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        node[int(last) if isinstance(node, list) else last] = value
    return parse_case(data, entry["case"])


def _said(result, item_id):
    item = result.intervention(item_id)
    if item is not None:
        return " ".join(m["en"] for m in (*item.why, *item.cautions))
    return result.flag(item_id).why["en"]


@pytest.mark.parametrize("entry", EXPECTED, ids=[e["name"] for e in EXPECTED])
def test_practice_case(entry):
    case = _case(entry)
    assessed = assess(case, on=entry["on"], policy=entry.get("policy"))
    result = assessed.to_dict("en")
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
    applied = {d["id"] for d in result["developments"]}
    assert set(expect.get("applies", ())) <= applied
    assert not set(expect.get("does_not_apply", ())) & applied
    depends = {d["id"] for d in result["depends_on_place"]}
    assert set(expect.get("depends_on_place", ())) <= depends
    later = [i["id"] for i in result["interventions"] if i["after_attorney"]]
    assert later == expect.get("after_attorney", [])
    if "circuit" in expect:
        assert result["jurisdiction"]["circuit"] == expect["circuit"]
    for item_id, phrases in expect.get("says", {}).items():
        text = _said(assessed, item_id)
        for phrase in phrases:
            assert phrase in text, (item_id, phrase)


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


def test_every_development_has_a_case_where_it_applies_and_one_where_it_does_not():
    """A new development is one YAML file plus its expected cases here: nothing else."""
    applies = {d for e in EXPECTED for d in e["expect"].get("applies", ())}
    applies |= {d for e in EXPECTED for d in e["expect"].get("depends_on_place", ())}
    not_applies = {d for e in EXPECTED for d in e["expect"].get("does_not_apply", ())}
    shipped = {d.id for d in developments()}
    assert shipped - applies == set(), "developments without a case where they apply"
    assert shipped - not_applies == set(), "developments without a case where they do not apply"
    assert (applies | not_applies) <= shipped, "expected.yaml names an unknown development"


def test_there_is_a_time_travel_pair():
    pairs = {}
    for e in EXPECTED:
        if not e.get("with") and not e.get("policy"):
            pairs.setdefault(e["case"], set()).add(e["on"])
    assert any({date(2025, 8, 1), date(2026, 12, 1)} <= days for days in pairs.values())


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
