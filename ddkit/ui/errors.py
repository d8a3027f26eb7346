"""When something breaks behind a button: a plain message with a short error id, nothing else.

Voilà shows the full traceback of a failing callback, with source lines and the exception
message, which can hold a name or an A-number (SECURITY.md finding 2, DEP-4). Every callback
of the intake app goes through :func:`guarded`: the person at the screen reads a sentence in
their language and an error id to quote; the log gets the exception type, that id and the
case id, never the exception message.
"""

from __future__ import annotations

import functools
import logging
import secrets
import sys
from collections.abc import Callable
from typing import Any

from ddkit.errors import UserError
from ddkit.i18n import t

LOG = logging.getLogger("ddkit.ui")


def _setup_log() -> None:
    # Write to the kernel's real stderr (the server console), not sys.stderr, which the
    # kernel forwards to the browser.
    if LOG.handlers:
        return
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter("%(asctime)s ddkit.ui %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


class Message(str):
    """Text to show, which can also be shown again in another language: ``.render(lang)``."""

    render: Callable[[str], str]

    def __new__(cls, text: str, render: Callable[[str], str]) -> Message:
        message = super().__new__(cls, text)
        message.render = render
        return message


def new_error_id() -> str:
    """A short random id that links what the user saw to one line of the server log."""
    return secrets.token_hex(4)


def log_failure(exc: BaseException, error_id: str, case_id: str | None, action: str) -> None:
    """Record a failure: the exception type, the error id, the action and the case id only."""
    _setup_log()
    LOG.error(
        "action=%s error_id=%s type=%s case=%s",
        action,
        error_id,
        type(exc).__name__,
        case_id or "-",
    )


def failure_message(exc: BaseException | None, error_id: str, lang: str) -> str:
    """The sentence shown when something failed, in the screen language, with the error id.

    A :class:`~ddkit.errors.UserError` (store busy, wrong passphrase) holds no personal data
    and is said in the screen's words (:func:`ddkit.ui.words.screen_text`); anything else
    gets the generic sentence.
    """
    if isinstance(exc, UserError):
        from ddkit.ui.words import screen_text

        return t("ui.error.known", lang, message=screen_text(exc, lang), id=error_id)
    return t("ui.error.generic", lang, id=error_id)


def guarded(
    show: Callable[[str], None],
    lang: Callable[[], str],
    case_id: Callable[[], str | None],
    action: str,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a callback so that any failure becomes a plain message and one log line.

    Args:
        show: shows a message (a :class:`Message`, which is text) on screen.
        lang: returns the current screen language.
        case_id: returns the id of the case or draft on screen, for the log.
        action: a fixed word naming what was tried ("save", "next"), for the log.
    """

    def wrap(callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure must end here
                error_id = new_error_id()
                # Keep a plain message only: no traceback, no frames holding what was typed.
                known = exc.with_traceback(None) if isinstance(exc, UserError) else None
                if known is not None:
                    known.__context__ = known.__cause__ = None
                try:
                    log_failure(exc, error_id, case_id(), action)
                    render = functools.partial(failure_message, known, error_id)
                    show(Message(render(lang()), render))
                except Exception:  # noqa: BLE001, S110 - never let the handler itself leak
                    pass
                return None

        return run

    return wrap
