"""Issue 15 on the screens themselves: what the apps' widgets hold after a volunteer's steps.

The message walk (``tests/test_ui_words.py``) checks every message through the catalogs and
the renderers; this walk reads the widgets instead, so that a text built in a screen's own
code, or said there with the command line's wording, cannot slip by. It reads every label,
button, choice, tab title and block of text of the case page (each practice case, each
letter it offers tried with the signer's form empty), the wizard with every question marked,
the campaign app and the workshop widgets, in both languages, with the same checks.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

pytest.importorskip("ipywidgets")

import ipywidgets as widgets  # noqa: E402

from ddkit.i18n import LANGS  # noqa: E402
from tests.test_ui_words import faults  # noqa: E402

TAG = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<style>.*?</style>", re.S)  # the stylesheet is not text on screen


def shown_texts(widget, seen: set[int] | None = None):
    """Every text a widget and those inside it show: labels, values of text blocks, button
    words, choices, tab titles, placeholders. (What a person types is theirs, not walked.)"""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            yield value
    if isinstance(widget, widgets.HTML):
        yield html.unescape(TAG.sub(" ", STYLE.sub("", widget.value)))
    elif isinstance(widget, widgets.Label):
        yield widget.value
    yield from getattr(widget, "_options_labels", ())
    if isinstance(widget, widgets.Tab):
        yield from (widget.get_title(n) or "" for n in range(len(widget.children)))
    for child in getattr(widget, "children", ()) or ():
        yield from shown_texts(child, seen)


def screen_faults(widget, where: str) -> list[tuple[str, str, str]]:
    return [(where, fault, text[:120]) for text in shown_texts(widget) for fault in faults(text)]


def test_the_screen_walk_reads_every_kind_of_widget_and_can_fail():
    box = widgets.VBox(
        [
            widgets.Label("Fill in signer.name"),
            widgets.HTML("<p>Use --set name=value</p><style>.a.b { --x: 1 }</style>"),
            widgets.Dropdown(options=[("pd_request", "x")]),
            widgets.Button(description="Ready: {title}"),
        ]
    )
    found = {fault for _, fault, _ in screen_faults(box, "test")}
    assert found == {"dotted path signer.name", "option --set", "id pd_request",
                     "placeholder {title}"}  # fmt: skip


# ------------------------------------------------------------------ the intake app


def _practice_store():
    from ddkit.store.memory import MemoryStore
    from ddkit.workshop import practice_cases

    store = MemoryStore()
    return store, {store.save(case): name for name, case in practice_cases().items()}


@pytest.mark.parametrize("lang", LANGS)
def test_the_case_page_of_every_practice_case_with_every_letter_tried_empty(lang):
    from ddkit.ui.downloads import letters_available
    from ddkit.ui.session import Session

    store, names = _practice_store()
    session = Session(store, lang, demo=True, seconds=None)
    bad, refused = [], 0
    try:
        for case_id, name in names.items():
            session.show_case(case_id, store.load(case_id))
            bad += screen_faults(session.widget, name)
            letters = session.page.letters
            if letters is None or not letters_available():
                continue
            for _, kind in letters.kind.options:
                letters.kind.value = kind
                letters.buttons["docx"].click()  # the signer's form empty
                refused += letters.error is not None
                bad += screen_faults(session.widget, f"{name}, {kind}")
    finally:
        session.lock()
    assert bad == []
    assert refused > len(names)  # the walk read the letters' messages, not empty panels


@pytest.mark.parametrize("lang", LANGS)
def test_the_wizard_with_every_question_marked(lang):
    from ddkit.case import Problem
    from ddkit.ui.intake import IntakeForm
    from ddkit.ui.steps import STEPS
    from tests.ui_helpers import FakeStore

    form = IntakeForm(FakeStore(), lang=lang, demo=True)
    form.build_all()
    form.rows.add.click()
    problems = [Problem(path=path, code="missing") for path in form.fields]
    problems += form.problems()
    form.show_problems(problems)
    bad = []
    for number, _step in enumerate(STEPS):
        form.go_to(STEPS[number].id)
        bad += screen_faults(form.widget, f"step {number + 1}")
    assert bad == []


# ------------------------------------------------------------------ the campaign app


@pytest.fixture
def no_charts(monkeypatch):
    """Charts are pictures, not words: skip drawing them (most of the app's time)."""
    from ddkit.campaign import chart, exports

    monkeypatch.setattr(chart, "figure_bytes", lambda _fig, _fmt="png": b"\x89PNG")
    for name in ("timeline_figure", "letters_figure", "counts_figure"):
        monkeypatch.setattr(chart, name, lambda *_a, **_k: None)
    real = exports.plan_bytes
    monkeypatch.setattr(exports, "plan_bytes", lambda t, fmt, lang: b"" if fmt == "png" else
                        real(t, fmt, lang))  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_the_campaign_app_for_every_practice_case(lang, no_charts):
    from ddkit.ui.campaign import CampaignApp

    app = CampaignApp(lang, demo=True)
    bad = screen_faults(app.widget, "no case")
    app.make.click()  # no case chosen
    bad += screen_faults(app.widget, "no case, plan asked")
    for name in app.cases:
        app.practice.value = name
        app.on.value = date(2026, 12, 1)
        app.make.click()
        bad += screen_faults(app.widget, name)
        for _, member in app.congress.member.options[1:]:
            app.congress.member.value = member
            bad += screen_faults(app.widget, f"{name}, {member}")
    app.congress.zip.value = "123"  # boxes marked: a ZIP code, a plan task not chosen
    app.congress.find_button.click()
    app.tracking.task.value = ""
    app.tracking.done_button.click()
    assert app.marks.marked() == ["task"]
    bad += screen_faults(app.widget, "marked")
    assert bad == []


# ------------------------------------------------------------------ the workshop widgets


@pytest.mark.parametrize("lang", LANGS)
def test_the_workshop_widgets(lang):
    from ddkit.ui import workshop
    from ddkit.workshop import practice_cases

    bad = []
    for day, state in ((date(2022, 6, 1), "TX"), (date(2026, 12, 2), "NY"), (None, None)):
        bad += screen_faults(workshop.policy_explorer(lang, day, state), f"explorer {day}")
    view = workshop.assessment_view(lang, date(2026, 12, 2))
    for name in practice_cases():
        view.children[0].children[0].value = name
        bad += screen_faults(view, f"assessment {name}")
    for name in list(practice_cases())[:3]:
        quiz = workshop.what_would_you_do(name, lang)
        quiz.children[-2].click()
        bad += screen_faults(quiz, f"quiz {name}")
        bad += screen_faults(workshop.role_card(name, lang), f"role card {name}")
    notes = workshop.sort_notes(lang)
    notes.children[-2].click()  # nothing sorted yet
    bad += screen_faults(notes, "notes")
    assert bad == []
