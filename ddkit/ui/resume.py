"""Find a draft or a saved case by the code (or the id) the volunteer wrote down."""

from __future__ import annotations

import re
from typing import Any

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def clean_id(text: Any) -> str | None:
    """The id typed, trimmed, or ``None`` if it cannot be an id (so nothing is looked up).

    >>> clean_id("  3f2a9c  ")
    '3f2a9c'
    >>> clean_id("<script>") is None
    True
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    return text if _ID.match(text) else None


def _not_found_errors() -> tuple[type[Exception], ...]:
    try:
        from ddkit.store.errors import BadSetting, UnknownCase
    except ImportError:  # a store of another make: "not found" is a KeyError
        return (KeyError,)
    return (UnknownCase, BadSetting, KeyError)


def find(store, text: str) -> tuple[str, str, dict, str | None] | None:
    """Look ``text`` up as a case code, or as a draft then a saved case id.

    Returns ``(kind, id, data, step)`` with kind ``"draft"`` or ``"case"``, or ``None``.
    """
    from ddkit.case import case_to_dict

    item_id = clean_id(text)
    if item_id is None:
        return None
    missing = _not_found_errors()
    lookup = getattr(store, "lookup", None)
    if lookup is not None:  # the kit's own stores know case codes (K7M-4QX)
        try:
            kind, item_id = lookup(item_id)
        except missing:
            return None
    try:
        data, step = store.load_draft(item_id)
        return "draft", item_id, data, step
    except missing:
        pass
    try:
        case = store.load(item_id.lower())
    except missing:
        return None
    return "case", item_id.lower(), case_to_dict(case), None
