"""The Review step and what shows after saving: every answer as plain text, then the assessment.

Nothing here makes markup from an answer: the review is a list of ``(tag, text)`` pairs that
:mod:`ddkit.ui.safe` escapes, so a name like ``<img onerror=...>`` shows as those characters.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ddkit.case import Problem
from ddkit.i18n import t
from ddkit.ui import safe
from ddkit.ui.fields import FieldSpec, choice_label, field_label
from ddkit.ui.steps import STEPS, is_shown, step_specs


def display_value(spec: FieldSpec, value: Any, lang: str) -> str:
    """An answer as a reader sees it: yes/no, choice names, lists joined, "—" for nothing."""
    if value is None or value == "" or value == []:
        return t("ui.review.empty", lang)
    if spec.kind == "bool":
        return t("ui.review.yes" if value else "ui.review.no", lang)
    if spec.kind == "choice":
        return choice_label(spec, value, lang) if value in spec.choices else str(value)
    if spec.kind == "multi":
        return ", ".join(choice_label(spec, v, lang) for v in value if v in spec.choices)
    if spec.kind == "lines":
        return ", ".join(str(v) for v in value)
    return str(value)


def _section_title(step_id: str, lang: str) -> str:
    from ddkit.ui.chrome import step_title

    return step_title(step_id, lang)


def field_place(path: str, lang: str) -> str:
    """Where a case field is on the form: ``Step › Record 2 › Question`` ("" if nowhere)."""
    parts = path.split(".")
    step = next((s for s in STEPS if s.owns(path)), None)
    where = [_section_title(step.id, lang)] if step else []
    if len(parts) >= 3 and parts[1].isdigit():  # a row: criminal_history.0.offense
        where.append(t("ui.rows.heading", lang, n=int(parts[1]) + 1))
        parts = [parts[0], parts[2]]
    elif parts[-1].isdigit():  # one line of a list: person.aliases.2
        parts = parts[:-1]
    if len(parts) > 1 or parts[0] in ("fictional", "story"):
        try:
            where.append(field_label(".".join(parts), lang))
        except KeyError:
            pass
    return " › ".join(where)


def problem_line(problem: Problem, lang: str) -> str:
    """``Step › Question: what is wrong`` for a problem, in the screen language."""
    from ddkit.errors import FieldIssue
    from ddkit.ui.words import issue_line

    return issue_line(FieldIssue(problem.path, problem.code, dict(problem.ctx)), lang)


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def review_blocks(data: dict[str, Any], lang: str, answer_of) -> list[tuple[str, str]]:
    """Every shown answer, step by step, as ``(tag, text)`` pairs for the safe renderer."""
    from ddkit.ui.rows import row_specs

    blocks: list[tuple[str, str]] = []
    for step in STEPS[:-1]:
        blocks.append(("h4", _section_title(step.id, lang)))
        for spec in step_specs(step):
            if is_shown(spec.path, answer_of):
                blocks.append(("dt", field_label(spec.path, lang)))
                blocks.append(("dd", display_value(spec, _get(data, spec.path), lang)))
        if "criminal_history" in step.parts:
            records = data.get("criminal_history") or []
            if not records:
                blocks.append(("p", t("ui.rows.empty", lang)))
            for number, record in enumerate(records, start=1):
                blocks.append(("p", t("ui.rows.heading", lang, n=number)))
                for spec in row_specs():
                    blocks.append(("dt", field_label(spec.path, lang)))
                    blocks.append(("dd", display_value(spec, record.get(spec.name), lang)))
    return blocks


class SavedPanel:
    """After saving: the case id, what the policy says about the case, and its letters."""

    def __init__(self, form):
        self.form = form
        self.case = None
        self.heading = safe.blocks_widget()
        self.summary = safe.text_block("")
        self.letters = None  # built on first show, only if the letters module exists
        self.letters_box = widgets.VBox()
        self.box = widgets.VBox(
            [self.heading, self.summary, self.letters_box],
            layout=widgets.Layout(display="none", width="100%"),
        )

    @property
    def visible(self) -> bool:
        return self.case is not None

    def show(self, case, case_id: str) -> None:
        """Show the saved case's assessment (and letters, where the kit has them)."""
        self.case, self.case_id = case, case_id
        self.box.layout.display = ""
        if self.letters is None:
            from ddkit.ui.downloads import LetterOffer, letters_available

            if letters_available():
                self.letters = LetterOffer(self.form)
                self.letters_box.children = [self.letters.box]
        if self.letters is not None:
            self.letters.reset()
        self.relabel()

    def hide(self) -> None:
        self.case = None
        self.box.layout.display = "none"
        if self.letters is not None:
            self.letters.reset()

    def relabel(self) -> None:
        """Show the panel's texts in the current screen language."""
        if self.case is None:
            return
        from ddkit.assess import assess
        from ddkit.report import assessment_text

        lang = self.form.lang
        safe.set_blocks(self.heading, [("h3", t("ui.saved.heading", lang))])
        safe.set_text_block(self.summary, assessment_text(assess(self.case), lang))
        if self.letters is not None:
            self.letters.relabel()
