"""The intake wizard without a browser: set values, click Next, Back and Save, check the store.

Every person in these tests is fictional.
"""

from __future__ import annotations

import html
import re

import pytest

from ddkit.case import Case, case_to_dict
from ddkit.i18n import t
from ddkit.store.codes import case_code
from ddkit.ui.intake import REVIEW, IntakeForm
from ddkit.ui.steps import STEP_IDS, STEPS, all_specs
from tests.ui_helpers import (
    FICTIONAL_A_NUMBER,
    FICTIONAL_NAME,
    XSS_PAYLOADS,
    BrokenStore,
    FakeStore,
    fill_person,
    walk_to_review,
)


def mark(path: str, code: str, lang: str = "en", **ctx) -> str:
    """What shows under a question: its label and the reason."""
    from ddkit.ui.fields import field_label

    return t("ui.words.issue", lang, field=field_label(path, lang),
             reason=t(f"errors.{code}", lang, **ctx))  # fmt: skip


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def form(store):
    return IntakeForm(store, lang="en", demo=False)


# ------------------------------------------------------------------ generated from the model


def test_every_question_of_the_model_has_a_widget_on_some_step(form):
    form.build_all()
    asked = set(form.fields)
    expected = {
        f"{section}.{name}"
        for section, info in Case.model_fields.items()
        if isinstance(info.annotation, type) and hasattr(info.annotation, "model_fields")
        for name in info.annotation.model_fields
    }
    assert expected <= asked
    assert {"fictional", "story"} <= asked
    assert form.rows is not None  # criminal history: repeatable rows
    assert "version" not in asked


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_question_is_labelled_in_both_languages(lang):
    form = IntakeForm(FakeStore(), lang=lang, demo=False)
    form.build_all()
    form.rows.add_row()
    for field in form._all_fields():
        label = field.title.value if field.title else field.input.description
        assert label.strip(), field.path
        if field.spec.kind == "choice":
            assert all(name for name, _ in field.input.options)


def test_the_steps_follow_the_issue():
    assert STEP_IDS == (
        "person",
        "custody",
        "proceedings",
        "criminal_history",
        "equities",
        "consent",
        "attorney",
        "review",
    )


# ------------------------------------------------------------------ Next, Back, drafts, save


def test_back_and_next_never_lose_an_answer(form, store):
    fill_person(form)
    form.ui.next.click()
    form.field("custody.detained").input.value = True
    form.field("custody.facility").input.value = "Centro de Ejemplo (fictional)"
    form.ui.next.click()
    form.field("proceedings.stage").input.value = "final_order"
    form.ui.back.click()
    form.ui.back.click()
    assert form.step == 0
    assert form.field("person.name").input.value == FICTIONAL_NAME
    walk_to_review(form)
    assert form.field("custody.facility").input.value == "Centro de Ejemplo (fictional)"
    assert form.field("proceedings.stage").input.value == "final_order"
    data, step = store.drafts[form.draft_id]
    assert step == "review"
    assert data["custody"]["facility"] == "Centro de Ejemplo (fictional)"


def test_a_draft_is_saved_at_every_step_and_after_every_answer(form, store):
    fill_person(form)
    assert store.drafts[form.draft_id][0]["person"]["name"] == FICTIONAL_NAME
    form.ui.next.click()
    assert store.drafts[form.draft_id][1] == "custody"
    form.ui.back.click()
    assert store.drafts[form.draft_id][1] == "person"


def test_save_stores_the_case_and_shows_the_assessment(form, store):
    fill_person(form)
    form.ui.next.click()
    form.field("custody.detained").input.value = True
    walk_to_review(form)
    form.ui.save.click()
    assert len(store.cases) == 1
    ((case_id, case),) = store.cases.items()
    assert case.person.name == FICTIONAL_NAME
    assert case.person.a_number == FICTIONAL_A_NUMBER
    assert case.custody.detained is True
    assert case_code(case_id) in form.ui.status.value and case_id not in form.ui.status.value
    assert form.saved.visible
    summary = html.unescape(form.saved.summary.value)
    assert t("assess.intervention.release_request", "en") in summary
    assert form.draft_id not in store.drafts  # the draft goes once the case is saved


