"""The campaign app's Trackers tab: log calls, letters and signatures, mark plan tasks done, and
see the charts, all kept in the case store with the case (:mod:`ddkit.store.trackers`).

Trackers belong to a case in the store: a case chosen from the store, or (in demo mode) the
practice case, kept in memory. A caller's name and a note are optional and sealed like the
case; the charts read what the store holds.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ddkit.campaign import trackers
from ddkit.campaign.plan import LETTER_KINDS
from ddkit.i18n import t
from ddkit.ui import safe

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="auto")


class TrackTab:
    """The widgets of the tab; the app gives it the store and the case id."""

    def __init__(self, app):
        self.app, self.lang = app, app.lang
        self.which = safe.notice_widget(self._tr("track_needs_case"))
        self.what = widgets.Dropdown(
            options=[(t(f"campaign.track.what.{w}", self.lang, kind="…"), w)
                     for w in trackers.LOGGED],  # fmt: skip
            description=self._tr("what"), style=_STYLE,
        )  # fmt: skip
        self.kind = widgets.Dropdown(
            options=[(t(f"campaign.letter_kind.{k}", self.lang), k) for k in LETTER_KINDS],
            description=self._tr("kind"), style=_STYLE,
        )  # fmt: skip
        self.count = widgets.BoundedIntText(value=1, min=1, max=trackers.MAX_COUNT,
                                            description=self._tr("count"), style=_STYLE)  # fmt: skip
        self.day = widgets.DatePicker(description=self._tr("day"), value=date.today(), style=_STYLE)
        self.caller = widgets.Text(
            description=self._tr("caller"), style=_STYLE, continuous_update=False
        )
        self.note = widgets.Text(
            description=self._tr("note"), style=_STYLE, continuous_update=False
        )
        self.log_button = widgets.Button(description=self._tr("log"), button_style="primary")
        self.log_button.on_click(app._guard("track")(self.log))
        self.task = widgets.Dropdown(options=[("—", "")], description=self._tr("task"),
                                     style=_STYLE)  # fmt: skip
        self.done_button = widgets.Button(description=self._tr("mark_done"))
        self.done_button.on_click(app._guard("track_done")(self.mark_done))
        refresh = widgets.Button(description=self._tr("refresh"))
        refresh.on_click(app._guard("track_show")(self.show))
        self.charts = [widgets.Image(format="png", layout=_WIDE) for _ in range(3)]
        self.done_view = safe.text_block("")
        marked = {name: app.marks.wrap(name, getattr(self, name))
                  for name in ("what", "kind", "count", "day", "caller", "note", "task")}  # fmt: skip
        self.box = widgets.VBox(
            [
                self.which,
                widgets.HBox([marked["what"], marked["kind"], marked["count"], marked["day"]]),
                widgets.HBox([marked["caller"], marked["note"], self.log_button, refresh]),
                widgets.HBox([marked["task"], self.done_button]),
                self.done_view,
                *self.charts,
            ]
        )

    def _tr(self, key: str, **values) -> str:
        return t(f"campaign.app.{key}", self.lang, **values)

    def _case_id(self) -> str:
        from ddkit.errors import UserError

        if self.app.case_id is None:
            raise UserError("campaign.app.track_needs_case")
        return self.app.case_id

    def plan_changed(self) -> None:
        """A new plan: its tasks can be marked done; say whose trackers these are."""
        plan = self.app.plan
        self.task.options = [("—", "")] + [
            (f"{row.date.isoformat()} · {row.title}", row.task)
            for row in plan.itertuples(index=False)
        ]
        if self.app.case_id is None:
            safe.set_notice(self.which, self._tr("track_needs_case"), "warning")
        else:
            from ddkit.store.codes import case_code

            safe.set_notice(self.which, self._tr("track_case", code=case_code(self.app.case_id)))
            self.show()

    def log(self, _button=None) -> None:
        """Log what the volunteer entered (in the store, with the case), then redraw."""
        what = self.what.value
        entry = trackers.make_entry(
            what, self.count.value, self.kind.value if what == "letter" else None, self.day.value,
            caller=self.caller.value if what == "call" else None, note=self.note.value,
        )  # fmt: skip
        self.app.store_for_trackers().log(self._case_id(), entry)
        self.caller.value = self.note.value = ""  # typed names do not linger on screen
        self.show()

    def mark_done(self, _button=None) -> None:
        """Mark the chosen plan task done today (or on the day chosen)."""
        tasks = list(self.app.plan["task"]) if self.app.plan is not None else []
        entry = trackers.make_action(self.task.value, self.day.value, self.note.value or None,
                                     tasks=tasks)  # fmt: skip
        self.app.store_for_trackers().log(self._case_id(), entry)
        self.note.value = ""
        self.show()

    def show(self, _button=None) -> None:
        """Draw the charts from the store: letters against targets, calls, signatures."""
        from ddkit.campaign.chart import counts_figure, figure_bytes, letters_figure

        tracker = self.app.store_for_trackers().tracker(self._case_id())
        plan = self.app.plan
        targets = trackers.plan_targets(plan) if plan is not None else {}
        figures = (
            letters_figure(trackers.letters_progress(tracker, targets), self.lang),
            counts_figure(tracker.per_day("call"), "calls", self.lang),
            counts_figure(tracker.per_day("signature"), "signatures", self.lang),
        )
        for image, figure in zip(self.charts, figures, strict=True):
            image.value = figure_bytes(figure, "png")
        titles = dict(zip(plan["task"], plan["title"], strict=True)) if plan is not None else {}
        done = [f"{e.on.isoformat()} · {titles.get(e.task) or _done_title(e.task, self.lang)}"
                for e in tracker.entries if e.what == "action"]  # fmt: skip
        head = t("campaign.track.actions", self.lang, total=len(done))
        safe.set_text_block(self.done_view, "\n".join([head, *done]))


def _done_title(task: str, lang: str) -> str:
    """The words for a task done that the plan has not (the case page marks interventions
    done, "What to do next"); never the bare id on screen."""
    from ddkit.i18n import has

    key = f"assess.intervention.{task}"
    return t(key, lang) if has(key, lang) else task
