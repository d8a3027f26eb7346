"""The intake wizard: one step per part of the case, Back and Next never lose an answer.

Questions are generated from the case model (:mod:`ddkit.ui.fields`); every answer is
checked on the server (:mod:`ddkit.ui.validate`) and by the model, and problems show next to
the question in the screen language. A draft is saved at every step and after every answer,
so a closed tab loses at most the field being typed. The steps' widgets are built the first
time a step shows, so that the first question appears fast.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ddkit.case import CaseError, Problem, parse_case
from ddkit.i18n import check_lang, t
from ddkit.mode import is_demo
from ddkit.ui import review
from ddkit.ui.chrome import Chrome
from ddkit.ui.errors import guarded
from ddkit.ui.inputs import FieldWidget, from_case_value, to_case_value
from ddkit.ui.persist import SaveAndLoad, new_draft_id
from ddkit.ui.rows import RowList
from ddkit.ui.steps import (
    REVIEW,
    SHOWN_IF,
    STEP_IDS,
    STEPS,
    Step,
    all_specs,
    is_shown,
    spec_at,
    step_index,
    step_specs,
)

STEP_LAYOUT = widgets.Layout(width="100%")
_DEPENDED_ON = {rule[0] for rule in SHOWN_IF.values()}


class IntakeForm(SaveAndLoad):
    """The intake wizard. ``form.widget`` is what the app shows.

    Args:
        store: a case store (``save``, ``load``, ``save_draft``, ``load_draft``,
            ``delete_draft``), or ``None`` to open one with ``open_store`` when first needed.
        lang: the screen language, ``"en"`` or ``"es"``.
        demo: demo mode (default: detected); only practice cases can be saved.
        open_store: called once, when the first draft is saved, if no ``store`` was given.
    """

    def __init__(self, store=None, *, lang: str = "en", demo: bool | None = None,
                 open_store=None):  # fmt: skip
        self.lang = check_lang(lang)
        self.demo = is_demo() if demo is None else demo
        self._store, self._open_store = store, open_store
        self.draft_id = new_draft_id()
        self.case_id: str | None = None  # the saved case being edited, if any
        self.step = 0
        self.fields: dict[str, FieldWidget] = {}
        self.rows: RowList | None = None
        self.talk = None  # the consent talk, built with the consent step
        self._bodies: dict[str, widgets.Widget] = {}
        # Answers loaded for steps not built yet: they go into the widgets when built.
        self._pending: dict[str, Any] = {}
        self._pending_rows: list[dict[str, Any]] | None = None
        self._loading = self._saving = False
        self.saved = review.SavedPanel(self)
        self.ui = Chrome(self)
        self.widget = self.ui.widget
        self._show_step()
        self._loading = True  # a default is not an answer: nothing to save yet
        self.fields["fictional"].set_value(self._default("fictional"))
        self._loading = False

    # ------------------------------------------------------------ helpers

    def guard(self, action: str):
        """Wrap a callback: failures become a plain message with an error id (DEP-4)."""
        return guarded(
            lambda text: self.ui.say_error(text),
            lambda: self.lang,
            lambda: self.case_id or self.draft_id,
            action,
        )

    @property
    def store(self):
        """The case store, opened on first use."""
        if self._store is None and self._open_store is not None:
            self._store = self._open_store()
        if self._store is None:
            raise RuntimeError("no case store")
        return self._store

    def _default(self, path: str) -> Any:
        if path == "fictional" and self.demo:
            return True  # demo mode holds practice cases only
        return spec_at(path).default

    def field(self, path: str) -> FieldWidget:
        """The question at ``path`` (building its step if needed), e.g. ``person.name``."""
        for step in STEPS:
            if step.owns(path):
                self._body(step)
        found = self.fields.get(path) or (self.rows.field(path) if self.rows else None)
        if found is None:
            raise KeyError(path)
        return found

    # ------------------------------------------------------------ building steps

    def _body(self, step: Step) -> widgets.Widget:
        if step.id not in self._bodies:
            self._bodies[step.id] = self._build(step)
        return self._bodies[step.id]

    def _build(self, step: Step) -> widgets.Widget:
        if step.id == "review":
            return self.ui.review_box
        parts = []
        if step.id == "consent":  # explain first, then ask (ddkit.ui.consenttalk)
            from ddkit.ui.consenttalk import ConsentTalk

            self.talk = ConsentTalk(self.lang)
            parts.append(self.talk.widget)
        loading, self._loading = self._loading, True  # pending answers are not new answers
        try:
            for spec in step_specs(step):
                field = FieldWidget(spec, self.lang, hideable=spec.path in SHOWN_IF)
                if spec.path in self._pending:
                    field.set_value(self._pending.pop(spec.path))
                field.observe(lambda change, path=spec.path: self._changed(path))
                self.fields[spec.path] = field
                parts.append(field.box)
            if "criminal_history" in step.parts:
                self.rows = RowList(
                    self.lang, lambda: self._changed("criminal_history"), self.guard
                )
                self.rows.set_rows(self._pending_rows or [])
                self._pending_rows = None
                parts.append(self.rows.box)
        finally:
            self._loading = loading
        self._apply_visibility()
        return widgets.VBox(parts, layout=STEP_LAYOUT)

    def build_all(self) -> None:
        """Build every step's questions now (tests, and a look at every question)."""
        for step in STEPS:
            self._body(step)

    # ------------------------------------------------------------ answers

    def answer(self, path: str) -> Any:
        """The current answer at ``path`` in the case's format (the default if not asked yet)."""
        field = self.fields.get(path)
        if field is None:
            if path in self._pending:
                return self._pending[path]
            spec = spec_at(path)
            return to_case_value(spec, from_case_value(spec, self._default(path)))
        value, problem = field.checked_value()
        return None if problem else value

    def answers(self) -> tuple[dict[str, Any], list[Problem]]:
        """The case data from every shown answer, and the values the browser sent that failed."""
        data: dict[str, Any] = {"person": {}}
        problems: list[Problem] = []
        for spec in all_specs():
            if not is_shown(spec.path, self.answer):
                continue
            field = self.fields.get(spec.path)
            if field is None:
                value = self.answer(spec.path)
            else:
                value, problem = field.checked_value()
                if problem:
                    problems.append(problem)
            if value is not None:
                _put(data, spec.path, value)
        if self.rows is not None:
            records, row_problems = self.rows.values()
            problems += row_problems
        else:
            records = list(self._pending_rows or [])
        if records:
            data["criminal_history"] = records
        return data, problems

    def problems(self, step: Step | None = None) -> list[Problem]:
        """Everything wrong with the answers (of one step, if given), server checks first."""
        data, problems = self.answers()
        rejected = {p.path for p in problems}
        try:
            parse_case(data)
        except CaseError as exc:
            problems += [p for p in exc.problems if p.path not in rejected]
        return [p for p in problems if step is None or step.owns(p.path)]

    # ------------------------------------------------------------ events

    def _changed(self, path: str) -> None:
        if self._loading:
            return
        self.guard("autosave")(self._after_change)(path)

    def _after_change(self, path: str) -> None:
        if self.saved.visible:  # answers changed since saving: Save again updates the case
            self.saved.hide()
        if path in _DEPENDED_ON:
            self._apply_visibility()
        field = self.fields.get(path)
        if field is not None:
            field.show_problem(field.checked_value()[1])
        self.save_draft()

    def _apply_visibility(self) -> None:
        for path in SHOWN_IF:
            field = self.fields.get(path)
            if field is not None:
                field.box.layout.display = "" if is_shown(path, self.answer) else "none"

    def save_draft(self) -> None:
        """Save the answers as a draft (values the browser sent that failed are left out)."""
        data, _ = self.answers()
        self.store.save_draft(self.draft_id, data, STEP_IDS[self.step])

    def go_next(self, _button=None) -> None:
        """Next: check this step's answers, save the draft, move on (stay if a problem shows)."""
        if self.step >= REVIEW:
            return
        problems = self.problems(STEPS[self.step])
        self.show_problems(problems, focus=True)
        if problems:
            return
        self.step += 1
        self._show_step()
        self.save_draft()

    def go_back(self, _button=None) -> None:
        """Back: keep every answer, save the draft, show the previous step."""
        if self.step <= 0:
            return
        self.step -= 1
        self._show_step()
        self.save_draft()

    def go_to(self, step_id: str) -> None:
        """Show a step by its id (an unknown id shows the first step)."""
        self.step = step_index(step_id)
        self._show_step()

    def _show_step(self) -> None:
        step = STEPS[self.step]
        body = self._body(step)
        if step.id == "review":
            problems = self.problems()
            self.mark(problems)  # at each question too, for when the volunteer goes back to it
            self.ui.show_review(problems)
        if step.id == "consent":
            self.talk.refresh(self.answers()[0])  # the cautions for where the person is
        self.ui.show_step(self.step, body)

    def show_problems(self, problems: list[Problem], *, focus: bool = False) -> None:
        """Show each problem under its question; the rest, and a summary, on the message line.

        With ``focus``, the keyboard goes to the first question marked.
        """
        for field in self._all_fields():
            field.show_problem(None)
        loose, marked = [], []
        for problem in problems:
            field = self._field_for(problem.path)
            if field is None:
                loose.append(problem)
            else:
                field.show_problem(problem)
                marked.append(field)
        if not problems:
            self.ui.say("")
            return
        if focus and marked:
            marked[0].focus()

        def message(lang: str) -> str:
            lines = [t("ui.status.fix", lang), *(review.problem_line(p, lang) for p in loose)]
            return "\n".join(lines)

        self.ui.say(message, "error")

    def _field_for(self, path: str) -> FieldWidget | None:
        found = self.fields.get(path) or (self.rows.field(path) if self.rows else None)
        if found is None and "." in path and path.rsplit(".", 1)[1].isdigit():
            return self._field_for(path.rsplit(".", 1)[0])  # one line of a list
        return found

    def mark(self, problems: list[Problem]) -> None:
        """Mark these questions (what a letter needs from the case), keeping other marks."""
        for problem in problems:
            try:
                field = self.field(problem.path)
            except KeyError:  # not a question of the form (the field office, from the data)
                continue
            field.show_problem(problem)

    def _all_fields(self) -> list[FieldWidget]:
        return [*self.fields.values(), *(self.rows.all_fields() if self.rows else [])]

    def set_lang(self, lang: str) -> None:
        """Switch the screen language; every answer stays as it is."""
        self.lang = check_lang(lang)
        for field in self.fields.values():
            field.relabel(self.lang)
        if self.rows is not None:
            self.rows.relabel(self.lang)
        if self.talk is not None:
            self.talk.relabel(self.lang)
        self.ui.relabel()
        self.saved.relabel()
        if self.step == REVIEW:
            self.ui.show_review(self.problems())


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[name] = value
