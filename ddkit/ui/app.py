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


def on_hub() -> bool:
    """Whether the app runs in a person's own server on the organization's hub (the hub says
    so, ``deploy/jupyterhub``): there the person's sign-in opens the store, not a passphrase."""
    return os.environ.get("DDKIT_HUB") == "1"


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
    """The app's screen: the passphrase first when none is set, then the session (my cases,
    the wizard, the case page), and the passphrase again after locking.

    What shows is decided when built and again when the page is shown (a preheated kernel
    builds it long before anyone opens the page).
    """

    def __init__(self, lang: str, demo: bool):
        self.lang, self.demo = lang, demo
        self.kind: str | None = None
        self.screen = None
        self.session = None
        self.was_locked = False
        self.backoff = Backoff()  # wrong passphrases keep slowing down across locks
        self.widget = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.show()
        when_shown(self.show)

    def show(self) -> None:
        """Show the screen that fits this computer now; an open session is never replaced."""
        if self.session is not None:
            self.session.page_shown()  # my cases read again: the list may have changed
            return
        if self.was_locked and on_hub():
            return  # locked on the hub: only signing in again opens a new page
        kind = "session" if self.demo or _passphrase_ready() else "unlock"
        if self.was_locked:
            kind = "unlock"  # after a lock only the passphrase typed opens the store
        if isinstance(self.screen, Unlock) and (self.screen.opened or kind == "unlock"):
            self.screen.refresh()  # the store may have been created since this was built
            return
        if kind == self.kind:
            return
        if kind == "session":
            self.start_session(None)
        else:
            self._unlock_screen()

    def _unlock_screen(self, locked: bool = False) -> None:
        self.screen = Unlock(self.lang, on_open=self.start_session, backoff=self.backoff,
                             locked=locked)  # fmt: skip
        self.kind = "unlock"
        self.widget.children = [self.screen.widget]

    def start_session(self, store) -> None:
        """After the passphrase (or with one set for the session): my cases, or the wizard.

        With no ``store`` the session opens the store when first needed, as the form did.
        """
        from ddkit.ui.session import Session

        lang = self.screen.lang if isinstance(self.screen, Unlock) else self.lang
        self.session = Session(
            store, lang, demo=self.demo, on_lock=self.locked,
            open_store=lambda: _open_store(self.demo),
            has_store=(lambda: False) if self.demo else store_exists,
        )  # fmt: skip
        self.session.start()
        self.screen, self.kind = self.session, "session"
        self.widget.children = [self.session.widget]

    def locked(self) -> None:
        """Locked: the unlock screen again, whatever the settings (the passphrase is typed)."""
        if self.session is not None:
            self.lang = self.session.lang
        self.session = None
        if self.demo:
            self.start_session(None)  # demo mode has no passphrase: a fresh, empty session
            return
        self.was_locked = True
        if on_hub():  # no passphrase to type: the person's hub account is the key
            self._hub_locked_screen()
            return
        self._unlock_screen(locked=True)

    def _hub_locked_screen(self) -> None:
        """Locked on the hub: say so, and offer to sign out (the page holds no case now)."""
        base = os.environ.get("JUPYTERHUB_BASE_URL", "/")
        title = safe.blocks_widget([("h2", t("ui_session.kit", self.lang))])
        self.screen, self.kind = None, "hub_locked"
        self.widget.children = [
            safe.style_widget(),
            title,
            safe.notice_widget(t("ui_session.hub_locked", self.lang), "ok"),
            safe.link_widget(base.rstrip("/") + "/hub/logout", t("ui_session.sign_out", self.lang)),
        ]


class Backoff:
    """How long the next passphrase must wait: doubling with each wrong one, up to a limit."""

    def __init__(self):
        self.failures = 0
        self.not_before = 0.0

    def waiting(self) -> bool:
        return time.monotonic() < self.not_before

    def failed(self) -> None:
        self.failures += 1
        self.not_before = time.monotonic() + min(2**self.failures, MAX_WAIT_S)


