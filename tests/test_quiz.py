"""Check-my-answer exercises and the workshop widgets, driven like a learner would."""

from datetime import date

import pytest

from ddkit.quiz import check_interventions
from ddkit.workshop import practice_case, timeline_chart, timeline_frame

ON = date(2026, 12, 1)


def test_a_complete_answer_is_right(practice_cases):
    from ddkit.assess import assess

    case = practice_cases["09_worried_neighbor"]
    picked = [i.id for i in assess(case, on=ON).interventions]
    assert check_interventions(case, picked, on=ON).correct


def test_feedback_names_what_was_missed_and_what_does_not_apply_and_why(practice_cases):
    case = practice_cases["02_final_order_mother"]
    result = check_interventions(case, ["legal_referral", "release_request"], on=ON, lang="es")
    assert not result.correct
    assert [i for i, _ in result.wrong] == ["release_request"]
    assert "no está detenida" in result.wrong[0][1]
    assert "stay_of_removal" in [i for i, _ in result.missed]
    assert result.lines("es")[0].startswith("Casi")


def test_unknown_ids_are_refused():
    with pytest.raises(ValueError, match="unknown intervention ids: fly_away"):
        check_interventions(practice_case("09_worried_neighbor"), ["fly_away"], on=ON)


def test_the_timeline_table_and_chart_are_built_in_both_languages():
    assert list(timeline_frame("es").columns) == ["Fecha", "Qué pasó", "Fuente"]
    fig = timeline_chart("en", until=ON)
    assert fig.axes and fig.axes[0].get_title().startswith("When each")


def test_the_exercise_widget_checks_an_answer_when_clicked():
    from ddkit.ui.workshop import what_would_you_do

    box = what_would_you_do("01_detained_father", lang="en", on=ON)
    checkboxes = [w for w in box.children if hasattr(w, "indent")]
    button = next(w for w in box.children if w.__class__.__name__ == "Button")
    checkboxes[0].value = True  # legal referral only
    button.click()
    assert "Not quite" in box.children[-1].value and "Missed" in box.children[-1].value


def test_the_policy_explorer_follows_the_date():
    from ddkit.ui.workshop import policy_explorer

    box = policy_explorer("en", on=date(2024, 1, 1))
    (picker, _place), _law, shown = box.children[0].children, *box.children[1:]
    assert "applies mayorkas-2021" in shown.value
    picker.value = date(2026, 1, 1)
    assert "applies enforcement-2025" in shown.value


def test_the_assessment_view_escapes_and_shows_the_case():
    from ddkit.ui.workshop import assessment_view

    box = assessment_view("es", on=ON)
    assert "Consulta legal" in box.children[-1].value
