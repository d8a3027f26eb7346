"""One question on screen: its input, its label, why we ask, and its error message.

Built from a :class:`~ddkit.ui.fields.FieldSpec`; relabelled in place when the screen
language changes, so a typed answer is never lost. Values go through
:func:`ddkit.ui.validate.check_value` before the form uses them.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import LabelStyle, TextStyle

from ddkit.case import Problem
from ddkit.ui.fields import FieldSpec, choice_label, field_help, field_label
from ddkit.ui.validate import check_value

FULL = widgets.Layout(width="100%", max_width="42em")
COLUMN = widgets.Layout(
    display="flex", flex_flow="column", align_items="stretch", width="100%", max_width="42em"
)
HELP_LAYOUT = widgets.Layout(width="100%")
QUESTION_LAYOUT = widgets.Layout(margin="0 0 0.9em 0", width="100%")
INVALID_CLASS = "ddkit-invalid"  # a red frame around a box that needs a look (ddkit.ui.safe)


@cache
def shared_style(kind: str):
    """One style object shared by every widget of a kind: fewer models for the page to load."""
    if kind == "text":
        return TextStyle(description_width="initial")
    if kind == "description":
        return DescriptionStyle(description_width="initial")
    if kind == "help":
        return LabelStyle(text_color="#4a4a4a", font_size="0.9em")
    if kind == "error":
        return LabelStyle(text_color="#a00000", font_weight="bold")
    return CheckboxStyle()


def make_input(spec: FieldSpec, lang: str) -> widgets.Widget:
    """The widget that asks this question, labelled in ``lang`` from its first message.

    (A widget that reaches the browser before its label would be unnamed to a screen reader.)
    """
    widget = _make_input(spec, lang, field_label(spec.path, lang))
    if spec.kind not in ("bool", "multi"):
        widget.add_class("ddkit-q")  # label above the input (see ddkit.ui.safe)
    return widget


def choice_options(spec: FieldSpec, lang: str) -> list[tuple[str, str]]:
    """A Dropdown's options: (name in ``lang``, value), with "not known" when optional."""
    options = [(choice_label(spec, v, lang), v) for v in spec.choices]
    return options if spec.required else [(_blank(lang), ""), *options]


def _make_input(spec: FieldSpec, lang: str, label: str) -> widgets.Widget:
    common = {"description": label, "layout": COLUMN, "style": shared_style("description")}
    if spec.kind == "bool":
        return widgets.Checkbox(
            value=False, indent=False, layout=FULL, description=label, style=shared_style("box")
        )
    if spec.kind == "int":
        low = spec.minimum if spec.minimum is not None else -(10**6)
        high = spec.maximum if spec.maximum is not None else 10**6
        return widgets.BoundedIntText(value=max(low, 0), min=low, max=high, **common)
    if spec.kind == "date":
        return widgets.DatePicker(value=None, **common)
    if spec.kind == "choice":
        options = choice_options(spec, lang)
        value = from_case_value(spec, spec.default)
        return widgets.Dropdown(options=options, value=value, **common)
    if spec.kind == "multi":
        return widgets.VBox(
            [
                widgets.Checkbox(
                    value=False,
                    indent=False,
                    description=choice_label(spec, v, lang),
                    style=shared_style("box"),
                    layout=FULL,
                )
                for v in spec.choices
            ]
        )
    common["style"] = shared_style("text")
    if spec.kind in ("long", "lines"):
        rows = 5 if spec.kind == "long" else 3
        return widgets.Textarea(rows=rows, continuous_update=False, **common)
    return widgets.Text(continuous_update=False, **common)


