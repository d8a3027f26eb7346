"""Repeatable rows: one box of questions per arrest, charge or conviction.

The questions come from :class:`ddkit.case.CriminalRecord`. Loading rows replaces what is on
screen; it never appends to it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ipywidgets as widgets

from ddkit.case import Case, CriminalRecord, Problem
from ddkit.i18n import t
from ddkit.ui.fields import field_specs
from ddkit.ui.inputs import FieldWidget

PART = "criminal_history"
MAX_ROWS = Case.model_fields[PART].metadata[0].max_length


@cache
def row_specs():
    """The questions about one record, generated from :class:`~ddkit.case.CriminalRecord`."""
    return tuple(field_specs(CriminalRecord, PART + "."))


class Row:
    """The questions about one record, with a button to remove it."""

    def __init__(self, index: int, lang: str):
        self.specs = row_specs()
        self.fields = {
            spec.name: FieldWidget(spec, lang, path=f"{PART}.{index}.{spec.name}")
            for spec in self.specs
        }
        self.heading = widgets.Label(
            value=t("ui.rows.heading", lang, n=index + 1), style={"font_weight": "bold"}
        )
        self.remove = widgets.Button(description=t("ui.rows.remove", lang, n=index + 1))
        self.box = widgets.VBox(
            [self.heading, *(f.box for f in self.fields.values()), self.remove],
            layout=widgets.Layout(border="1px solid #ccc", padding="0.5em", margin="0 0 1em 0"),
        )
        self.index = index
        self.relabel(lang)

    def renumber(self, index: int, lang: str) -> None:
        self.index = index
        for name, field in self.fields.items():
            field.path = f"{PART}.{index}.{name}"
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        number = self.index + 1
        self.heading.value = t("ui.rows.heading", lang, n=number)
        self.remove.description = t("ui.rows.remove", lang, n=number)
        self.remove.tooltip = self.remove.description
        for field in self.fields.values():
            field.relabel(lang)


class RowList:
    """Every record of the criminal history, with "add" and "remove"."""

    def __init__(self, lang: str, on_change, guard):
        self.lang = lang
        self.rows: list[Row] = []
        self._on_change = on_change
        self._guard = guard
        self.empty = widgets.Label()
        self.rows_box = widgets.VBox()
        self.add = widgets.Button()
        self.add.on_click(guard("add_row")(self._add_clicked))
        self.box = widgets.VBox([self.empty, self.rows_box, self.add])
        self.relabel(lang)

    def _add_clicked(self, _button=None) -> None:
        if len(self.rows) >= MAX_ROWS:  # a disabled button's click still arrives
            return
        self.add_row()
        self._on_change()

    def add_row(self, values: dict[str, Any] | None = None) -> Row:
        row = Row(len(self.rows), self.lang)
        for name, value in (values or {}).items():
            if name in row.fields:
                row.fields[name].set_value(value)
        row.remove.on_click(self._guard("remove_row")(lambda _b, row=row: self.remove_row(row)))
        for field in row.fields.values():
            field.observe(lambda _change: self._on_change())
        self.rows.append(row)
        self._refresh()
        return row

    def remove_row(self, row: Row) -> None:
        if row not in self.rows:  # a second click on a removed row's button
            return
        self.rows.remove(row)
        for index, other in enumerate(self.rows):
            other.renumber(index, self.lang)
        self._refresh()
        self._on_change()

    def set_rows(self, records: list[dict[str, Any]] | None) -> None:
        """Show exactly these records (loading replaces, never appends)."""
        self.rows = []
        for record in (records or [])[:MAX_ROWS]:
            if isinstance(record, dict):
                self.add_row(record)
        self._refresh()

    def _refresh(self) -> None:
        self.rows_box.children = [row.box for row in self.rows]
        self.add.disabled = len(self.rows) >= MAX_ROWS
        self.empty.layout.display = "none" if self.rows else ""

    def relabel(self, lang: str) -> None:
        self.lang = lang
        self.empty.value = t("ui.rows.empty", lang)
        self.add.description = t("ui.rows.add", lang)
        for row in self.rows:
            row.relabel(lang)

    def field(self, path: str) -> FieldWidget | None:
        """The question at ``criminal_history.<n>.<name>``, if it is on screen."""
        parts = path.split(".")
        if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) >= len(self.rows):
            return None
        return self.rows[int(parts[1])].fields.get(parts[2])

    def values(self) -> tuple[list[dict[str, Any]], list[Problem]]:
        """Every record in the case's format, and the problems with what the browser sent."""
        records, problems = [], []
        for row in self.rows:
            record: dict[str, Any] = {}
            for name, field in row.fields.items():
                value, problem = field.checked_value()
                if problem:
                    problems.append(problem)
                elif value is not None:
                    record[name] = value
            records.append(record)
        return records, problems

    def all_fields(self) -> list[FieldWidget]:
        return [field for row in self.rows for field in row.fields.values()]
