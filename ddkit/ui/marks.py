"""Marks next to a screen's own boxes, for the screens not built from the case model.

The campaign app's boxes (the ZIP code, how many, the plan task...) are not questions of the
intake, yet the same rule holds (issue 15): what is wrong shows next to the box, with its
label and the reason; the box gets the red frame of ``style.css``; the keyboard goes to the
first box marked. The wizard's questions have theirs in :class:`ddkit.ui.inputs.FieldWidget`.
"""

from __future__ import annotations

import ipywidgets as widgets

from ddkit.i18n import t
from ddkit.ui.inputs import INVALID_CLASS, shared_style


class Marks:
    """The boxes of a screen that can be marked, each by a short name."""

    def __init__(self, lang: str):
        self.lang = lang
        self.boxes: dict[str, widgets.Widget] = {}
        self.lines: dict[str, widgets.Label] = {}

    def wrap(self, name: str, box: widgets.Widget) -> widgets.VBox:
        """The box with its (empty) mark under it: put this on the screen instead of the box."""
        line = widgets.Label(style=shared_style("error"), layout=widgets.Layout(width="100%"))
        line.add_class("ddkit-error")  # empty, it takes no room (style.css)
        self.boxes[name], self.lines[name] = box, line
        return widgets.VBox([box, line], layout=widgets.Layout(width="auto"))

    def label(self, name: str) -> str:
        """The box's label as the screen shows it, without its closing colon."""
        return (self.boxes[name].description or "").strip().rstrip(":").strip()

    def mark(self, name: str, reason: str, *, focus: bool = True) -> None:
        """Mark one box: ``Label: reason`` under it, the red frame, and the focus in it."""
        box = self.boxes[name]
        self.lines[name].value = t("ui.words.issue", self.lang, field=self.label(name),
                                   reason=reason)  # fmt: skip
        box.add_class(INVALID_CLASS)
        if focus:
            box.focus()

    def marked(self) -> list[str]:
        return [name for name, line in self.lines.items() if line.value]

    def clear(self) -> None:
        for name, line in self.lines.items():
            line.value = ""
            self.boxes[name].remove_class(INVALID_CLASS)