def test_the_zip_code_is_asked_with_why_we_ask_and_saved_as_five_digits(form, store):
    zip_field = form.field("person.zip")
    assert "members of Congress" in zip_field.help.value
    form.ui.language.value = "es"
    assert "miembros del Congreso" in form.field("person.zip").help.value
    form.ui.language.value = "en"
    fill_person(form)
    form.field("person.zip").input.value = "7870"
    form.ui.next.click()
    assert form.step == 0 and form.field("person.zip").error.value == mark("person.zip", "zip")
    form.field("person.zip").input.value = "78704-1234"
    walk_to_review(form)
    form.ui.save.click()
    ((_, case),) = store.cases.items()
    assert case.person.zip == "78704"


def test_saving_twice_makes_one_case(form, store):
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    form.save()  # a second click on a disabled button still arrives
    assert len(store.cases) == 1


def test_changing_an_answer_after_saving_updates_the_same_case(form, store):
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    assert form.ui.save.disabled and form.saved.visible
    (case_id,) = store.cases
    assert case_code(case_id) in form.ui.ids.value and case_id not in form.ui.ids.value
    form.go_to("person")
    form.field("person.country_of_birth").input.value = "Ejemplia"
    assert not form.saved.visible
    form.go_to("review")
    assert not form.ui.save.disabled
    form.ui.save.click()
    assert list(store.cases) == [case_id]
    assert store.calls[-1] == ("save", form.draft_id, case_id)


def test_save_does_nothing_before_the_review_step(form, store):
    fill_person(form)
    form.ui.save.click()  # hidden and not reachable, but clicks can be sent
    assert store.cases == {}


def test_an_edited_saved_case_is_updated_not_duplicated(form, store):
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    (case_id,) = store.cases
    other = IntakeForm(store, lang="en", demo=False)
    other.resume(case_id)
    other.field("person.country_of_birth").input.value = "Ejemplia"
    walk_to_review(other)
    other.ui.save.click()
    assert list(store.cases) == [case_id]
    assert store.cases[case_id].person.country_of_birth == "Ejemplia"


# ------------------------------------------------------------------ validation


def test_problems_show_next_to_the_question_in_the_screen_language(form):
    focused = []
    for path in ("person.name", "person.a_number"):
        form.field(path).input.focus = lambda path=path: focused.append(path)
    form.field("person.a_number").input.value = "A1234"
    form.ui.next.click()
    assert form.step == 0
    assert form.field("person.name").error.value == mark("person.name", "missing")
    assert form.field("person.a_number").error.value == mark("person.a_number", "a_number")
    assert "ddkit-invalid" in form.field("person.a_number").input._dom_classes
    assert focused == ["person.name"]  # the first question marked
    form.ui.language.value = "es"
    assert form.field("person.a_number").error.value == mark("person.a_number", "a_number", "es")
    assert "A1234" not in form.ui.status.value
    fill_person(form)
    form.ui.next.click()
    assert form.step == 1
    assert form.field("person.a_number").error.value == ""
    assert "ddkit-invalid" not in form.field("person.a_number").input._dom_classes


def test_a_problem_in_a_row_shows_in_that_row(form):
    fill_person(form)
    form.go_to("criminal_history")
    form.rows.add.click()
    form.rows.add.click()
    form.rows.rows[0].fields["offense"].input.value = "Ejemplo de cargo (fictional)"
    form.ui.next.click()
    assert form.step == STEP_IDS.index("criminal_history")
    assert form.rows.rows[1].fields["offense"].error.value == mark(
        "criminal_history.offense", "missing"
    )
    form.rows.rows[1].remove.click()
    form.ui.next.click()
    assert form.step == STEP_IDS.index("criminal_history") + 1


def test_review_lists_every_problem_and_save_is_refused(form, store):
    form.go_to("review")
    assert form.ui.save.disabled
    form.save()
    assert store.cases == {}
    assert t("field.person.name.label", "en") in html.unescape(form.ui.review_problems.value)
    assert t("ui.status.fix_review", "en") in html.unescape(form.ui.status.value)


