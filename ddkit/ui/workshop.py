"""Widgets for the workshop: the policy explorer, the assessment view, and check-my-answer.

Every text on screen is shown literally (``ddkit.ui.safe.text_block``), every callback is
wrapped (``ddkit.ui.errors.guarded``), and the logic lives in :mod:`ddkit.quiz`,
:mod:`ddkit.assess` and :mod:`ddkit.report`.
"""

from __future__ import annotations

from datetime import date

from ddkit.i18n import check_lang, t


def _guard(shown, lang: str, action: str):
    from ddkit.ui.errors import guarded
    from ddkit.ui.safe import set_text_block

    return guarded(lambda msg: set_text_block(shown, msg), lambda: lang, lambda: None, action)


def _describe_policies(on: date, lang: str) -> str:
    from ddkit.policy import policies, policy_on

    applied = policy_on(on)
    lines = [t("ui_workshop.explorer_head", lang, on=on.isoformat(), id=applied.id)]
    for policy in policies().values():
        state = t("cli.in_force" if policy.in_force_on(on) else "cli.not_in_force", lang)
        lines += ["", f"{policy.title(lang)} ({policy.id}): {state}", policy.summary(lang)]
        for priority in policy.priorities:
            lines.append(f"  - {priority.label(lang)}: {priority.explanation(lang)}")
        for kind in ("aggravating", "mitigating"):
            labels = [f.label(lang) for f in getattr(policy.factors, kind)]
            if labels:
                lines.append(f"  {t('report.' + kind, lang)}: " + "; ".join(labels))
        lines += [f"  ! {c.text(lang)}" for c in policy.cautions]
    return "\n".join(lines)


def _place_options(lang: str) -> list[tuple[str, str]]:
    from ddkit.values import US_STATES
    from ddkit.workshop_law import place_name

    states = sorted(US_STATES)
    return [(t("ui_workshop.any_place", lang), "")] + [(place_name(s, lang), s) for s in states]


def policy_explorer(lang: str = "en", on: date | None = None, state: str | None = None):
    """Pick a date and a state: the framework in force then, and the law in force there.

    Above, each framework's priorities, factors and cautions; below, the legal developments in
    force that day for that state (the same list as ``ddkit law --on DATE --state XX``), each
    with its confidence word and sources, and the legal data's review date.
    """
    import ipywidgets as widgets

    from ddkit.ui.safe import set_text_block, text_block
    from ddkit.workshop_law import law_lines

    lang = check_lang(lang)
    picker = widgets.DatePicker(description=t("ui_workshop.date", lang), value=on or date.today())
    place = widgets.Dropdown(description=t("ui_workshop.state", lang),
                             options=_place_options(lang), value=(state or "").upper())  # fmt: skip
    law_shown, policies_shown = text_block(""), text_block("")

    @_guard(law_shown, lang, "policy_explorer")
    def update(_change=None):
        if isinstance(picker.value, date):
            set_text_block(policies_shown, _describe_policies(picker.value, lang))
            set_text_block(law_shown, "\n".join(law_lines(picker.value, place.value, lang)))

    picker.observe(update, names="value")
    place.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([picker, place]), law_shown, policies_shown])


def assessment_view(lang: str = "en", on: date | None = None):
    """Choose a practice case and a date; read the kit's assessment of it."""
    import ipywidgets as widgets

    from ddkit.assess import assess
    from ddkit.report import assessment_text
    from ddkit.ui.safe import set_text_block, text_block
    from ddkit.workshop import practice_cases

    lang = check_lang(lang)
    cases = practice_cases()
    choice = widgets.Dropdown(description=t("ui_workshop.case", lang), options=list(cases))
    picker = widgets.DatePicker(description=t("ui_workshop.date", lang), value=on or date.today())
    shown = text_block("")

    @_guard(shown, lang, "assess")
    def update(_change=None):
        day = picker.value if isinstance(picker.value, date) else date.today()
        set_text_block(shown, assessment_text(assess(cases[choice.value], on=day), lang))

    choice.observe(update, names="value")
    picker.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([choice, picker]), shown])


