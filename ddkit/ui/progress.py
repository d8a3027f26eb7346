"""A progress bar for notebooks and the Voilà app (the mass-letter packet, long exports).

It speaks the :class:`ddkit.documents.progress.Progress` protocol, so the same work code
drives a tqdm bar on the command line and this bar in a notebook::

    bar = WidgetProgress()
    display(bar.widget)
    write_mass_packet(table, letter_for, cover, out, progress=bar)
"""

from __future__ import annotations

import time

import ipywidgets as widgets

# Each update is a message to the browser; a few per second is smooth and cheap.
MIN_SECONDS = 0.2


class WidgetProgress:
    """An ipywidgets bar with a count under it ("1,200 / 10,000")."""

    def __init__(self, label: str = ""):
        self.bar = widgets.IntProgress(value=0, min=0, max=1, description=label)
        self.count = widgets.Label(value="")
        self.widget = widgets.VBox([self.bar, self.count])
        self.done = 0
        self.total = 0
        self._shown_at = 0.0

    def start(self, total: int, label: str = "") -> None:
        self.total, self.done = max(total, 0), 0
        self.bar.max = max(total, 1)
        self.bar.value = 0
        self.bar.bar_style = ""
        if label:
            self.bar.description = label  # Label-like: shown as text, never as HTML
        self._show(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._show()

    def finish(self) -> None:
        self._show(force=True)
        if self.done >= self.total:
            self.bar.bar_style = "success"

    def _show(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._shown_at < MIN_SECONDS:
            return
        self._shown_at = now
        self.bar.value = min(self.done, self.bar.max)
        self.count.value = f"{self.done:,} / {self.total:,}"
