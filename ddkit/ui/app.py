"""The intake app that ``notebooks/apps/intake.ipynb`` shows (``ddkit app`` serves it).

Where the kit runs on a public host (Binder), it switches to demo mode: a banner, an
in-memory store, practice cases only. Otherwise it opens the encrypted case store, asking
for the passphrase on screen when none is set for the session.
"""

from __future__ import annotations

import os
import time

import ipywidgets as widgets

from ddkit.i18n import LANGS, t
from ddkit.mode import is_demo
from ddkit.ui import safe
from ddkit.ui.errors import guarded
from ddkit.ui.shown import when_shown

MAX_WAIT_S = 30  # the longest pause after repeated wrong passphrases


def pick_lang(lang: str | None = None) -> str:
    """The screen language: the one asked for, else ``DDKIT_LANG``, else English.

    >>> pick_lang("es")
    'es'
    """
    for candidate in (lang, os.environ.get("DDKIT_LANG", "")[:2]):
        if candidate and candidate.lower() in LANGS:
            return candidate.lower()
    return "en"


def _passphrase_ready() -> bool:
    """Whether a passphrase is set for the session (``DDKIT_PASSPHRASE``, or a key file)."""
    from ddkit.store.crypto import resolve_passphrase
    from ddkit.store.errors import StoreError

    try:
        resolve_passphrase(None)
    except StoreError:  # none set, or a key file that cannot be used: ask on screen
        return False
    return True


def intake_app(lang: str | None = None, *, store=None, demo: bool | None = None):
    """The intake wizard, ready to show (the app notebook's first cell ends with it).

    Whether to ask for the passphrase first, and what to say about the store, is decided
    again when the page is shown (:func:`ddkit.ui.shown.page_shown`, the notebook's last
    cell): a preheated kernel builds this long before anyone opens the page.

    Args:
        lang: screen language (``en`` or ``es``); default ``DDKIT_LANG`` or English.
        store: a case store to use; by default the encrypted store (or, in demo mode, the
            in-memory one), opened when the first draft is saved.
        demo: force demo mode on or off; default: detected (:func:`ddkit.mode.is_demo`).
    """
    from ddkit.ui.intake import IntakeForm

    lang = pick_lang(lang)
    demo = is_demo() if demo is None else demo
    if store is not None:
        return IntakeForm(store, lang=lang, demo=demo).widget
    return IntakeApp(lang, demo).widget


def _open_store(demo: bool):
    from ddkit.store import open_store

    return open_store(demo=demo)


class IntakeApp:
    """The app's screen: the passphrase first when none is set, then the wizard.

    Which of the two shows is decided when built and again when the page is shown.
    """

    def __init__(self, lang: str, demo: bool):
        self.lang, self.demo = lang, demo
        self.kind: str | None = None
        self.screen = None
        self.widget = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.show()
        when_shown(self.show)

    def show(self) -> None:
        """Show the screen that fits this computer now; an open store is never locked again."""
        from ddkit.ui.intake import IntakeForm

        kind = "form" if self.demo or _passphrase_ready() else "unlock"
        if isinstance(self.screen, Unlock) and (self.screen.opened or kind == "unlock"):
            self.screen.refresh()  # the store may have been created since this was built
            return
        if kind == self.kind:
            return
        if kind == "form":
            self.screen = IntakeForm(
                lang=self.lang, demo=self.demo, open_store=lambda: _open_store(self.demo)
            )
        else:
            self.screen = Unlock(self.lang)
        self.kind = kind
        self.widget.children = [self.screen.widget]