def what_would_you_do(case_name: str, lang: str = "en", on: date | None = None):
    """An exercise: tick the interventions a case opens, then check the answer and read why."""
    import ipywidgets as widgets

    from ddkit.assess import INTERVENTIONS
    from ddkit.quiz import check_interventions
    from ddkit.ui.safe import set_text_block, text_block
    from ddkit.workshop import practice_case

    lang = check_lang(lang)
    case = practice_case(case_name)
    boxes = {
        i: widgets.Checkbox(description=t(f"assess.intervention.{i}", lang), indent=False)
        for i in INTERVENTIONS
    }
    button = widgets.Button(description=t("quiz.check", lang), button_style="primary")
    feedback = text_block("")

    @_guard(feedback, lang, "quiz")
    def check(_button):
        picked = [i for i, box in boxes.items() if box.value]
        result = check_interventions(case, picked, on=on, lang=lang)
        set_text_block(feedback, "\n".join(result.lines(lang)))

    button.on_click(check)
    question = widgets.Label(t("quiz.question", lang))
    return widgets.VBox([question, *boxes.values(), button, feedback])


def role_card(case_name: str, lang: str = "en"):
    """A role card for the intake role play: what the fictional person knows, in the form's words.

    The facts are the practice case's answers, labelled like the intake questions; questions
    the case leaves empty are left off, so the player says "I don't know".
    """
    from ddkit.case import case_to_dict
    from ddkit.ui.review import review_blocks
    from ddkit.ui.safe import blocks_widget
    from ddkit.workshop import practice_case

    lang = check_lang(lang)
    case = practice_case(case_name)
    data = case_to_dict(case)
    blocks = review_blocks(data, lang, lambda path: _value_at(data, path))
    head = [("p", t("exercises.role_card_head", lang, name=case.person.name))]
    tail = [("p", t("exercises.role_card_unknown", lang))]
    return blocks_widget(head + _known_facts(blocks, t("ui.review.empty", lang)) + tail)


def _value_at(data: dict, path: str):
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _known_facts(blocks: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    """Drop unanswered questions, then headings left with nothing under them."""
    kept: list[tuple[str, str]] = []
    for tag, text in blocks:
        if tag == "dd" and text == empty:
            kept.pop()  # its question ("dt") goes too
            continue
        if tag == "h4" and kept and kept[-1][0] == "h4":
            kept.pop()
        kept.append((tag, text))
    if kept and kept[-1][0] == "h4":
        kept.pop()
    return kept


def sort_notes(lang: str = "en"):
    """An exercise: for each note, write it down or leave it out; then check and read why.

    A note left unsorted is marked under it (its words and why), and the keyboard goes to the
    first one, as on the intake's forms (issue 15); the answers below still explain them all.
    """
    import ipywidgets as widgets

    from ddkit.ui.inputs import shared_style
    from ddkit.ui.safe import set_text_block, text_block
    from ddkit.workshop import NOTES, check_notes

    lang = check_lang(lang)
    options = [(t("exercises.notes.write", lang), True),
               (t("exercises.notes.leave_out", lang), False)]  # fmt: skip
    choices = {note: widgets.ToggleButtons(options=options, value=None) for note in NOTES}
    marks = {note: widgets.Label(style=shared_style("error")) for note in NOTES}
    labels = {note: widgets.Label(t(f"exercises.notes.{note}.text", lang)) for note in NOTES}
    rows = [widgets.VBox([labels[note], choices[note], marks[note]]) for note in NOTES]

    button = widgets.Button(description=t("exercises.notes.check", lang), button_style="primary")
    feedback = text_block("")

    @_guard(feedback, lang, "sort_notes")
    def check(_button):
        answers = {note: box.value for note, box in choices.items()}
        _mark_unsorted(choices, marks, lang)
        set_text_block(feedback, "\n".join(check_notes(answers, lang)))

    button.on_click(check)
    question = widgets.Label(t("exercises.notes.question", lang))
    return widgets.VBox([question, *rows, button, feedback])


def _mark_unsorted(choices: dict, marks: dict, lang: str) -> None:
    """Under each note left unsorted, its words and why it is marked; focus on the first."""
    from ddkit.ui.inputs import INVALID_CLASS

    unsorted = [note for note, box in choices.items() if box.value is None]
    for note, box in choices.items():
        text = t(f"exercises.notes.{note}.text", lang)
        reason = t("exercises.notes.not_sorted", lang)
        issue = t("ui.words.issue", lang, field=text, reason=reason)
        marks[note].value = issue if note in unsorted else ""
        (box.add_class if note in unsorted else box.remove_class)(INVALID_CLASS)
    if unsorted:
        choices[unsorted[0]].focus()
