"""Check what the browser sent before the kit uses it: type, length and allowed options.

A browser can send any value for any widget, not only what the screen offers: a choice that
is not in the list, ten megabytes of text, a negative count (SECURITY.md DEP-3). Every value
read from a widget passes through :func:`check_value` first, and a rejected value is never
stored, not even in a draft. This module knows nothing about widgets: it checks plain values
against a :class:`~ddkit.ui.fields.FieldSpec`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ddkit.case import Problem
from ddkit.ui.fields import FieldSpec

INT_TEXT_CAP = 12  # a typed whole number never needs more characters


def _problem(spec: FieldSpec, code: str, path: str | None = None, **ctx: Any) -> Problem:
    return Problem(path=path or spec.path, code=code, ctx=ctx)


def _check_text(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, str):
        return "text"
    limit = spec.max_length
    if spec.kind == "lines":
        limit = (spec.max_items or 1) * (spec.max_length + 1)
    return "too_long" if len(value) > limit else None


def _check_int(spec: FieldSpec, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "int"
    if spec.minimum is not None and value < spec.minimum:
        return "min"
    if spec.maximum is not None and value > spec.maximum:
        return "max"
    return None


def _check_choice(spec: FieldSpec, value: Any) -> str | None:
    allowed = spec.choices if spec.required else ("", *spec.choices)
    return None if isinstance(value, str) and value in allowed else "choice"


def _check_multi(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, list | tuple):
        return "list"
    ok = all(isinstance(v, str) and v in spec.choices for v in value)
    return None if ok and len(set(value)) == len(value) else "choice"


def _check_opt_int(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, str):
        return "int"
    return "int" if len(value) > INT_TEXT_CAP else None


_CHECKS = {
    "text": _check_text,
    "long": _check_text,
    "lines": _check_text,
    "int": _check_int,
    "opt_int": _check_opt_int,
    "choice": _check_choice,
    "multi": _check_multi,
    "bool": lambda spec, v: None if isinstance(v, bool) else "bool",
    "date": lambda spec, v: None if v is None or type(v) is date else "date_format",
}


def check_value(spec: FieldSpec, value: Any, path: str | None = None) -> Problem | None:
    """The problem with a value the browser sent for this question, or ``None`` if it is fine.

    The problem never carries the value itself, so it can be shown and logged.

    >>> spec = FieldSpec("proceedings.stage", "choice", required=True, choices=("none",))
    >>> check_value(spec, "final_order").code
    'choice'
    >>> check_value(FieldSpec("person.name", "text", max_length=5), "x" * 6).ctx
    {'max': 5}
    >>> check_value(FieldSpec("equities.us_citizen_children", "int", minimum=0), -1).code
    'min'
    """
    code = _CHECKS[spec.kind](spec, value)
    if code is None:
        return None
    ctx: dict[str, Any] = {}
    if code == "too_long":
        ctx["max"] = spec.max_length
    elif code == "min":
        ctx["min"] = spec.minimum
    elif code == "max":
        ctx["max"] = spec.maximum
    elif code == "choice":
        ctx["choices"] = ", ".join(spec.choices)
    return _problem(spec, code, path, **ctx)
