"""The campaign app (``notebooks/apps/campaign.ipynb``): the plan, the field office, the trackers.

A thin screen over :mod:`ddkit.campaign`: pick a fictional practice case or open a case file,
see the dated plan and its timeline, save it as a calendar, spreadsheet or one-pager, find the
field office with the supporters' call script, and log letters, calls and signatures.

Every text goes on screen through :mod:`ddkit.ui.safe` (escaped), charts as PNG images, and
every callback through :func:`ddkit.ui.errors.guarded` (a plain message, never a traceback).
In demo mode (Binder) only the practice cases are offered and nothing is saved.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ddkit.campaign import trackers
from ddkit.campaign.plan import LETTER_KINDS
from ddkit.i18n import check_lang, t
from ddkit.mode import is_demo
from ddkit.ui import safe
from ddkit.ui.errors import guarded
from ddkit.ui.words import say, screen_text

DOWNLOADS = ("ics", "csv", "xlsx", "md", "png")
_WIDE = widgets.Layout(width="auto")
_STYLE = {"description_width": "initial"}


def campaign_app(lang: str = "en", *, demo: bool | None = None, store=None):
    """The campaign app, ready to show (the app notebook's first cell ends with it)."""
    from ddkit.ui.shown import when_shown

    app = CampaignApp(lang, demo=is_demo() if demo is None else demo, store=store)
    when_shown(app.page_shown)  # a preheated kernel may have built it days ago
    return app.widget


def _practice_cases() -> dict:
    from ddkit.workshop import practice_cases

    try:
        return practice_cases()
    except FileNotFoundError:
        return {}


class CampaignApp:
    """The widgets and their callbacks. Tests drive it with ``.value =`` and ``.click()``."""

    def __init__(self, lang: str = "en", *, demo: bool = False, store=None):
        self.lang, self.demo = check_lang(lang), demo
        self.store = store or trackers.default_store()
        self.cases = _practice_cases()
        self.case = self.assessment = self.plan = None
        self.message = safe.notice_widget()
        self._case_inputs()
        self._plan_tab()
        self._office_tab()
        self._track_tab()
        banner = [safe.notice_widget(t("campaign.app.demo", self.lang), "warning")] if demo else []
        self.tabs = widgets.Tab(children=[self.plan_box, self.office_box, self.track_box])
        for n, key in enumerate(("plan_tab", "office_tab", "track_tab")):
            self.tabs.set_title(n, t(f"campaign.app.{key}", self.lang))
        heading = safe.blocks_widget([("h2", t("campaign.app.title", self.lang))])
        self.widget = widgets.VBox(
            [safe.style_widget(), heading, *banner, self.case_box, self.message, self.tabs]
        )
        self.widget.add_class(safe.FORM_CLASS)

    def page_shown(self) -> None:
        """When the page is shown: the dates start from that day, not the kernel's."""
        self.on.value = self.day.value = date.today()

    # ------------------------------------------------------------ helpers

    def _guard(self, action: str):
        return guarded(
            lambda msg: safe.set_notice(self.message, msg, "error"),
            lambda: self.lang,
            self._logged_case_id,
            action,
        )

    def _logged_case_id(self) -> str | None:
        # Only a well-formed id reaches the log: a mistyped one could be a person's name.
        try:
            return trackers.check_case_id(self.case_id.value.strip())
        except Exception:  # noqa: BLE001
            return None

    def _tr(self, key: str, **values) -> str:
        return t(f"campaign.app.{key}", self.lang, **values)

    # ------------------------------------------------------------ the case

    def _case_inputs(self) -> None:
        self.practice = widgets.Dropdown(
            options=[("—", "")] + [(name, name) for name in self.cases],
            description=self._tr("practice"),
            style=_STYLE,
        )
        inputs = [self.practice]
        self.upload = None
        if not self.demo:  # a real case file only where data can stay private
            self.upload = widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False)
            self.upload.description = self._tr("upload")
            inputs.append(self.upload)
        self.on = widgets.DatePicker(
            description=self._tr("plan_from"), value=date.today(), style=_STYLE
        )
        self.make = widgets.Button(description=self._tr("make_plan"), button_style="primary")
        self.make.on_click(self._guard("plan")(self.make_plan))
        self.case_box = widgets.VBox([widgets.HBox(inputs), widgets.HBox([self.on, self.make])])

    def _load_case(self):
        from ddkit.case import CaseError, parse_case_text
        from ddkit.errors import UserError

        if self.upload is not None and self.upload.value:
            item = self.upload.value[0]
            try:
                return parse_case_text(bytes(item["content"]), "case")
            except CaseError as exc:
                raise UserError.wrap(exc, self.lang) from None
        if self.practice.value:
            return self.cases[self.practice.value]
        raise UserError("campaign.app.no_case")

    def make_plan(self, _button=None) -> None:
        """Assess the case on the chosen day and show its plan, timeline and downloads."""
        from ddkit.assess import assess
        from ddkit.campaign.plan import plan

        self.case = self._load_case()
        on = self.on.value or date.today()
        self.assessment = assess(self.case, on=on)
        self.plan = plan(self.case, self.assessment, on, lang=self.lang)
        safe.set_notice(self.message, "")
        self._show_plan()
        self.show_office()

    # ------------------------------------------------------------ plan tab

    def _plan_tab(self) -> None:
        self.plan_view = safe.blocks_widget()
        self.timeline = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.downloads = widgets.HBox(layout=widgets.Layout(grid_gap="1.5em", flex_flow="row wrap"))
        self.plan_box = widgets.VBox([self.plan_view, self.downloads, self.timeline])

    def _show_plan(self) -> None:
        from ddkit.campaign.chart import figure_bytes, timeline_figure
        from ddkit.campaign.exports import key_line, plan_bytes

        table, attrs = self.plan, self.plan.attrs
        blocks = [("h3", t("campaign.md.title", self.lang)), ("p", key_line(attrs, self.lang))]
        if attrs.get("law_reviewed"):
            day = attrs["law_reviewed"].isoformat()
            blocks.append(("p", t("law.reviewed", self.lang, day=day)))
        if attrs["compressed"]:
            blocks.append(("p", t("campaign.md.compressed", self.lang)))
        if not table["public"].any():
            blocks.append(("p", t("campaign.md.no_public", self.lang)))
        for row in table.itertuples(index=False):
            status = t(f"campaign.status.{row.status}", self.lang)
            blocks.append(("li", f"{row.date.isoformat()} · {row.title} · {row.owner} · {status}"))
        safe.set_blocks(self.plan_view, blocks)
        self.timeline.value = figure_bytes(timeline_figure(table, self.lang), "png")
        stamp = attrs["on"].strftime("%Y%m%d")
        self.downloads.children = [
            safe.download_widget(
                plan_bytes(table, fmt, self.lang),
                f"campaign-plan-{stamp}.{fmt}",  # never the person's name in a file name
                f"{self._tr('download')} .{fmt}",
            )
            for fmt in DOWNLOADS
        ]

    # ------------------------------------------------------------ office tab

    def _office_tab(self) -> None:
        from ddkit.campaign.offices import table

        self.state = widgets.Dropdown(
            options=[("—", "")] + [(s, s) for s in table().states()],
            description=self._tr("state"),
            style=_STYLE,
        )
        self.county = widgets.Combobox(description=self._tr("county"), style=_STYLE)
        self.state.observe(self._state_changed, names="value")
        find = widgets.Button(description=self._tr("find_office"))
        find.on_click(self._guard("office")(self.show_office))
        self.office_view = safe.text_block("")
        self.script_view = safe.text_block("")
        self.office_box = widgets.VBox(
            [widgets.HBox([self.state, self.county, find]), self.office_view, self.script_view]
        )

    def _state_changed(self, change) -> None:
        from ddkit.campaign.offices import counties

        self.county.value = ""
        self.county.options = tuple(c.name for c in counties(change["new"] or ""))

    def show_office(self, _button=None) -> None:
        """Show the office for the chosen state (and county), and the supporters' script."""
        from ddkit.campaign.offices import find_office, office_text, table

        state = self.state.value or (self.case.custody.state if self.case else None)
        if not state:
            return
        county = self.county.value or (self.case.custody.county if self.case else None)
        match = find_office(state, county or None)
        tab = table()
        lines = []
        if match.status != "found":
            lines.append(say(f"campaign.offices.{match.status}", self.lang, state=match.state,
                             county=match.county))  # fmt: skip
        lines += [office_text(o, self.lang) for o in match.offices]
        lines.append(t("campaign.offices.verify", self.lang, source=tab.source, as_of=tab.as_of))
        safe.set_text_block(self.office_view, "\n\n".join(lines))
        office = match.offices[0] if len(match.offices) == 1 else None
        safe.set_text_block(self.script_view, self._scripts(office))

    def _scripts(self, office) -> str:
        """The call scripts the person's consent allows: supporters', congressional staff's."""
        from ddkit.campaign.scripts import congressional_script, script_text, supporter_script
        from ddkit.errors import UserError

        if self.case is None:
            return ""
        texts = []
        consent = self.case.consent
        for allowed, make in (
            (consent.public_campaign, supporter_script),
            (consent.congressional_contact, congressional_script),
        ):
            if allowed:
                try:
                    texts.append(script_text(make(self.case, self.assessment, self.lang, office)))
                except UserError as exc:  # e.g. the letters engine asks for the staff's name
                    texts.append(screen_text(exc, self.lang))
        return "\n\n———\n\n".join(texts)

    # ------------------------------------------------------------ trackers tab

    def _track_tab(self) -> None:
        self.case_id = widgets.Text(description=self._tr("case_id"), style=_STYLE)
        self.what = widgets.Dropdown(
            options=[
                (t(f"campaign.track.what.{w}", self.lang, kind="…"), w) for w in trackers.WHAT
            ],
            description=self._tr("what"),
            style=_STYLE,
        )
        self.kind = widgets.Dropdown(
            options=[(t(f"campaign.letter_kind.{k}", self.lang), k) for k in LETTER_KINDS],
            description=self._tr("kind"),
            style=_STYLE,
        )
        self.count = widgets.BoundedIntText(
            value=1, min=1, max=trackers.MAX_COUNT, description=self._tr("count"), style=_STYLE
        )
        self.day = widgets.DatePicker(description=self._tr("day"), value=date.today(), style=_STYLE)
        log = widgets.Button(description=self._tr("log"), button_style="primary")
        log.on_click(self._guard("track")(self.log))
        refresh = widgets.Button(description=self._tr("refresh"))
        refresh.on_click(self._guard("track_show")(self.show_trackers))
        self.charts = [widgets.Image(format="png", layout=_WIDE) for _ in range(3)]
        self.track_box = widgets.VBox(
            [
                widgets.HBox([self.case_id, self.what, self.kind]),
                widgets.HBox([self.count, self.day, log, refresh]),
                *self.charts,
            ]
        )

    def log(self, _button=None) -> None:
        """Log what the volunteer entered, then redraw the charts."""
        kind = self.kind.value if self.what.value == "letter" else None
        entry = trackers.make_entry(self.what.value, self.count.value, kind, self.day.value)
        self.store.add(trackers.check_case_id(self.case_id.value.strip()), entry)
        self.show_trackers()

    def show_trackers(self, _button=None) -> None:
        """Draw the three charts: letters against targets, calls per day, signatures."""
        from ddkit.campaign.chart import counts_figure, figure_bytes, letters_figure

        tracker = self.store.load(trackers.check_case_id(self.case_id.value.strip()))
        targets = trackers.plan_targets(self.plan) if self.plan is not None else {}
        figures = (
            letters_figure(trackers.letters_progress(tracker, targets), self.lang),
            counts_figure(tracker.per_day("call"), "calls", self.lang),
            counts_figure(tracker.per_day("signature"), "signatures", self.lang),
        )
        for image, figure in zip(self.charts, figures, strict=True):
            image.value = figure_bytes(figure, "png")
