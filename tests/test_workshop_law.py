"""Module 01 and the law of 2025-26: the explorer by date and state, and the Texas / New York
exercise, whose answer is the assessment's own output.

Every person here is fictional (the practice cases in ``notebooks/practice_cases``).
"""

from __future__ import annotations

import html
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.law import developments, in_force, reviewed
from ddkit.workshop_law import (
    developments_frame,
    law_in_force,
    law_lines,
    moved_to,
    place_differences,
)

ON = date(2026, 12, 1)


def shown(widget) -> str:
    """The text a text block shows on screen (the widget holds it escaped)."""
    return html.unescape(widget.value)


def titles(on: date, state: str | None) -> list[str]:
    return [d.title("en") for d in in_force(on, state=state)]


def development(development_id: str):
    return next(d for d in developments() if d.id == development_id)


# ------------------------------------------------------------------ the explorer


def test_the_explorer_lists_the_law_in_force_in_the_state_picked():
    from ddkit.ui.workshop import policy_explorer

    box = policy_explorer("en", on=ON, state="TX")
    (_picker, place), law, policies = box.children[0].children, *box.children[1:]
    fifth = development("ca5-buenrostro-mendez")
    assert f"{fifth.title('en')} [confirmed]" in shown(law)
    assert fifth.sources[0].url in shown(law)
    assert f"Legal data reviewed on {reviewed().isoformat()}." in shown(law)
    assert "applies enforcement-2025" in shown(policies)

    place.value = "NY"
    assert fifth.title("en") not in shown(law)
    assert development("ca2-cunha-v-freden").title("en") in shown(law)


def test_the_explorer_follows_the_date():
    from ddkit.ui.workshop import policy_explorer

    box = policy_explorer("es", on=ON, state="TX")
    (picker, _place), law, policies = box.children[0].children, *box.children[1:]
    yajure = development("bia-yajure-hurtado")
    assert yajure.title("es") in shown(law)
    picker.value = date(2025, 8, 1)  # before Yajure Hurtado (2025-09-05)
    assert yajure.title("es") not in shown(law)
    assert development("bia-q-li").title("es") in shown(law)
    picker.value = date(2024, 1, 1)
    assert "aplica mayorkas-2021" in shown(policies)


@pytest.mark.parametrize(
    ("on", "state"),
    [(ON, "TX"), (ON, "NY"), (ON, "MN"), (date(2025, 8, 1), "TX"), (ON, None), (ON, "AS")],
)
def test_the_explorer_shows_exactly_the_list_the_law_data_gives(on, state):
    """The same list as ``ddkit law --on DATE --state XX``: every development, nothing else."""
    text = "\n".join(law_lines(on, state, "en"))
    every = [d.title("en") for d in developments()]
    listed = [title for title in every if f"- {title} [" in text]
    assert listed == titles(on, state)
    assert f": {len(listed)} legal developments" in text


@pytest.mark.parametrize(
    ("on", "state"), [(ON, "TX"), (ON, "NY"), (date(2025, 8, 1), "LA"), (ON, None), (ON, "AS")]
)
def test_the_explorer_and_ddkit_law_list_the_same_developments(capsys, on, state):
    import json

    from ddkit.cli import main

    argv = ["law", "--on", on.isoformat(), "--format", "json"]
    assert main(argv + (["--state", state] if state else [])) == 0
    from_the_shell = [d["id"] for d in json.loads(capsys.readouterr().out)["developments"]]
    assert from_the_shell == [d.id for d in law_in_force(on, state)]


def test_with_the_place_unknown_the_circuit_rulings_depend_on_where_the_person_is_held():
    text = "\n".join(law_lines(ON, None, "en"))
    block = text.split(development("ca5-buenrostro-mendez").title("en"))[1].split("\n- ")[0]
    assert "Depends on where the person is held" in block
    national = text.split(development("laken-riley-act").title("en"))[1].split("\n- ")[0]
    assert "Depends on where" not in national


def test_long_after_the_review_the_explorer_warns_that_the_law_may_have_changed():
    assert "may have changed" in law_lines(date(2027, 6, 1), "TX", "en")[1]
    assert not any("may have changed" in line for line in law_lines(ON, "TX", "en"))


def test_an_unknown_state_code_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="unknown state code 'XX'"):
        law_lines(ON, "XX")


