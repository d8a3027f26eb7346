"""A marker for one browser test (issue 14): each kernel notes when it has built its page.

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; only the app server that
``test_preheat`` starts has this folder there. When the app notebook reaches its last cell
(:func:`ddkit.ui.shown.page_shown`), the kernel has built the page's widgets: it writes an
empty file named after its process id into ``DDKIT_TEST_RENDERED``. The test waits for the
preheated kernel's file, so that the store is created *after* that kernel built its page,
which is what happens to volunteers.
"""

import os

SWITCH = "DDKIT_TEST_RENDERED"  # a folder, set by that test only


def _install(folder: str) -> None:
    from pathlib import Path

    import ddkit.ui.shown as shown

    original = shown.page_shown

    def page_shown() -> None:
        (Path(folder) / str(os.getpid())).touch()
        original()

    shown.page_shown = page_shown


if os.environ.get(SWITCH):  # inert anywhere else (pytest imports it too)
    _install(os.environ[SWITCH])