class FieldWidget:
    """One question: input, help line and error line, stacked."""

    def __init__(self, spec: FieldSpec, lang: str, path: str | None = None, hideable=False):
        self.spec = spec
        self.path = path or spec.path  # rows have their index in the path
        self.input = make_input(spec, lang)
        label = field_label(spec.path, lang)
        self.title = widgets.Label(value=label) if spec.kind == "multi" else None
        self.help = widgets.Label(
            value=field_help(spec.path, lang), style=shared_style("help"), layout=HELP_LAYOUT
        )
        # Empty, it takes no room (CSS in ddkit.ui.safe): no layout of its own to toggle.
        self.error = widgets.Label(style=shared_style("error"), layout=HELP_LAYOUT)
        self.error.add_class("ddkit-error")
        parts = [p for p in (self.title, self.input, self.help, self.error) if p is not None]
        # Only a question that can hide needs a layout of its own.
        layout = widgets.Layout(margin="0 0 0.9em 0", width="100%") if hideable else QUESTION_LAYOUT
        self.box = widgets.VBox(parts, layout=layout)
        self._problem: Problem | None = None
        self._quiet = False
        self.lang = lang
        self.relabel(lang)
        self.set_value(spec.default)

    # ------------------------------------------------------------ language

    def relabel(self, lang: str) -> None:
        """Show label, help, choices and error in ``lang``, keeping the answer."""
        self.lang = lang
        label = field_label(self.spec.path, lang)
        if self.title is not None:
            self.title.value = label
            for box, value in zip(self.input.children, self.spec.choices, strict=True):
                box.description = choice_label(self.spec, value, lang)
        else:
            self.input.description = label
        self.help.value = field_help(self.spec.path, lang)
        if self.spec.kind == "choice":
            self._relabel_choices(lang)
        self.show_problem(self._problem)

    def _relabel_choices(self, lang: str) -> None:
        # Replacing a Dropdown's options resets its value: put the answer back.
        keep = self.input.value
        options = choice_options(self.spec, lang)
        if options == list(self.input.options):
            return
        self._quiet = True  # the answer has not changed, only its wording
        try:
            self.input.options = options
            self.input.value = keep if keep in {v for _, v in options} else options[0][1]
        finally:
            self._quiet = False

    # ------------------------------------------------------------ errors

    def show_problem(self, problem: Problem | None) -> None:
        """Show (or clear) what is wrong, under the question: its label and the reason."""
        from ddkit.errors import FieldIssue
        from ddkit.ui.words import issue_line

        self._problem = problem
        if problem is None:
            self.error.value = ""
            self.input.remove_class(INVALID_CLASS)
            return
        issue = FieldIssue(self.path, problem.code, dict(problem.ctx))
        label = field_label(self.spec.path, self.lang)
        self.error.value = issue_line(issue, self.lang, name=label)
        self.input.add_class(INVALID_CLASS)

    @property
    def has_problem(self) -> bool:
        return self._problem is not None

    def focus(self) -> None:
        """Put the keyboard focus in the question (its first box, for a list of choices)."""
        target = self.input.children[0] if self.spec.kind == "multi" else self.input
        target.focus()

    # ------------------------------------------------------------ values

    def raw(self) -> Any:
        """The value as the widget holds it (checked by :meth:`checked_value`)."""
        if self.spec.kind == "multi":
            return [
                v
                for box, v in zip(self.input.children, self.spec.choices, strict=True)
                if box.value is True
            ]
        return self.input.value

    def checked_value(self) -> tuple[Any, Problem | None]:
        """The answer in the case's format, or the problem that stops it being used."""
        raw = self.raw()
        problem = check_value(self.spec, raw, self.path)
        if problem is not None:
            return None, problem
        return to_case_value(self.spec, raw), None

    def set_value(self, value: Any) -> None:
        """Show an answer in the case's format (from a draft or a saved case)."""
        raw = from_case_value(self.spec, value)
        if self.spec.kind == "multi":
            for box, choice in zip(self.input.children, self.spec.choices, strict=True):
                box.value = choice in raw
        else:
            self.input.value = raw

    def observe(self, callback) -> None:
        """Call ``callback`` whenever the answer changes."""
        targets = self.input.children if self.spec.kind == "multi" else (self.input,)

        def changed(change) -> None:
            if not self._quiet:
                callback(change)

        for target in targets:
            target.observe(changed, names="value")


def _blank(lang: str) -> str:
    from ddkit.i18n import t

    return t("ui.choice.blank", lang)


def to_case_value(spec: FieldSpec, raw: Any) -> Any:
    """Turn a checked widget value into what the case model expects.

    >>> to_case_value(FieldSpec("person.aliases", "lines"), "Ana\\n\\n Anita ")
    ['Ana', 'Anita']
    >>> to_case_value(FieldSpec("person.phone", "text"), "  ") is None
    True
    """
    kind = spec.kind
    if kind in ("text", "long", "opt_int"):
        return raw.strip() or None
    if kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if kind == "date":
        return raw.isoformat() if raw else None
    if kind == "choice":
        return raw or None
    return list(raw) if kind == "multi" else raw


def from_case_value(spec: FieldSpec, value: Any) -> Any:
    """Turn a value from a case or draft into what the widget shows; odd values become blank.

    >>> from_case_value(FieldSpec("person.aliases", "lines"), ["Ana", "Anita"])
    'Ana\\nAnita'
    >>> from_case_value(FieldSpec("custody.detained_since", "date"), "2025-02-30") is None
    True
    """
    kind = spec.kind
    if kind in ("text", "long"):
        return "" if value is None else str(value)
    if kind == "opt_int":
        return "" if value is None else str(value)
    if kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else ""
    if kind == "date":
        return _to_date(value)
    if kind == "bool":
        return value is True
    if kind == "int":
        low = spec.minimum or 0
        high = spec.maximum if spec.maximum is not None else 10**6
        return min(max(value, low), high) if isinstance(value, int) else low
    if kind == "choice":
        return value if value in spec.choices else ("" if not spec.required else spec.choices[0])
    return [v for v in value if v in spec.choices] if isinstance(value, list) else []


def _to_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