def test_the_developments_table_lists_every_development_with_its_confidence_word():
    frame = developments_frame("es", on=date(2025, 8, 1))
    assert len(frame) == len(developments())
    assert list(frame.columns)[-2:] == ["Qué tan seguro", "Vigente el 2025-08-01"]
    assert set(frame["Qué tan seguro"]) <= {"confirmado", "reportado", "sin verificar"}
    row = frame[frame["Qué pasó"] == development("ca5-buenrostro-mendez").title("es")]
    assert row["Vigente el 2025-08-01"].item() == "no"


# ------------------------------------------------------------------ the same case elsewhere


def test_moving_a_detained_person_changes_only_where_they_are_held(practice_cases):
    mateo = practice_cases["01_detained_father"]
    moved = moved_to(mateo, "ny")
    assert (moved.custody.state, moved.custody.county) == ("NY", None)
    assert moved.person == mateo.person and moved.proceedings == mateo.proceedings


def test_moving_a_person_who_is_not_detained_changes_their_home_state(practice_cases):
    moved = moved_to(practice_cases["17_tps_ended_honduras"], "NY")
    assert moved.person.state == "NY" and moved.person.zip is None
    assert not moved.custody.detained


def test_the_texas_and_new_york_answer_is_what_the_assessment_says(practice_cases):
    mateo = practice_cases["01_detained_father"]
    texas, new_york = (assess(moved_to(mateo, s), on=ON) for s in ("TX", "NY"))
    lines = place_differences(mateo, ["TX", "NY"], ON, "en")
    text = "\n".join(lines)
    only_tx, only_ny = text.split("Only in TX")[1].split("Only in NY")
    assert texas.flag("no_bond_risk") and not new_york.flag("no_bond_risk")
    assert texas.flag("no_bond_risk").why["en"] in only_tx
    assert "no_bond_risk" not in only_ny and "No bond hearing" not in only_ny
    tx_reasons = {m["en"] for m in texas.intervention("release_request").why}
    ny_reasons = {m["en"] for m in new_york.intervention("release_request").why}
    assert tx_reasons - ny_reasons and ny_reasons - tx_reasons
    assert all(reason in only_tx for reason in tx_reasons - ny_reasons)
    assert all(reason in only_ny for reason in ny_reasons - tx_reasons)
    assert any("habeas" in reason for reason in tx_reasons - ny_reasons)
    campaign_waits = texas.intervention("public_campaign").after_attorney
    assert campaign_waits and not new_york.intervention("public_campaign").after_attorney
    assert "Public campaign: Only after the attorney agrees." in only_tx


def test_what_is_the_same_in_both_states_is_counted_not_repeated(practice_cases):
    mateo = practice_cases["01_detained_father"]
    text = "\n".join(place_differences(mateo, ["TX", "NY"], ON, "en"))
    legal_consult = assess(mateo, on=ON).intervention("legal_referral").why[0]["en"]
    assert legal_consult not in text
    assert "is the same in every place" in text.splitlines()[-1]


def test_a_case_the_place_does_not_change_says_so(practice_cases):
    lines = place_differences(practice_cases["09_worried_neighbor"], ["TX", "NY"], ON, "es")
    assert lines.count("  Nada que no digan también los otros lugares.") == 2


def test_comparing_needs_two_known_states(practice_cases):
    with pytest.raises(ValueError, match="at least two"):
        place_differences(practice_cases["01_detained_father"], ["TX"], ON)


def test_the_module_01_solution_runs_the_comparison_and_is_tagged_solution():
    import yaml

    from ddkit.devtools import SRC

    cells = yaml.safe_load((SRC / "01_understand_the_policy.yaml").read_text(encoding="utf-8"))
    (cell,) = [c for c in cells if "place_differences" in c.get("code", "")]
    assert cell["tags"] == ["solution"]
    assert '["TX", "NY"]' in cell["code"] and "01_detained_father" in cell["code"]


# ------------------------------------------------------------------ what would you do?


def test_a_step_that_waits_for_the_attorney_says_so_in_the_feedback(practice_cases):
    from ddkit.quiz import check_interventions

    mateo = practice_cases["01_detained_father"]
    result = check_interventions(mateo, ["public_campaign"], on=ON, lang="es")
    (why,) = [why for item, why in result.right if item == "public_campaign"]
    assert why.endswith("Solo cuando el abogado esté de acuerdo.")


def test_a_territory_without_a_circuit_says_so_instead_of_guessing():
    from ddkit.workshop_law import place_name

    assert place_name("AS", "en") == "AS (no federal circuit of its own)"
    assert any("ask the attorney" in line for line in law_lines(ON, "AS", "en")[:5])
