"""The case page: what the committee needs about one case, after saving it or opening it.

From top to bottom: the dates that cannot move (nearest first, as a calendar file too), what
to do next (the assessment's interventions with their cautions, each with a "done" box that
is kept), what to keep in mind (the flags), the campaign plan (public tasks marked), the
consent and its withdrawal, the letters this
case may have (with who signs each and what it needs), and the one-page summary for the
committee. Interventions and flags come from the assessment, so new ones from the law data
show here without a change to this page.

Files are prepared on request and travel inside the page as links; leaving the page or
locking closes them, so no file stays in the browser's widget state.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from ddkit.i18n import LANGS, t
from ddkit.ui import safe

K = "ui_session.case"
LANG_NAMES = {"en": "English", "es": "Español"}
WIDE = widgets.Layout(width="100%", max_width="46em")


class CasePage:
    """One case on screen. ``session`` gives ``lang``, ``store``, ``guard``, ``edit`` and
    ``show_list``; :meth:`show` fills the page."""

    def __init__(self, session):
        self.session = session
        self.case_id: str | None = None
        self.case = None
        self.code = ""
        self.assessment = None
        self.head = safe.blocks_widget()
        self.dates = safe.blocks_widget()
        self.ics_button = widgets.Button()
        self.ics_link = widgets.Box()
        self.steps = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.flags = safe.blocks_widget()
        self.plan = safe.blocks_widget()
        self.consent = safe.blocks_widget()
        self.withdraw_button = widgets.Button(button_style="danger")
        self.consent_notice = safe.notice_widget()
        self.letter_kinds = safe.blocks_widget()
        self.letters_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.summary_head = safe.blocks_widget()
        self.summary_lang = widgets.Dropdown(options=[(LANG_NAMES[c], c) for c in LANGS],
                                             style={"description_width": "initial"})  # fmt: skip
        self.identifiers = widgets.Checkbox(indent=False, layout=WIDE)
        self.summary_button = widgets.Button()
        self.summary_link = widgets.Box()
        self.edit_button = widgets.Button(button_style="primary")
        self.back_button = widgets.Button()
        self.done_boxes: dict[str, widgets.Checkbox] = {}
        self.done: set[str] = set()  # what the store's trackers say is done for this case
        self.letters = None
        guard = session.guard
        self.ics_button.on_click(guard("calendar")(self.prepare_calendar))
        self.withdraw_button.on_click(guard("withdraw_consent")(self.withdraw))
        self.summary_button.on_click(guard("summary")(self.prepare_summary))
        self.edit_button.on_click(guard("edit_answers")(lambda _b=None: session.edit(self.case_id)))
        self.back_button.on_click(guard("my_cases")(lambda _b=None: session.show_list()))
        self.box = widgets.VBox(
            [
                self.head,
                widgets.HBox([self.edit_button, self.back_button]),
                self.dates, self.ics_button, self.ics_link,
                self.steps, self.flags, self.plan,
                self.consent, self.withdraw_button, self.consent_notice,
                self.letter_kinds, self.letters_box,
                self.summary_head, self.summary_lang, self.identifiers, self.summary_button,
                self.summary_link,
            ],
            layout=widgets.Layout(width="100%"),
        )  # fmt: skip
        self.box.add_class("ddkit-case-page")

    @property
    def lang(self) -> str:
        return self.session.lang

    # ------------------------------------------------------------ filling the page

    def show(self, case_id: str, case, on: date | None = None) -> None:
        """Show this case (just saved, or opened from the list)."""
        from ddkit.assess import assess
        from ddkit.store.codes import case_code

        self.clear_files()
        self.case_id, self.case = case_id, case
        self.code = case_code(case_id)
        self.assessment = assess(case, on)
        self.summary_lang.value = self.lang
        self.identifiers.value = False
        safe.set_notice(self.consent_notice, "")
        self._build_steps()
        self._build_letters()
        self.relabel()

    def _build_steps(self) -> None:
        for box in self.done_boxes.values():
            box.close()
        self.done_boxes = {}
        done = self._done()
        self.done = done or set()
        rows = []
        for intervention in self.assessment.interventions:
            text = safe.blocks_widget()
            rows.append(text)
            if done is not None:
                box = widgets.Checkbox(value=intervention.id in done, indent=False)
                box.observe(self.session.guard("mark_done")(
                    lambda change, i=intervention.id: self.mark_done(i, change["new"])
                ), names="value")  # fmt: skip
                self.done_boxes[intervention.id] = box
                rows.append(box)
        self.steps.children = rows

    def _done(self) -> set[str] | None:
        """What was marked done for this case (the store's actions tracker), or ``None``
        where the store cannot keep it."""
        store = self.session.store
        if not (hasattr(store, "mark_done") and hasattr(store, "tracker")):
            return None
        return set(store.tracker(self.case_id).actions())

    def mark_done(self, intervention_id: str, value: bool) -> None:
        """Keep the "done" mark of one intervention in the store, keyed by the case id and the
        intervention id; taking the mark off removes the action logged."""
        if intervention_id not in {i.id for i in self.assessment.interventions}:
            return
        store = self.session.store
        if value is True:
            if intervention_id not in store.tracker(self.case_id).actions():
                store.mark_done(self.case_id, intervention_id)
        else:
            for entry in store.tracker(self.case_id).entries:
                if entry.what == "action" and entry.task == intervention_id:
                    store.remove_entry(self.case_id, entry.id)
        self.done = set(store.tracker(self.case_id).actions())
        safe.set_blocks(self.plan, self._plan_blocks(self.lang))  # a task of the same id

    def _build_letters(self) -> None:
        from ddkit.letters.allowed import kinds_for
        from ddkit.ui.downloads import letters_available

        self.kinds = kinds_for(self.case, self.assessment)
        if self.letters is not None:
            self.letters.close()
            self.letters = None
        self.letters_box.children = []
        if self.kinds and letters_available():
            from ddkit.ui.caseletters import CaseLetters

            self.letters = CaseLetters(self)
            self.letters_box.children = [self.letters.box]

    # ------------------------------------------------------------ words

    def relabel(self) -> None:
        """Every word of the page in the screen language."""
        if self.case is None:
            return
        lang = self.lang
        safe.set_blocks(self.head, self._head_blocks(lang))
        safe.set_blocks(self.dates, self._date_blocks(lang))
        self.ics_button.description = t(f"{K}.ics_prepare", lang)
        self._relabel_steps(lang)
        safe.set_blocks(self.flags, self._flag_blocks(lang))
        safe.set_blocks(self.plan, self._plan_blocks(lang))
        safe.set_blocks(self.consent, self._consent_blocks(lang))
        c = self.case.consent
        self.withdraw_button.description = t(f"{K}.withdraw", lang)
        given = c.public_campaign or c.congressional_contact
        self.withdraw_button.layout.display = "" if given else "none"
        safe.set_blocks(self.letter_kinds, self._letter_blocks(lang))
        if self.letters is not None:
            self.letters.relabel()
        safe.set_blocks(self.summary_head, [("h3", t(f"{K}.summary_heading", lang)),
                                            ("p", t(f"{K}.summary_help", lang))])  # fmt: skip
        self.summary_lang.description = t(f"{K}.summary_lang", lang)
        self.identifiers.description = t(f"{K}.identifiers", lang)
        self.summary_button.description = t(f"{K}.summary_prepare", lang)
        self.edit_button.description = t(f"{K}.edit", lang)
        self.back_button.description = t(f"{K}.back", lang)

    def _head_blocks(self, lang: str) -> list[tuple[str, str]]:
        case = self.case
        blocks = [("h2", t(f"{K}.heading", lang, name=case.person.name, code=self.code))]
        stage = t(f"choice.stage.{case.proceedings.stage}", lang)
        detained = t(f"{K}.detained" if case.custody.detained else f"{K}.not_detained", lang)
        blocks.append(("p", f"{stage}. {detained}"))
        if case.fictional:
            blocks.append(("p", t(f"{K}.fictional", lang)))
        return blocks

    def _date_blocks(self, lang: str) -> list[tuple[str, str]]:
        from ddkit.deadlines import case_deadlines
        from ddkit.letters.context import format_date

        blocks = [("h3", t(f"{K}.dates", lang))]
        found = case_deadlines(self.case, self.assessment)
        if not found:
            return [*blocks, ("p", t(f"{K}.no_dates", lang))]
        for deadline in found:
            what = t(f"campaign.event.{deadline.event}", lang) if deadline.event else ""
            text = f"{format_date(deadline.day, lang)}: {what or t(f'{K}.deadline', lang)}"
            due = [t(f"assess.intervention.{i}", lang) for i in deadline.interventions]
            if due:
                text += " — " + ", ".join(due)
            if deadline.passed(self.assessment.on):
                text += " " + t(f"{K}.passed", lang)
            blocks.append(("p", "• " + text))
        return blocks

    def _relabel_steps(self, lang: str) -> None:
        from ddkit.letters.context import format_date

        texts = [w for w in self.steps.children if not isinstance(w, widgets.Checkbox)]
        heading = [("h3", t(f"{K}.next", lang))]
        for n, (intervention, text) in enumerate(
            zip(self.assessment.interventions, texts, strict=True)
        ):
            title = t(f"assess.intervention.{intervention.id}", lang)
            if intervention.deadline:
                title += " — " + t(f"{K}.by", lang, day=format_date(intervention.deadline, lang))
            blocks = [*(heading if n == 0 else []), ("h4", f"{intervention.rank}. {title}")]
            blocks += [("p", why[lang]) for why in intervention.why]
            blocks += [("p", t(f"{K}.caution", lang, text=c[lang])) for c in intervention.cautions]
            safe.set_blocks(text, blocks)
        for intervention_id, box in self.done_boxes.items():
            title = t(f"assess.intervention.{intervention_id}", lang)
            box.description = t(f"{K}.done", lang, what=title)

    def _flag_blocks(self, lang: str) -> list[tuple[str, str]]:
        if not self.assessment.flags:
            return []
        blocks = [("h3", t(f"{K}.flags", lang))]
        for flag in self.assessment.flags:
            blocks.append(
                ("p", "• " + f"{t(f'assess.flag_title.{flag.id}', lang)}: {flag.why[lang]}")
            )
        return blocks

    def _plan_blocks(self, lang: str) -> list[tuple[str, str]]:
        """The campaign plan's tasks by date; public ones say so (consent decides them), tasks
        marked done say so (the store's trackers), and the limits the person set on going
        public follow the public tasks."""
        from ddkit.campaign.plan import plan
        from ddkit.letters.context import format_date

        table = plan(self.case, self.assessment, lang=lang)
        blocks = [("h3", t(f"{K}.plan", lang))]
        for row in table.itertuples(index=False):
            text = f"{format_date(row.date, lang)}: {row.title}"
            if row.public:
                text += " " + t(f"{K}.public_task", lang)
            if row.task in self.done:
                text += " " + t(f"{K}.task_done", lang)
            blocks.append(("p", "• " + text))
        if not table["public"].any():
            return [*blocks, ("p", t(f"{K}.no_public", lang))]
        limits = [t(f"campaign.note.limit.{limit}", lang) for limit in self.case.consent.limits]
        if self.case.consent.other_limits:
            limits.append(t("documents.summary.other_limits", lang,
                            text=self.case.consent.other_limits))  # fmt: skip
        if limits:
            blocks.append(("p", t(f"{K}.limits", lang, limits=" ".join(limits))))
        return blocks

    def _consent_blocks(self, lang: str) -> list[tuple[str, str]]:
        from ddkit.letters.context import format_date

        c = self.case.consent
        yes = {True: t("common.yes", lang), False: t("common.no", lang)}
        blocks = [
            ("h3", t(f"{K}.consent", lang)),
            ("p", "• " + t("documents.summary.public", lang, answer=yes[c.public_campaign])),
            (
                "p",
                "• " + t("documents.summary.congress", lang, answer=yes[c.congressional_contact]),
            ),
        ]
        if c.explained_by or c.explained_on:
            day = format_date(c.explained_on, lang) if c.explained_on else "—"
            who, language = c.explained_by or "—", c.explained_in or "—"
            text = t("documents.summary.explained", lang, who=who, day=day, language=language)
            blocks.append(("p", "• " + text))
        elif c.public_campaign or c.congressional_contact:
            blocks.append(("p", "• " + t(f"{K}.not_explained", lang)))
        if c.limits:
            names = ", ".join(t(f"choice.limits.{limit}", lang) for limit in c.limits)
            blocks.append(("p", "• " + t("documents.summary.limits", lang, limits=names)))
        if c.other_limits:
            blocks.append(
                ("p", "• " + t("documents.summary.other_limits", lang, text=c.other_limits))
            )
        if c.withdrawn_on:
            day = format_date(c.withdrawn_on, lang)
            blocks.append(("p", "• " + t("documents.summary.withdrawn", lang, day=day)))
        return blocks

    def _letter_blocks(self, lang: str) -> list[tuple[str, str]]:
        from ddkit.letters.context import field_label
        from ddkit.letters.kinds import kind_info

        blocks = [("h3", t(f"{K}.letters", lang))]
        if not self.kinds:
            return [*blocks, ("p", t(f"{K}.no_letters", lang))]
        for kind in self.kinds:
            info = kind_info(kind, lang)
            needs = [field_label(p, lang) for p in info.needs if p.startswith("signer.")]
            blocks += [("h4", info.title), ("p", t(f"{K}.signed_by", lang, who=info.signed_by))]
            if needs:
                blocks.append(("p", t(f"{K}.needs", lang, what=", ".join(needs))))
        return blocks

    # ------------------------------------------------------------ actions

    def prepare_calendar(self, _button=None) -> None:
        """The dates still ahead as an ``.ics`` file, offered as a link (named by the code)."""
        from ddkit.deadlines import case_deadlines, deadlines_ics
        from ddkit.documents.files import filename

        if self.case is None:
            return
        on = self.assessment.on
        data = deadlines_ics(case_deadlines(self.case, self.assessment), self.code, self.lang, on)
        name = filename("dates", self.code, on, "ics")
        self._offer(self.ics_link, data, name)

    def prepare_summary(self, _button=None) -> None:
        """The one-page summary PDF in the language chosen, identifiers only if ticked."""
        from ddkit.documents.summary import summary_filename, summary_pdf

        if self.case is None or self.summary_lang.value not in LANGS:
            return
        identifiers = self.identifiers.value is True
        data = summary_pdf(self.case, self.code, self.summary_lang.value, on=self.assessment.on,
                           identifiers=identifiers, assessment=self.assessment)  # fmt: skip
        self.session.record("summary_ids" if identifiers else "summary", self.case_id)
        self._offer(self.summary_link, data, summary_filename(self.code, self.assessment.on))

    def _offer(self, holder: widgets.Box, data: bytes, name: str) -> None:
        for old in holder.children:
            old.close()
        label = t(f"{K}.download", self.lang, file=name)
        holder.children = [safe.download_widget(data, name, label)]

    def withdraw(self, _button=None) -> None:
        """The person takes back every consent: one press, recorded in the audit log."""
        if self.case is None:
            return
        case = self.session.store.withdraw_consent(self.case_id)
        self.show(self.case_id, case, self.assessment.on)
        safe.set_notice(self.consent_notice, t(f"{K}.withdrawn", self.lang), "ok")

    # ------------------------------------------------------------ leaving

    def clear_files(self) -> None:
        """Close every prepared file, so that none stays in the browser's widget state."""
        for holder in (self.ics_link, self.summary_link):
            for old in holder.children:
                old.close()
            holder.children = []
        if self.letters is not None:
            self.letters.reset()

    def clear(self) -> None:
        """Forget the case and close what showed it (locking, or going back to the list)."""
        self.clear_files()
        for box in self.done_boxes.values():
            box.close()
        self.done_boxes = {}
        for widget in self.steps.children:
            widget.close()
        self.steps.children = []
        if self.letters is not None:
            self.letters.close()
            self.letters = None
        self.letters_box.children = []
        for blocks in (self.head, self.dates, self.flags, self.plan, self.consent,
                       self.letter_kinds):  # fmt: skip
            safe.set_blocks(blocks, [])
        self.case_id = self.case = self.assessment = None
        self.code = ""
        self.done = set()
