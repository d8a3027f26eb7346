"""The intake wizard inside a session: its callbacks count as input for the idle lock, and
saving opens the case page."""

from __future__ import annotations

from ddkit.ui.intake import IntakeForm


class SessionForm(IntakeForm):
    """:class:`~ddkit.ui.intake.IntakeForm` on the session's open store.

    The session's header holds the language and the lock, and the list replaces finding a
    case by its id, so the wizard's own language switch and "open by id" box do not show.
    """

    def __init__(self, session):
        self.session = session
        super().__init__(session._store, lang=session.lang, demo=session.demo,
                         open_store=lambda: session.store)  # fmt: skip
        for widget in (self.ui.language, self.ui.resume_id, self.ui.resume_button,
                       self.ui.title):  # fmt: skip
            widget.layout.display = "none"  # the header has the kit's name and the language
        self.ui.new_button.layout.display = "none"
        self.saved.show = self._saved  # the case page shows the saved case, not this panel

    def _saved(self, case, case_id: str) -> None:
        """Remember the saved case (the wizard's own "saved" panel is not built)."""
        self.saved.case, self.saved.case_id = case, case_id

    def guard(self, action: str):
        """The wizard's own guard, after counting the callback as input (idle lock)."""
        inner = super().guard(action)
        session = self.session

        def wrap(callback):
            run = inner(callback)

            def touched(*args, **kwargs):
                if session.locked:
                    return None
                session.idle.touch()
                try:
                    return run(*args, **kwargs)
                finally:
                    session.idle.touch()  # a slow save is not time spent idle

            return touched

        return wrap

    def _show_step(self) -> None:
        super()._show_step()
        self._show_step_titles()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._show_step_titles()

    def _show_step_titles(self) -> None:
        from ddkit.ui.chrome import step_title
        from ddkit.ui.steps import STEPS

        self.session.show_steps([step_title(s.id, self.lang) for s in STEPS], self.step)

    def save(self, _button=None) -> None:
        """Save (as the wizard does), then show the case page of the saved case."""
        before = self.saved.case
        super().save(_button)
        if self.saved.case is not None and self.saved.case is not before and self.case_id:
            self.session.show_case(self.case_id, self.saved.case)