def test_review_marks_each_problem_at_its_question_too(form):
    """Going back from the review, the volunteer finds each problem next to its question."""
    form.go_to("review")
    assert form.field("person.name").error.value == mark("person.name", "missing")
    assert "ddkit-invalid" in form.field("person.name").input._dom_classes
    form.go_to("person")
    fill_person(form)
    form.ui.next.click()  # fixed: the mark goes
    assert form.field("person.name").error.value == ""


# ------------------------------------------------------------------ conditional questions


def test_custody_details_show_only_if_detained(form, store):
    fill_person(form)
    facility = form.field("custody.facility")
    assert facility.box.layout.display == "none"
    form.field("custody.detained").input.value = True
    assert facility.box.layout.display == ""
    facility.input.value = "Centro de Ejemplo (fictional)"
    form.field("custody.detained").input.value = False
    assert facility.box.layout.display == "none"
    assert "facility" not in store.drafts[form.draft_id][0].get("custody", {})
    form.field("custody.detained").input.value = True  # the answer was kept on screen
    assert facility.input.value == "Centro de Ejemplo (fictional)"


def test_check_in_date_shows_only_under_supervision(form):
    check_in = form.field("proceedings.next_check_in")
    assert check_in.box.layout.display == "none"
    form.field("proceedings.under_supervision").input.value = True
    assert check_in.box.layout.display == ""


# ------------------------------------------------------------------ language


def test_the_language_toggle_relabels_everything_and_keeps_every_answer(form):
    fill_person(form)
    form.field("person.entry_manner").input.value = "parole"
    form.go_to("proceedings")
    form.field("proceedings.hearing_type")  # built
    form.field("proceedings.stage").input.value = "in_proceedings"
    form.field("proceedings.hearing_type").input.value = "bond"
    form.ui.language.value = "es"
    assert form.field("person.name").input.description == t("field.person.name.label", "es")
    assert form.ui.next.description == t("ui.button.next", "es")
    assert form.field("person.entry_manner").input.value == "parole"
    assert form.field("proceedings.hearing_type").input.value == "bond"
    assert dict(form.field("proceedings.stage").input.options)[
        t("choice.stage.in_proceedings", "es")
    ] == ("in_proceedings")
    assert form.field("person.name").input.value == FICTIONAL_NAME
    heading = html.unescape(form.ui.heading.value)
    assert t("field.proceedings._section", "es") in heading


# ------------------------------------------------------------------ resume


def test_resume_a_draft_by_id_replaces_what_is_on_screen(store):
    first = IntakeForm(store, lang="en", demo=False)
    fill_person(first)
    first.go_to("criminal_history")
    first.rows.add.click()
    first.rows.rows[0].fields["offense"].input.value = "Cargo de ejemplo (fictional)"
    first.ui.next.click()
    draft_id = first.draft_id

    second = IntakeForm(store, lang="es", demo=False)
    second.go_to("criminal_history")
    second.rows.add.click()
    second.rows.add.click()
    second.rows.add.click()
    second.ui.resume_id.value = f"  {draft_id} "
    second.ui.resume_button.click()
    assert second.draft_id == draft_id
    assert second.field("person.name").input.value == FICTIONAL_NAME
    assert [r.fields["offense"].input.value for r in second.rows.rows] == [
        "Cargo de ejemplo (fictional)"
    ]
    assert second.step == STEP_IDS.index("equities")


def test_a_loaded_draft_waits_for_steps_not_built_yet(store):
    first = IntakeForm(store, lang="en", demo=False)
    fill_person(first)
    first.go_to("criminal_history")
    first.rows.add.click()
    first.rows.rows[0].fields["offense"].input.value = "Cargo de ejemplo (fictional)"
    first.go_to("person")
    first.save_draft()
    second = IntakeForm(store, lang="en", demo=False)  # only step 1 is built
    second.resume(first.draft_id)
    assert second.rows is None
    assert second.answers()[0]["criminal_history"] == [{"offense": "Cargo de ejemplo (fictional)",
        "weapon": False, "harm_caused": False, "sophisticated": False}]  # fmt: skip
    second.go_to("criminal_history")
    assert second.rows.rows[0].fields["offense"].input.value == "Cargo de ejemplo (fictional)"


