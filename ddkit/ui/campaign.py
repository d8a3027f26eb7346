"""The campaign app (``notebooks/apps/campaign.ipynb``): the plan, the field office, Congress,
the trackers.

A thin screen over :mod:`ddkit.campaign`: pick a case from the encrypted store, a fictional
practice case or a case file; see the dated plan and its timeline, save it as a calendar,
spreadsheet or one-pager; find the field office to file at, with the supporters' call script;
pick the district from the person's ZIP code and the member whose office helps
(:mod:`ddkit.ui.campaign_congress`); log calls, letters, signatures and tasks done in the
store, with the case (:mod:`ddkit.ui.campaign_track`).

Every text goes on screen through :mod:`ddkit.ui.safe` (escaped), charts as PNG images, and
every callback through :func:`ddkit.ui.errors.guarded` (a plain message, never a traceback).
In demo mode (Binder) only the practice cases are offered and the trackers stay in memory.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ddkit.i18n import check_lang, t
from ddkit.mode import is_demo
from ddkit.ui import safe
from ddkit.ui.errors import guarded
from ddkit.ui.marks import Marks
from ddkit.ui.words import say, screen_text

DOWNLOADS = ("ics", "csv", "xlsx", "md", "png")
_STYLE = {"description_width": "initial"}
# The box each problem is about, marked next to it (issue 15); the others show at the top.
BOX_FOR = {
    "campaign.app.no_case": "practice",
    "campaign.app.unlock_first": "passphrase",
    "store.error.no_passphrase": "passphrase",
    "store.error.wrong_passphrase": "passphrase",
    "store.error.weak_passphrase": "passphrase",
    "campaign.congress.bad_zip": "zip",
    "campaign.congress.unknown_zip": "zip",
    "campaign.congress.need_zip_or_state": "zip",
    "campaign.track.bad_what": "what",
    "campaign.track.bad_count": "count",
    "campaign.track.kind_needed": "kind",
    "campaign.track.bad_kind": "kind",
    "campaign.track.kind_not_allowed": "kind",
    "campaign.track.caller_for_calls": "caller",
    "campaign.track.caller_too_long": "caller",
    "campaign.track.note_too_long": "note",
    "campaign.track.bad_task": "task",
    "campaign.track.future_date": "day",
}


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
        from ddkit.ui.campaign_congress import CongressTab
        from ddkit.ui.campaign_track import TrackTab

        self.lang, self.demo = check_lang(lang), demo
        self.store = store  # the case store: opened on first use, or in memory in demo mode
        self.cases = _practice_cases()
        self.case = self.assessment = self.plan = self.case_id = self.office = None
        self.message = safe.notice_widget()
        self.marks = Marks(self.lang)
        self._case_inputs()
        self._plan_tab()
        self._office_tab()
        self.congress, self.tracking = CongressTab(self), TrackTab(self)
        self.day = self.tracking.day
        banner = [safe.notice_widget(t("campaign.app.demo", self.lang), "warning")] if demo else []
        tabs = (self.plan_box, self.office_box, self.congress.box, self.tracking.box)
        self.tabs = widgets.Tab(children=tabs)
        for n, key in enumerate(("plan_tab", "office_tab", "congress_tab", "track_tab")):
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
        """Wrap a callback: a problem with one box is marked next to it, with the focus in it;
        any other failure is a plain message at the top (with an error id)."""
        outer = guarded(
            lambda msg: safe.set_notice(self.message, msg, "error"),
            lambda: self.lang,
            self._logged_case_id,
            action,
        )

        def wrap(callback):
            def run(*args, **kwargs):
                from ddkit.errors import UserError

                self.marks.clear()
                try:
                    return callback(*args, **kwargs)
                except UserError as exc:
                    box = BOX_FOR.get(exc.key or "")
                    if box is None:
                        raise
                    self.marks.mark(box, screen_text(exc, self.lang))
                    safe.set_notice(self.message, self._tr("marked"), "error")
                    return None

            return outer(run)

        return wrap

    def _logged_case_id(self) -> str | None:
        return self.case_id  # a store's random id (or none): never anything typed

    # ------------------------------------------------------------ the store

    def store_for_trackers(self):
        """The case store the trackers live in (in memory in demo mode), opened on first use."""
        from ddkit.errors import UserError
        from ddkit.store import NoPassphrase, open_store

        if self.store is None:
            try:
                self.store = open_store(demo=self.demo)
            except NoPassphrase:
                raise UserError("campaign.app.unlock_first") from None
        return self.store

    def unlock(self, _button=None) -> None:
        """Open the case store with the passphrase typed (emptied at once), list its cases."""
        from ddkit.store import open_store

        secret, self.passphrase.value = self.passphrase.value, ""
        try:
            self.store = open_store(passphrase=secret or None, demo=False)
        finally:
            del secret
        self._list_stored()

    def _list_stored(self) -> None:
        entries = [e for e in self.store.case_list() if not e.draft]
        self.stored.options = [("—", "")] + [(f"{e.code} · {e.name or '—'}", e.id) for e in entries]
        self.unlock_box.layout.display = "none"
        self.stored.layout.display = None

    def _tr(self, key: str, **values) -> str:
        return t(f"campaign.app.{key}", self.lang, **values)

    # ------------------------------------------------------------ the case

    def _case_inputs(self) -> None:
        self.practice = widgets.Dropdown(
            options=[("—", "")] + [(name, name) for name in self.cases],
            description=self._tr("practice"),
            style=_STYLE,
        )
        inputs = [self.marks.wrap("practice", self.practice)]
        self.upload = None
        self.stored = widgets.Dropdown(options=[("—", "")], description=self._tr("stored"),
                                       style=_STYLE, layout=widgets.Layout(display="none"))  # fmt: skip
        self.passphrase = widgets.Password(
            description=self._tr("passphrase"), style=_STYLE, continuous_update=False
        )
        open_button = widgets.Button(description=self._tr("unlock"))
        open_button.on_click(self._guard("unlock")(self.unlock))
        self.unlock_box = widgets.HBox([self.marks.wrap("passphrase", self.passphrase),
                                        open_button])  # fmt: skip
        if self.demo:
            self.unlock_box.layout.display = "none"
        else:  # a real case, from the store or a file, only where data can stay private
            self.upload = widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False)
            self.upload.description = self._tr("upload")
            inputs += [self.stored, self.upload]
        self.on = widgets.DatePicker(
            description=self._tr("plan_from"), value=date.today(), style=_STYLE
        )
        self.make = widgets.Button(description=self._tr("make_plan"), button_style="primary")
        self.make.on_click(self._guard("plan")(self.make_plan))
        self.case_box = widgets.VBox(
            [self.unlock_box, widgets.HBox(inputs), widgets.HBox([self.on, self.make])]
        )
        if self.store is not None and not self.demo:
            self._list_stored()

    def _load_case(self):
        """The case chosen, and its id in the store (``None`` for a file or, outside demo
        mode, a practice case: those have no trackers)."""
        from ddkit.case import CaseError, parse_case_text
        from ddkit.errors import UserError

        if self.upload is not None and self.upload.value:
            item = self.upload.value[0]
            try:
                return parse_case_text(bytes(item["content"]), "case"), None
            except CaseError as exc:
                raise UserError.wrap(exc, self.lang) from None
        if self.stored.value:
            return self.store.load(self.stored.value), self.stored.value
        if self.practice.value:
            case = self.cases[self.practice.value]
            if self.demo:  # in memory only: the practice case gets an id for its trackers
                store = self.store_for_trackers()
                return case, store.save(case, idempotency_key=f"practice-{self.practice.value}")
            return case, None
        raise UserError("campaign.app.no_case")

    def make_plan(self, _button=None) -> None:
        """Assess the case on the chosen day and show its plan, timeline and downloads."""
        from ddkit.assess import assess
        from ddkit.campaign.plan import plan

        self.case, self.case_id = self._load_case()
        on = self.on.value or date.today()
        self.assessment = assess(self.case, on=on)
        self.plan = plan(self.case, self.assessment, on, lang=self.lang)
        safe.set_notice(self.message, "")
        self._show_plan()
        self._office_for_case()
        self.congress.show()
        self.tracking.plan_changed()

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
        self.county = widgets.Combobox(
            description=self._tr("county"), style=_STYLE, continuous_update=False
        )
        self.state.observe(self._state_changed, names="value")
        find = widgets.Button(description=self._tr("find_office"))
        find.on_click(self._guard("office")(self.show_office))
        self.office_view = safe.text_block("")
        self.script_view = safe.text_block("")
        self.office_box = widgets.VBox(
            [widgets.HBox([self.state, self.county, find]), self.office_view, self.script_view]
        )

    def _office_for_case(self) -> None:
        """The office to file at for the case (custody, else home), as the starting choice."""
        from ddkit.campaign.targets import filing_office

        where = filing_office(self.case)
        state = where.state or ""
        self.state.value = state if state in dict(self.state.options).values() else ""
        self.county.value = where.county or ""
        self.show_office(filing=where)

    def _state_changed(self, change) -> None:
        from ddkit.campaign.offices import counties

        self.county.value = ""
        self.county.options = tuple(c.name for c in counties(change["new"] or ""))

    def show_office(self, _button=None, filing=None) -> None:
        """Show the office for the chosen state (and county), and the supporters' script."""
        from ddkit.campaign.offices import find_office, office_text, table

        tab = table()
        if filing is not None and not filing.state:  # the case does not say where
            self.office = None
            lines = [filing.text(self.lang)] + [office_text(o, self.lang) for o in filing.offices]
            safe.set_text_block(self.office_view, "\n\n".join(lines))
            safe.set_text_block(self.script_view, self._scripts(None))
            return
        state = self.state.value
        if not state:
            return
        match = find_office(state, self.county.value or None)
        lines = [filing.text(self.lang)] if filing is not None else []
        if match.status != "found" and filing is None:
            lines.append(say(f"campaign.offices.{match.status}", self.lang, state=match.state,
                             county=match.county))  # fmt: skip
        lines += [office_text(o, self.lang) for o in match.offices]
        lines.append(t("campaign.offices.verify", self.lang, source=tab.source, as_of=tab.as_of))
        safe.set_text_block(self.office_view, "\n\n".join(lines))
        self.office = match.offices[0] if len(match.offices) == 1 else None
        safe.set_text_block(self.script_view, self._scripts(self.office))
        if self.congress.member.value:
            self.congress.show_drafts()  # the congressional drafts name the office too

    def _scripts(self, office) -> str:
        """The supporters' call script, when the person consents to a public campaign."""
        from ddkit.campaign.scripts import script_text, supporter_script
        from ddkit.errors import UserError

        if self.case is None or not self.case.consent.public_campaign:
            return ""
        try:
            return script_text(supporter_script(self.case, self.assessment, self.lang, office))
        except UserError as exc:
            return screen_text(exc, self.lang)
