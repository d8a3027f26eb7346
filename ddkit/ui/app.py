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
    from ddkit.store.crypto import resolve_passphrase
    from ddkit.store.errors import NoPassphrase

    try:
        resolve_passphrase(None)
    except NoPassphrase:
        return False
    return True


def intake_app(lang: str | None = None, *, store=None, demo: bool | None = None):
    """The intake wizard, ready to show (the last line of the app notebook).

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
    if demo or _passphrase_ready():
        return IntakeForm(lang=lang, demo=demo, open_store=lambda: _open_store(demo)).widget
    return Unlock(lang).widget


def _open_store(demo: bool):
    from ddkit.store import open_store

    return open_store(demo=demo)


class Unlock:
    """Ask for the store's passphrase on screen, then show the wizard.

    The first time, the passphrase typed creates the store. The box is emptied at once (widget
    values are synced to the browser), and each wrong try makes the next one wait longer.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.failures = 0
        self.not_before = 0.0
        if _store_exists():
            intro = t("ui.unlock.intro", lang)
        else:
            from ddkit.store.crypto import MIN_PASSPHRASE

            intro = t("ui.unlock.intro_new", lang, min=MIN_PASSPHRASE)
        self.intro = widgets.Label(value=intro)
        self.passphrase = widgets.Password(
            description=t("ui.unlock.label", lang), style={"description_width": "initial"}
        )
        self.button = widgets.Button(
            description=t("ui.unlock.button", lang), button_style="primary"
        )
        self.message = safe.notice_widget()
        self.widget = widgets.VBox(
            [safe.style_widget(), self.intro, self.passphrase, self.button, self.message],
            layout=widgets.Layout(max_width="52em", padding="0.5em 1em"),
        )
        self.widget.add_class(safe.FORM_CLASS)
        self.button.on_click(
            guarded(self._say, lambda: self.lang, lambda: None, "unlock")(self.unlock)
        )

    def _say(self, message: str) -> None:
        safe.set_notice(self.message, str(message), "error")

    def unlock(self, _button=None) -> None:
        """Open the store with the typed passphrase and show the wizard in its place."""
        from ddkit.store import StoreError, WrongPassphrase, open_store
        from ddkit.ui.intake import IntakeForm

        secret, self.passphrase.value = self.passphrase.value, ""
        if time.monotonic() < self.not_before:
            self._say(t("ui.unlock.wait", self.lang))
            return
        try:
            store = open_store(passphrase=secret or None, demo=False)
        except WrongPassphrase as exc:
            self.failures += 1
            self.not_before = time.monotonic() + min(2**self.failures, MAX_WAIT_S)
            self._say(exc.message(self.lang))
            return
        except StoreError as exc:  # too short for a new store, no passphrase: say so plainly
            self._say(exc.message(self.lang))
            return
        finally:
            del secret
        form = IntakeForm(store, lang=self.lang, demo=False)
        self.widget.children = [form.widget]


def _store_exists() -> bool:
    """Whether the store is already there (else the passphrase typed will create it)."""
    from ddkit.store import store_target

    try:
        _, path = store_target()
    except Exception:  # noqa: BLE001 - a bad setting shows when the store is opened
        return True
    return path is None or path.exists()
