"""Decide what depends on this computer when the page is shown, not when the kernel warmed up.

``ddkit app`` keeps one kernel warm (Voilà's *preheated* kernel): it runs the app notebook as
soon as the previous page was taken, long before anyone opens the next page. Anything the app
read from the disk then (is there a case store yet? is there a key file?) may be false by
the time a volunteer sees the page: the store may have been created in between (issue 14).

So the app builds its widgets early (the first question shows fast) and registers, with
:func:`when_shown`, what must be decided at page time. The app notebook's last cell calls
:func:`page_shown`: in a preheated kernel it waits until Voilà hands the kernel to a page,
then runs those callbacks before the browser has even loaded the page's widgets, so the
browser only ever sees the up-to-date texts. Anywhere else (JupyterLab, a kernel Voilà
started for the request, the tests) it runs them at once.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable

_PENDING: list[Callable[[], None]] = []


def when_shown(callback: Callable[[], None]) -> None:
    """Run ``callback`` once, when the page is shown (see :func:`page_shown`)."""
    _PENDING.append(callback)


def preheated() -> bool:
    """Whether this kernel was started ahead of time by Voilà, for a page not asked for yet."""
    return os.environ.get("VOILA_PREHEAT", "False") == "True"


def page_shown() -> None:
    """Wait until the page is asked for (in a preheated kernel), then decide what was left.

    Each callback's failure is logged (its type only) and never reaches the page.
    """
    if preheated():
        _wait_for_page()
    while _PENDING:
        callback = _PENDING.pop(0)
        try:
            callback()
        except Exception as exc:  # noqa: BLE001 - the page must show even if one refresh fails
            _log(exc, "page_shown")


def _wait_for_page() -> None:
    """Block until Voilà hands this kernel to a page (Voilà's own ``wait_for_request``).

    Voilà waits in a thread of its own; a failure there would print a warning or a traceback
    into the page, so both go to the server log instead, as one line.
    """
    try:
        from voila.utils import wait_for_request
    except ImportError:
        return
    hook = threading.excepthook

    def quiet(args) -> None:
        _log(args.exc_value)

    threading.excepthook = quiet
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wait_for_request()
    except Exception as exc:  # noqa: BLE001 - then decide now: late is better than never
        _log(exc)
    finally:
        threading.excepthook = hook


def _log(exc: BaseException | None, action: str = "wait_for_page") -> None:
    """One line in the server log: the exception type only (SECURITY.md DEP-4)."""
    from ddkit.ui.errors import log_failure, new_error_id

    log_failure(exc if exc is not None else RuntimeError(), new_error_id(), None, action)
