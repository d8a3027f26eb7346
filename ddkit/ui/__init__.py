"""The widgets: the intake wizard and the Voilà app. The only part of the kit that knows ipywidgets.

``import ddkit.ui`` stays light; the widgets load when :func:`intake_app` is first called::

    from ddkit.ui import intake_app
    intake_app()
"""

from __future__ import annotations

__all__ = ["IntakeForm", "intake_app"]


def __getattr__(name: str):
    if name == "intake_app":
        from ddkit.ui.app import intake_app

        return intake_app
    if name == "IntakeForm":
        from ddkit.ui.intake import IntakeForm

        return IntakeForm
    raise AttributeError(name)