class Unlock:
    """Ask for the store's passphrase on screen, then open the session.

    The first time, the passphrase typed creates the store. What the screen says about the
    store (there is one; there is none yet) is checked when the page is shown and again when
    the passphrase is sent, never only when a preheated kernel built it. The box is emptied
    at once (widget values are synced to the browser), and each wrong try makes the next one
    wait longer.

    Args:
        lang: the screen language.
        on_open: called with the open store; by default the session shows in this screen.
        backoff: the wait after wrong passphrases, kept across locks by the app.
        locked: say that the app was locked (by the volunteer or after minutes idle).
    """

    def __init__(self, lang: str, *, on_open=None, backoff: Backoff | None = None,
                 locked: bool = False):  # fmt: skip
        from ddkit.ui.chrome import LANG_OPTIONS

        self.lang = lang
        self.on_open = on_open
        self.backoff = backoff or Backoff()
        self.opened = False
        self.session = None
        self.intro = widgets.Label()
        # Every typed box of the kit sends its value once, when it loses focus: one that sends
        # at each key is throttled by the browser to one message a kernel round trip, while a
        # button's press is not, so on a slow kernel the press came first and the store was
        # opened, or made, with the first letters of the passphrase only.
        self.passphrase = widgets.Password(
            continuous_update=False, style={"description_width": "initial"}
        )
        self.button = widgets.Button(button_style="primary")
        self.message = safe.notice_widget()
        self._said = None  # the message shown, as a function of the language
        # The same header as the session's: the kit's name and the language (a person who
        # reads only Spanish can open the store); nothing to lock yet.
        self.title = safe.blocks_widget()
        self.language = widgets.ToggleButtons(options=LANG_OPTIONS, value=lang)
        self.language.observe(
            guarded(self._say, lambda: self.lang, lambda: None, "language")(self._language),
            names="value",
        )
        header = widgets.HBox([self.title, self.language])
        header.add_class("ddkit-header")
        self.widget = widgets.VBox(
            [safe.style_widget(), header, self.intro, self.passphrase, self.button, self.message],
            layout=widgets.Layout(width="100%", max_width="52em", padding="0.5em 1em"),
        )
        self.widget.add_class(safe.FORM_CLASS)
        self.button.on_click(
            guarded(self._say, lambda: self.lang, lambda: None, "unlock")(self.unlock)
        )
        self.relabel()
        if locked:
            self._tell(lambda lang: t("ui_session.locked", lang), "ok")

    @property
    def failures(self) -> int:
        return self.backoff.failures

    def _language(self, change) -> None:
        if change["new"] not in LANGS:  # a value the screen never offers
            return
        self.lang = change["new"]
        self.relabel()

    def relabel(self) -> None:
        """Every word of the screen in the screen language, the message shown included."""
        lang = self.lang
        safe.set_blocks(self.title, [("h2", t("ui_session.kit", lang))])
        self.language.description = t("ui.language", lang)
        self.passphrase.description = t("ui.unlock.label", lang)
        self.refresh()
        if self._said is not None:
            self._tell(*self._said)

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

    def _say(self, message) -> None:
        """An error in plain words: a catalog key's text, or what a guard already worded."""
        if hasattr(message, "render"):  # a ddkit.ui.errors.Message: it can change language
            message = message.render
        self._tell(message if callable(message) else (lambda _lang, m=str(message): m), "error")

    def _tell(self, words, tone: str) -> None:
        """Show ``words(lang)``, and again in the new language when the toggle changes."""
        self._said = (words, tone)
        safe.set_notice(self.message, words(self.lang), tone)

    def unlock(self, _button=None) -> None:
        """Open the store with the typed passphrase (or create it) and show the session."""
        from ddkit.store import StoreError, WrongPassphrase, open_store

        secret, self.passphrase.value = self.passphrase.value, ""
        if self.opened:
            return
        if self.backoff.waiting():
            self._say(lambda lang: t("ui.unlock.wait", lang))
            return
        if not isinstance(secret, str) or not secret:
            self._say(lambda lang: t("ui.unlock.empty", lang))
            return
        self.refresh()
        try:
            store = open_store(passphrase=secret, demo=False)
        except WrongPassphrase:  # only a store that exists has a passphrase to get wrong
            self.backoff.failed()
            self.refresh()
            self._say(lambda lang: t("ui.unlock.wrong", lang))
            return
        except StoreError as exc:  # too short for a new store, disk trouble: say so plainly
            from ddkit.ui.words import screen_text

            self.refresh()
            known = exc.with_traceback(None)  # kept for its words only, not its frames
            known.__context__ = known.__cause__ = None
            self._say(lambda lang: screen_text(known, lang))
            return
        finally:
            del secret
        self.opened = True
        self.backoff.failures = 0
        if self.on_open is not None:
            self.on_open(store)
            return
        from ddkit.ui.session import Session

        self.session = Session(store, self.lang, has_store=store_exists)
        self.session.start()
        self.widget.children = [self.session.widget]


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
