"""The app once the store is open: my cases, the wizard, the case page, and the lock.

A session starts right after the passphrase opened the store. It shows the list of cases
and drafts (or the wizard, when the store holds none yet), a case page after saving or
opening a case, and the wizard again to edit answers. "Lock now" and the automatic lock
(:mod:`ddkit.ui.lock`) end it: every widget the session made is closed, so the browser's
widget state keeps nothing of any case (not the answers, not the open case, not a prepared
file), the store is closed with its keys, and the app shows the unlock screen again.
"""

from __future__ import annotations

import ipywidgets as widgets

from ddkit.i18n import check_lang, t
from ddkit.ui import safe
from ddkit.ui.errors import guarded
from ddkit.ui.lock import IdleLock, lock_seconds

K = "ui_session"


def live_widgets() -> dict:
    """Every widget the kernel holds, by model id (ipywidgets' own registry)."""
    from ipywidgets.widgets.widget import _instances

    return _instances


def close_tree(widget) -> None:
    """Close a widget and every widget inside it (children first)."""
    for child in getattr(widget, "children", ()) or ():
        close_tree(child)
    widget.close()


def close_made_since(before: set[str]) -> None:
    """Close every widget made since ``before`` (a set of model ids), so that the browser
    forgets its state too. Layouts and styles stay: they hold no text, and many widgets
    share them."""
    from ipywidgets.widgets.widget_style import Style

    for model_id in set(live_widgets()) - before:
        widget = live_widgets().get(model_id)
        if widget is not None and not isinstance(widget, widgets.Layout | Style):
            widget.close()


