"""My cases: the list shown right after unlocking, searchable, each case opened with a click.

Each line is one button that reads the whole line (name, code, stage, next date, last change,
draft), so a keyboard or a screen reader opens a case as easily as a mouse. Names come from
the store (:meth:`~ddkit.store.store.CaseStore.case_list`), opened in the kernel.

Only the lines on screen exist as widgets (SECURITY.md DEP-12): the browser holds the names
it shows and no others. A search that hides a line closes its widget, and the list shows
:data:`PAGE` lines at a time ("Show more" adds the next ones).
"""

from __future__ import annotations

from datetime import date, datetime

import ipywidgets as widgets

from ddkit.i18n import t
from ddkit.ui import safe

PAGE = 25
K = "ui_session.cases"
WIDE = widgets.Layout(width="100%", max_width="46em")
COLUMN = widgets.Layout(display="flex", flex_flow="column", width="100%", max_width="42em")


def _day(day: date | datetime | None, lang: str) -> str:
    from ddkit.letters.context import format_date

    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    return format_date(day, lang)


def entry_line(entry, lang: str) -> str:
    """What one line of the list says, in ``lang`` (plain text: a button's words).

    >>> from ddkit.store.listing import CaseEntry
    >>> e = CaseEntry("case", "0" * 32, "222-222", "Ana (fictional)", "final_order",
    ...               date(2026, 12, 8), "check_in", None)
    >>> entry_line(e, "en")
    'Ana (fictional) · 222-222 · Final order of removal · next: check-in, December 8, 2026'
    """
    if entry.damaged:
        return t(f"{K}.damaged", lang, code=entry.code)
    name = entry.name or t(f"{K}.no_name", lang)
    parts = [name, entry.code, t(f"choice.stage.{entry.stage}", lang)]
    if entry.next_day:
        event = t(f"campaign.event.{entry.next_event}", lang)
        parts.append(t(f"{K}.next", lang, event=event, day=_day(entry.next_day, lang)))
    if entry.updated:
        parts.append(t(f"{K}.changed", lang, day=_day(entry.updated, lang)))
    if entry.draft:
        parts.append(t(f"{K}.draft", lang))
    return " · ".join(parts)


class CaseList:
    """The list of cases and drafts, with a search box and a "New intake" button.

    Args:
        store: returns the open store (it has ``case_list()``).
        lang: the screen language.
        open_item: called with ``(kind, id)`` when a line is clicked.
        new_case: called when "New intake" is pressed.
        guard: wraps a callback so that a failure becomes a plain message.
    """

    def __init__(self, store, lang: str, open_item, new_case, guard):
        self.store, self.lang = store, lang
        self._open, self._guard = open_item, guard
        self.entries: list = []
        self.shown = PAGE
        self.heading = safe.blocks_widget()
        self.search = widgets.Text(continuous_update=False, layout=COLUMN)
        self.search.add_class("ddkit-q")
        self.search.observe(guard("search")(self._searched), names="value")
        self.new_button = widgets.Button(button_style="primary")
        self.new_button.on_click(guard("new_case")(lambda _b=None: new_case()))
        self.empty = widgets.Label()
        self.rows = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.more = widgets.Button()
        self.more.on_click(guard("more")(self._more))
        self.box = widgets.VBox(
            [self.heading, self.new_button, self.search, self.empty, self.rows, self.more],
            layout=widgets.Layout(width="100%"),
        )
        self.box.add_class("ddkit-cases")
        self.relabel(lang)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Read the list again from the store (names opened here, never stored elsewhere)."""
        self.entries = self.store().case_list()
        self.shown = PAGE
        self._show()

    def matching(self) -> list:
        text = self.search.value if isinstance(self.search.value, str) else ""
        return [e for e in self.entries if e.matches(text[:200])]

    # ------------------------------------------------------------ showing

    def _show(self) -> None:
        found = self.matching()
        self._close_rows()
        self.rows.children = [self._row(entry) for entry in found[: self.shown]]
        self.more.layout.display = "" if len(found) > self.shown else "none"
        if not self.entries:
            self.empty.value = t(f"{K}.none", self.lang)
        elif not found:
            self.empty.value = t(f"{K}.no_match", self.lang)
        else:
            self.empty.value = t(f"{K}.count", self.lang, shown=min(len(found), self.shown),
                                 total=len(found))  # fmt: skip

    def _row(self, entry) -> widgets.Button:
        button = widgets.Button(description=entry_line(entry, self.lang), layout=WIDE)
        button.add_class("ddkit-case-row")
        button.disabled = entry.damaged
        button.on_click(self._guard("open_case")(lambda _b=None, e=entry: self._open(e.kind, e.id)))
        return button

    def _close_rows(self) -> None:
        for row in self.rows.children:
            row.close()  # gone from the browser's widget state too, not only hidden
        self.rows.children = []

    def _searched(self, _change=None) -> None:
        self.shown = PAGE
        self._show()

    def _more(self, _button=None) -> None:
        self.shown += PAGE
        self._show()

    def relabel(self, lang: str) -> None:
        """Every word of the list in ``lang``."""
        self.lang = lang
        safe.set_blocks(self.heading, [("h2", t(f"{K}.heading", lang))])
        self.search.description = t(f"{K}.search", lang)
        self.search.placeholder = t(f"{K}.search_hint", lang)
        self.new_button.description = t(f"{K}.new", lang)
        self.more.description = t(f"{K}.more", lang)
        self._show()

    def clear(self) -> None:
        """Forget every entry and close every line (locking)."""
        self._close_rows()
        self.entries = []
        self.search.value = ""
