"""The campaign app's Congress tab: the district from the person's ZIP code, the member whose
office helps, and that office's email to ICE and call script.

A ZIP code that crosses a district line offers every district it touches and chooses none:
the volunteer confirms the person's district (from the full address) before a House member
is named. Nothing here names or drafts for a congressional office without the person's
consent to congressional contact. Every member shown comes with the data's source and date.
"""

from __future__ import annotations

import ipywidgets as widgets

from ddkit.i18n import t
from ddkit.ui import safe

_STYLE = {"description_width": "initial"}


class CongressTab:
    """The widgets of the tab; :meth:`show` fills them for the app's case."""

    def __init__(self, app):
        self.app, self.lang = app, app.lang
        self.zip = widgets.Text(
            description=self._tr("zip"), style=_STYLE, placeholder="78704", continuous_update=False
        )
        self.district = widgets.Dropdown(options=[("—", None)], description=self._tr("district"),
                                         style=_STYLE)  # fmt: skip
        self.member = widgets.Dropdown(options=[("—", "")], description=self._tr("member"),
                                       style=_STYLE)  # fmt: skip
        self.find_button = find = widgets.Button(description=self._tr("find_members"))
        find.on_click(app._guard("congress")(self.find))
        self.district.observe(lambda _: app._guard("congress")(self.show_members)(), names="value")
        self.member.observe(lambda _: app._guard("congress")(self.show_drafts)(), names="value")
        self.view = safe.text_block("")
        self.drafts = safe.text_block("")
        self.box = widgets.VBox(
            [
                widgets.HBox([app.marks.wrap("zip", self.zip), find]),
                widgets.HBox([self.district, self.member]),
                self.view,
                self.drafts,
            ]  # fmt: skip
        )
        self.lookup = None

    def _tr(self, key: str, **values) -> str:
        return t(f"campaign.app.{key}", self.lang, **values)

    def _consent(self) -> bool:
        case = self.app.case
        return case is not None and case.consent.congressional_contact

    def show(self) -> None:
        """After a plan is made: the case's ZIP code, and its districts if it has consent."""
        case = self.app.case
        self.zip.value = (case.person.zip or "") if case is not None else ""
        self.lookup = None
        self.district.options, self.member.options = [("—", None)], [("—", "")]
        safe.set_text_block(self.drafts, "")
        if not self._consent():
            safe.set_text_block(self.view, self._tr("no_congress_consent"))
            return
        if self.zip.value:
            self.find()
        else:
            safe.set_text_block(self.view, self._tr("give_zip"))

    def find(self, _button=None) -> None:
        """The districts the ZIP code touches; one is chosen only if there is just one."""
        from ddkit.campaign.congress import congress, seat_name

        if not self._consent():
            safe.set_text_block(self.view, self._tr("no_congress_consent"))
            return
        self.lookup = congress().lookup(zip_code=self.zip.value)
        seats = [(seat_name(target.state, d), f"{target.state}-{d}") for target in self.lookup.targets
                 for d, _ in target.house]  # fmt: skip
        confirm = [] if len(seats) == 1 else [(self._tr("confirm_district"), None)]
        self.district.options = confirm + seats
        self.district.value = seats[0][1] if len(seats) == 1 else None
        self.show_members()

    def chosen(self):
        """The lookup narrowed to the confirmed district, or ``None`` until it is confirmed."""
        from ddkit.campaign.congress import congress

        if self.lookup is None or not self.district.value:
            return None
        state, district = self.district.value.rsplit("-", 1)
        return congress().lookup(zip_code=self.lookup.zip.zip, district=district), state

    def show_members(self) -> None:
        """The senators and, once the district is confirmed, its House member."""
        from ddkit.campaign.congress import Lookup, congress
        from ddkit.campaign.congress_text import lookup_text
        from ddkit.ui.words import say

        if self.lookup is None:
            return
        picked = self.chosen()
        found = self.lookup
        if picked:
            narrowed, state = picked
            found = Lookup(narrowed.zip, tuple(x for x in narrowed.targets if x.state == state))
        text = lookup_text(found, congress().source, self.lang, word=say)
        if picked is None and len(self.district.options) > 1:
            text = self._tr("confirm_first") + "\n\n" + text
        safe.set_text_block(self.view, text)
        members = found.members if picked else tuple(m for m in found.members if m.chamber == "sen")
        options = [(f"{m.name} ({m.title(self.lang)}, {m.seat()})", m.bioguide) for m in members]
        self.member.options = [("—", "")] + options
        self.member.value = ""

    def show_drafts(self) -> None:
        """The chosen member's email to ICE and call script (with the field office, if known)."""
        from ddkit.campaign.congress import congress
        from ddkit.campaign.scripts import congressional_email, congressional_script, script_text
        from ddkit.errors import UserError
        from ddkit.letters.formats import to_markdown
        from ddkit.ui.words import screen_text

        if not self.member.value or not self._consent():
            safe.set_text_block(self.drafts, "")
            return
        member, app = congress().member(self.member.value), self.app
        texts = []
        for make, show in ((congressional_email, to_markdown), (congressional_script, script_text)):
            try:
                letter = make(app.case, app.assessment, self.lang, office=app.office,
                              member=member)  # fmt: skip
                texts.append(show(letter))
            except UserError as exc:
                texts.append(screen_text(exc, self.lang))
        texts.append(congress().source.note(self.lang))
        safe.set_text_block(self.drafts, "\n\n———\n\n".join(texts))