class Session:
    """My cases, the wizard and the case page, behind a header with Lock now.

    Args:
        store: the open case store, or ``None`` to open it with ``open_store`` when needed.
        lang: the screen language.
        demo: demo mode (practice cases only).
        on_lock: called after locking, to show the unlock screen.
        seconds: idle time before the automatic lock (default: the setting); ``None`` never.
        open_store: opens the store (a passphrase set for the session, or demo mode).
        has_store: whether a store is there to open; without one, the wizard shows first
            and the store is made with the first draft, as before.
    """

    def __init__(self, store, lang: str, *, demo: bool = False, on_lock=None,
                 seconds: float | None | str = "setting", open_store=None,
                 has_store=None):  # fmt: skip
        self._before = set(live_widgets())  # never closed by the lock: not ours
        self._store, self._open_store = store, open_store
        self._has_store = has_store or (lambda: store is not None)
        self.lang, self.demo = check_lang(lang), demo
        self.on_lock = on_lock
        self.locked = False
        self.touched = False  # nothing done on the page yet
        self.form = None
        self._form_since: set[str] = set()
        self.idle = IdleLock(lock_seconds() if seconds == "setting" else seconds, self.lock)
        self.lock_button = widgets.Button(icon="lock")
        self.lock_button.on_click(self.guard("lock")(self.lock))
        self.language = widgets.ToggleButtons(options=[("English", "en"), ("Español", "es")],
                                              value=self.lang)  # fmt: skip
        self.language.observe(self.guard("language")(self._language), names="value")
        self.title = safe.blocks_widget()
        self.message = safe.notice_widget()
        self.header = widgets.HBox([self.title, self.language, self.lock_button])
        self.header.add_class("ddkit-header")
        self.stepper = safe.stepper_widget()
        self.body = widgets.Box(layout=widgets.Layout(width="100%"))
        self.widget = widgets.VBox(
            [safe.style_widget(), self.header, self.stepper, self.message, self.body],
            layout=widgets.Layout(width="100%", max_width="52em", padding="0.5em 1em"),
        )
        self.widget.add_class(safe.FORM_CLASS)
        from ddkit.ui.caselist import CaseList
        from ddkit.ui.casepage import CasePage

        self.cases = CaseList(lambda: self.store, self.lang, self.open_item, self.new_intake,
                              self.guard)  # fmt: skip
        self.page = CasePage(self)
        self.screen = ""
        self.relabel()
        self.idle.start()

    @property
    def store(self):
        """The case store, opened on first use when the session started without one."""
        if self._store is None and self._open_store is not None and not self.locked:
            self._store = self._open_store()
        return self._store

    # ------------------------------------------------------------ callbacks

    def guard(self, action: str):
        """Wrap a callback: it counts as input (the idle lock waits again), and a failure
        becomes a plain message with an error id (DEP-4)."""
        inner = guarded(lambda text: self.say(text, "error"), lambda: self.lang,
                        lambda: self.page.case_id, action)  # fmt: skip

        def wrap(callback):
            run = inner(callback)

            def touched(*args, **kwargs):
                if self.locked:
                    return None  # a click from before the lock: there is nothing left to do
                self.touched = True
                self.idle.touch()
                try:
                    return run(*args, **kwargs)
                finally:
                    self.idle.touch()  # the minutes idle count from the end of a slow step

            return touched

        return wrap

    def say(self, text: str, tone: str = "plain") -> None:
        safe.set_notice(self.message, str(text), tone)

    def record(self, action: str, case_id: str) -> None:
        """An audit entry (a summary printed, with or without identifiers)."""
        recorder = getattr(self.store, "record", None)
        if recorder is not None:
            recorder(action, case_id)

    # ------------------------------------------------------------ screens

    def start(self) -> None:
        """The first screen: my cases, or the wizard when the store holds nothing yet."""
        if self._store is None and not self._has_store():
            self.new_intake()  # no store yet: it is made with the first draft
            return
        self._leave("list")
        self.cases.refresh()
        if self.cases.entries:
            self._show("list", self.cases.box)
        else:
            self.new_intake()

    def page_shown(self) -> None:
        """The page is shown now (a preheated kernel built it earlier): start again if nobody
        has done anything yet, so the list is today's."""
        if not self.touched and not self.locked:
            self.start()

    def _leave(self, screen: str) -> None:
        """Close what the screen being left showed, before the next one is built (closing
        later would close the new screen's widgets too)."""
        if screen != "case" and self.page.case is not None:
            self.page.clear()  # the open case leaves the browser with its page
        if screen != "wizard" and self.form is not None:
            self._drop_form()

    def _show(self, screen: str, box) -> None:
        self._leave(screen)
        self.screen = screen
        self.say("")
        if screen != "wizard":
            self.stepper.value = ""
        self.body.children = [box]

    def show_list(self) -> None:
        """My cases, read again from the store."""
        self._leave("list")
        self.cases.refresh()
        self._show("list", self.cases.box)

    def open_item(self, kind: str, item_id: str) -> None:
        """Open what was clicked in the list: a case (its page) or a draft (the wizard)."""
        if kind == "case":
            self.show_case(item_id, self.store.load(item_id))
            return
        form = self._new_form()
        form.resume(item_id)
        self._show("wizard", form.widget)

    def show_case(self, case_id: str, case) -> None:
        """The case page of a case just saved or opened."""
        self._leave("case")
        self.page.show(case_id, case)
        self._show("case", self.page.box)

    def new_intake(self) -> None:
        """A blank wizard for a new person."""
        form = self._new_form()
        self._show("wizard", form.widget)

    def edit(self, case_id: str) -> None:
        """Back into the wizard on this case: saving updates the same case."""
        form = self._new_form()
        form.resume(case_id)
        self._show("wizard", form.widget)

    def _new_form(self):
        from ddkit.ui.sessionform import SessionForm

        if self.form is not None:
            self._drop_form()
        self._form_since = set(live_widgets())
        self.form = SessionForm(self)
        return self.form

    def _drop_form(self) -> None:
        """Close every widget the wizard made (its steps are built as they show, so all that
        was made since it opened): its answers leave the browser with it."""
        self.form = None
        close_made_since(self._form_since)

    # ------------------------------------------------------------ language

    def _language(self, change) -> None:
        lang = change["new"]
        if lang not in ("en", "es"):
            return
        self.lang = lang
        self.relabel()
        if self.form is not None:
            self.form.set_lang(lang)
        self.cases.relabel(lang)
        self.page.relabel()

    def show_steps(self, titles: list[str], current: int) -> None:
        """The wizard's steps in the header, the current one marked."""
        safe.set_stepper(self.stepper, titles, current, t(f"{K}.steps", self.lang))

    def relabel(self) -> None:
        safe.set_blocks(self.title, [("h2", t(f"{K}.kit", self.lang))])
        self.lock_button.description = t(f"{K}.lock", self.lang)
        self.language.description = t("ui.language", self.lang)

    # ------------------------------------------------------------ the lock

    def lock(self, _button=None) -> None:
        """Lock now: close every widget this session made, close the store, then unlock screen.

        Nothing of a case stays behind: not the answers, not the list's names, not the open
        case, not a prepared file. The store object and its keys are dropped.
        """
        if self.locked:
            return
        self.locked = True
        self.idle.stop()
        self.page.clear()
        self.cases.clear()
        self.form = None
        self.body.children = []
        close_made_since(self._before)
        store, self._store = self._store, None
        self._open_store = None  # after a lock, only the passphrase opens the store again
        try:
            if store is not None:
                store.close()
        finally:
            if self.on_lock is not None:
                self.on_lock()