def test_a_tampered_draft_loads_odd_values_as_blanks(store):
    store.drafts["d-tampered"] = (
        {
            "person": {"name": FICTIONAL_NAME, "date_of_birth": "2025-02-30", "aliases": "x"},
            "proceedings": {"stage": "deported", "prior_removals": -3},
            "criminal_history": [{"offense": 12, "severity": "capital"}, "not a record"],
        },
        "no-such-step",
    )
    form = IntakeForm(store, lang="en", demo=False)
    form.resume("d-tampered")
    data, problems = form.answers()
    assert problems == []
    assert data["person"] == {
        "name": FICTIONAL_NAME,
        "aliases": [],
        "languages": [],
        "entry_manner": "unknown",
    }
    assert data["proceedings"]["stage"] == "none"
    assert data["proceedings"]["prior_removals"] == 0
    assert data["criminal_history"] == [{"offense": "12", "weapon": False, "harm_caused": False,
        "sophisticated": False}]  # fmt: skip
    assert form.step == 0


def test_resume_with_an_unknown_or_odd_id_says_so(form):
    for text in ("0" * 32, "<script>alert(1)</script>", "x" * 10_000):
        form.ui.resume_id.value = text
        form.ui.resume_button.click()
        assert t("ui.resume.not_found", "en") in html.unescape(form.ui.status.value)


def test_practice_cases_go_through_the_form_unchanged(practice_cases):
    for name, case in practice_cases.items():
        form = IntakeForm(FakeStore(), lang="en", demo=False)
        form.load(case_to_dict(case))
        data, problems = form.answers()
        assert problems == [], name
        again = Case.model_validate(data)
        assert again.person == case.person, name
        assert again.criminal_history == case.criminal_history, name
        assert again.equities == case.equities, name
        assert again.consent == case.consent, name


# ------------------------------------------------------------------ XSS and browser-sent values


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_shown_literally_in_the_review(form, payload):
    fill_person(form, name=payload[:200])
    form.field("person.address").input.value = payload
    form.go_to("equities")
    form.field("story").input.value = payload
    form.field("equities.community_ties").input.value = payload
    form.go_to("review")
    markup = form.ui.review_blocks.value
    assert payload not in markup or "<" not in payload
    assert html.escape(payload, quote=True) in markup
    assert "<script" not in markup and "<img" not in markup and "<svg" not in markup


def test_a_choice_the_screen_never_offered_is_refused(form):
    from traitlets import TraitError

    stage = form.field("proceedings.stage")
    with pytest.raises(TraitError):
        stage.input.set_state({"index": 99})
    assert stage.input.value == "none"
    # Should a value slip past the widget, the server check still refuses it (DEP-3).
    stage.input.set_trait("value", "none")
    stage.input._trait_values["value"] = "deported"
    value, problem = stage.checked_value()
    assert value is None and problem.code == "choice"


def test_ten_megabytes_of_text_are_refused_and_never_stored(form, store):
    fill_person(form)
    big = "A" * 10_000_000
    form.field("person.country_of_birth").input.set_state({"value": big})
    assert form.field("person.country_of_birth").error.value == mark(
        "person.country_of_birth", "too_long", max=200
    )
    assert "country_of_birth" not in store.drafts[form.draft_id][0]["person"]
    form.ui.next.click()
    assert form.step == 0


def test_a_negative_count_is_refused(form, store):
    form.go_to("equities")
    children = form.field("equities.us_citizen_children")
    children.input.set_state({"value": -3})
    assert children.input.value >= 0  # clamped by the widget
    children.input._trait_values["value"] = -3  # and if it were not, the server check
    assert children.checked_value()[1].code == "min"
    form.go_to("criminal_history")
    form.rows.add.click()
    form.rows.rows[0].fields["sentence_days"].input.value = "-5"
    assert "criminal_history.0.sentence_days" in {p.path for p in form.problems()}


# ------------------------------------------------------------------ failures (DEP-4)


