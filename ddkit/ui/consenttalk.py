"""The consent talk: what the volunteer explains before the consent questions, in plain words.

Shown at the top of the wizard's consent step, in the screen language (the language it is
explained in is one of the questions below it): what a public campaign and a congressional
inquiry involve, who sees the person's name and story, that the person can set limits and
take consent back at any time, and what the legal data says about being visible
(:func:`ddkit.consent.visibility_cautions`, with each development's confidence word).
"""

from __future__ import annotations

from ddkit.i18n import t
from ddkit.ui import safe

K = "ui_session.consent"
PARTS = ("public", "congress", "who", "limits", "withdraw")


class ConsentTalk:
    """The explanation block of the consent step; :meth:`refresh` with the answers so far."""

    def __init__(self, lang: str):
        self.lang = lang
        self.cautions: tuple[dict[str, str], ...] = ()
        self.widget = safe.blocks_widget()
        self.widget.add_class("ddkit-consent-talk")
        self.relabel(lang)

    def refresh(self, answers: dict) -> None:
        """Read the cautions again for this case's place and today (answers may be partial)."""
        from ddkit.case import CaseError, parse_case
        from ddkit.consent import visibility_cautions

        try:
            case = parse_case(answers)
        except CaseError:
            case = parse_case({"person": {"name": "-"}})  # place unknown: every caution shows
        self.cautions = visibility_cautions(case)
        self.relabel(self.lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        blocks = [("h4", t(f"{K}.heading", lang))]
        blocks += [("p", t(f"{K}.{part}", lang)) for part in PARTS]
        if self.cautions:
            blocks.append(("h4", t(f"{K}.cautions", lang)))
            blocks += [("p", caution[lang]) for caution in self.cautions]
        safe.set_blocks(self.widget, blocks)