class Unlock:
    """Ask for the store's passphrase on screen, then show the wizard.

    The first time, the passphrase typed creates the store. What the screen says about the
    store (there is one; there is none yet) is checked when the page is shown and again when
    the passphrase is sent, never only when a preheated kernel built it. The box is emptied
    at once (widget values are synced to the browser), and each wrong try makes the next one
    wait longer.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.failures = 0
        self.not_before = 0.0
        self.opened = False
        self.intro = widgets.Label()
        self.passphrase = widgets.Password(
            description=t("ui.unlock.label", lang), style={"description_width": "initial"}
        )
        self.button = widgets.Button(button_style="primary")
        self.message = safe.notice_widget()
        self.widget = widgets.VBox(
            [safe.style_widget(), self.intro, self.passphrase, self.button, self.message],
            layout=widgets.Layout(max_width="52em", padding="0.5em 1em"),
        )
        self.widget.add_class(safe.FORM_CLASS)
        self.button.on_click(
            guarded(self._say, lambda: self.lang, lambda: None, "unlock")(self.unlock)
        )
        self.refresh()

    def refresh(self) -> bool:
        """Say what is true now: a store to unlock, or none yet. Returns whether there is one."""
        if self.opened:
            return True
        exists = store_exists()
        if exists:
            self.intro.value = t("ui.unlock.intro", self.lang)
            self.button.description = t("ui.unlock.button", self.lang)
        else:
            from ddkit.store.crypto import MIN_PASSPHRASE

            self.intro.value = t("ui.unlock.intro_new", self.lang, min=MIN_PASSPHRASE)
            self.button.description = t("ui.unlock.button_new", self.lang)
        return exists

    def _say(self, message: str) -> None:
        safe.set_notice(self.message, str(message), "error")

    def unlock(self, _button=None) -> None:
        """Open the store with the typed passphrase (or create it) and show the wizard."""
        from ddkit.store import StoreError, WrongPassphrase, open_store
        from ddkit.ui.intake import IntakeForm

        secret, self.passphrase.value = self.passphrase.value, ""
        if self.opened:
            return
        if time.monotonic() < self.not_before:
            self._say(t("ui.unlock.wait", self.lang))
            return
        if not isinstance(secret, str) or not secret:
            self._say(t("ui.unlock.empty", self.lang))
            return
        self.refresh()
        try:
            store = open_store(passphrase=secret, demo=False)
        except WrongPassphrase:  # only a store that exists has a passphrase to get wrong
            self.failures += 1
            self.not_before = time.monotonic() + min(2**self.failures, MAX_WAIT_S)
            self.refresh()
            self._say(t("ui.unlock.wrong", self.lang))
            return
        except StoreError as exc:  # too short for a new store, disk trouble: say so plainly
            from ddkit.ui.words import screen_text

            self.refresh()
            self._say(screen_text(exc, self.lang))
            return
        finally:
            del secret
        self.opened = True
        form = IntakeForm(store, lang=self.lang, demo=False)
        self.widget.children = [form.widget]


def store_exists() -> bool:
    """Whether a case store is set up here already (else the passphrase typed creates one).

    Read only, and asked of the store itself: a file left empty by a refused first try is
    no store. When it cannot tell (a bad setting, the disk, the database server), it says
    there is one: the app must never tell a volunteer that their cases are gone.
    """
    from ddkit.store import store_target

    try:
        url, path = store_target()
    except Exception:  # noqa: BLE001 - a bad setting shows when the store is opened
        return True
    if path is not None and not path.exists():
        return False
    try:
        return _has_keys(url)
    except Exception:  # noqa: BLE001 - cannot tell: never imply the store is missing
        return True


def _has_keys(url: str) -> bool:
    """Whether the store at ``url`` has recorded its salt (what a first passphrase creates)."""
    from sqlalchemy import inspect, select

    from ddkit.store import schema
    from ddkit.store.engine import make_engine
    from ddkit.store.sql import reading

    engine = make_engine(url)
    try:
        with reading(engine) as conn:
            if not inspect(conn).has_table(schema.meta.name):
                return False
            found = conn.execute(select(schema.meta.c.key).where(schema.meta.c.key == "kdf"))
            return found.first() is not None
    finally:
        engine.dispose()