def test_a_store_failure_shows_a_plain_message_with_an_error_id(capfd):
    form = IntakeForm(BrokenStore(), lang="es", demo=False)
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    shown = html.unescape(form.ui.status.value)
    assert "Traceback" not in shown and FICTIONAL_A_NUMBER not in shown
    assert "OperationalError" not in shown and "disk I/O" not in shown
    error_id = re.search(r"\b([0-9a-f]{8})\.?$", shown.replace("</div>", "")).group(1)
    assert t("ui.error.generic", "es", id=error_id) in shown
    assert not form.saved.visible
    log = capfd.readouterr().err
    assert f"error_id={error_id}" in log and "type=OperationalError" in log
    assert FICTIONAL_A_NUMBER not in log and FICTIONAL_NAME not in log and "Traceback" not in log
    form.ui.language.value = "en"  # the message follows the language
    assert t("ui.error.generic", "en", id=error_id) in html.unescape(form.ui.status.value)


def test_every_callback_is_guarded(capfd):
    form = IntakeForm(BrokenStore(fail_drafts=True), lang="en", demo=False)
    form.field("person.name").input.value = FICTIONAL_NAME  # autosave fails
    form.ui.next.click()  # draft save fails
    form.ui.resume_id.value = "abc"
    form.ui.resume_button.click()
    shown = html.unescape(form.ui.status.value)
    assert "Traceback" not in shown and FICTIONAL_A_NUMBER not in shown
    log = capfd.readouterr().err
    assert "action=autosave" in log and "action=next" in log
    assert FICTIONAL_NAME not in log


def _explode(*args, **kwargs):
    raise RuntimeError(f"boom for {FICTIONAL_NAME} {FICTIONAL_A_NUMBER}")


@pytest.mark.parametrize(
    "patch,act",
    [
        ("set_lang", lambda f: setattr(f.ui.language, "value", "es")),
        ("load", lambda f: f.ui.new_button.click()),
        ("problems", lambda f: f.ui.next.click()),
        ("save_draft", lambda f: f.ui.back.click()),
        ("save_draft", lambda f: f.field("person.phone").input.set_state({"value": "555"})),
    ],
)
def test_a_failure_in_any_callback_shows_only_a_plain_message(capfd, patch, act):
    form = IntakeForm(FakeStore(), lang="en", demo=False)
    fill_person(form)
    form.go_to("custody")
    setattr(form, patch, _explode)
    act(form)
    shown = html.unescape(form.ui.status.value)
    assert "error id" in shown
    assert FICTIONAL_NAME not in shown and FICTIONAL_A_NUMBER not in shown and "boom" not in shown
    log = capfd.readouterr().err
    assert "type=RuntimeError" in log and "boom" not in log and FICTIONAL_NAME not in log


def test_a_failing_row_button_is_guarded_too(capfd):
    form = IntakeForm(FakeStore(), lang="en", demo=False)
    form.go_to("criminal_history")
    form.rows.add_row = _explode
    form.rows.add.click()
    assert "error id" in html.unescape(form.ui.status.value)
    assert "type=RuntimeError" in capfd.readouterr().err


# ------------------------------------------------------------------ demo mode


def test_demo_mode_shows_a_banner_and_saves_practice_cases_only():
    store = pytest.importorskip("ddkit.store.memory").MemoryStore()
    form = IntakeForm(store, lang="es", demo=True)
    assert t("ui.demo.banner", "es") in html.unescape(form.ui.banner.value)
    assert form.field("fictional").input.value is True
    fill_person(form)
    form.field("fictional").input.value = False
    walk_to_review(form)
    form.ui.save.click()
    assert store.list() == []
    assert t("ui.demo.refused", "es") in html.unescape(form.ui.status.value)
    form.field("fictional").input.value = True
    form.go_to("review")
    form.ui.save.click()
    assert len(store.list()) == 1


def test_new_case_starts_blank_with_a_new_draft_id(form, store):
    fill_person(form)
    old = form.draft_id
    form.ui.new_button.click()
    assert form.draft_id != old
    assert form.field("person.name").input.value == ""
    assert form.step == 0
    assert old in store.drafts  # the previous draft stays until saved or purged


def test_every_step_has_a_title_and_help(form):
    for index in range(len(STEPS)):
        form.go_to(STEP_IDS[index])
        assert html.unescape(form.ui.heading.value).count(f"{index + 1}")
        assert form.ui.intro.value
    assert form.step == REVIEW


def test_all_specs_cover_each_path_once():
    paths = [spec.path for spec in all_specs()]
    assert len(paths) == len(set(paths))
