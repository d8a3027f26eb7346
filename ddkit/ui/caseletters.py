"""The letters panel of the case page: only the kinds this case may have (``kinds_for``).

It is the intake's letter panel (:class:`~ddkit.ui.downloads.LetterOffer`), given the case
page instead of the form, and limited to the kinds the assessment and the consent allow.
"""

from __future__ import annotations

from ddkit.ui.downloads import LetterOffer, kinds_in


class _Saved:
    def __init__(self, page):
        self._page = page

    @property
    def case(self):
        return self._page.case


class _PageAsForm:
    """What :class:`LetterOffer` asks of its form, answered by the case page."""

    def __init__(self, page):
        self._page = page
        self.saved = _Saved(page)

    @property
    def lang(self) -> str:
        return self._page.lang

    def guard(self, action: str):
        return self._page.session.guard(action)

    def mark(self, problems) -> None:
        """The wizard marks the case's questions a letter needs; the case page has none to
        mark (the message lists them, and Edit answers goes to them)."""


class CaseLetters(LetterOffer):
    """Prepare a letter of one of the kinds the case page offers, as DOCX or PDF."""

    def __init__(self, page):
        self.page = page
        super().__init__(_PageAsForm(page))

    def allowed(self, lang: str) -> list[str]:
        return [kind for kind in kinds_in(lang) if kind in self.page.kinds]

    def _fill_kinds(self) -> None:
        from ddkit.letters.kinds import kind_info

        lang = self.lang.value
        keep = self.kind.value
        self.kind.options = [(kind_info(k, lang).title, k) for k in self.allowed(lang)]
        if keep in {v for _, v in self.kind.options}:
            self.kind.value = keep
        self._fill_signer()

    def prepare(self, fmt: str) -> None:
        if self.kind.value not in self.allowed(self.lang.value):
            return  # a kind the page does not offer for this case
        super().prepare(fmt)

    def close(self) -> None:
        """Close every widget of the panel (the page is left or locked)."""
        from ddkit.ui.session import close_tree

        self.reset()
        for widget in (*self.signer.values(), *getattr(self, "marks", {}).values()):
            widget.close()  # the boxes of other kinds are not on screen, but they exist
        close_tree(self.box)
