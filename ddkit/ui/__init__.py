"""The widgets: the intake wizard and the Voilà app. The only part of the kit that knows ipywidgets.

``import ddkit.ui`` stays light; the widgets load when :func:`intake_app` is first called::

    from ddkit.ui import intake_app, page_shown
    intake_app()    # built ahead of time in a preheated kernel (fast first page)
    page_shown()    # then, once the page is asked for, what depends on this computer
"""

from __future__ import annotations

__all__ = ["IntakeForm", "intake_app", "page_shown"]


def __getattr__(name: str):
    if name == "intake_app":
        from ddkit.ui.app import intake_app

        return intake_app
    if name == "page_shown":
        from ddkit.ui.shown import page_shown

        return page_shown
    if name == "IntakeForm":
        from ddkit.ui.intake import IntakeForm

        return IntakeForm
    raise AttributeError(name)
