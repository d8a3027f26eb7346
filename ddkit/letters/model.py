"""A rendered letter, as parts that every exporter lays out the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Letter:
    """One rendered letter or script, in plain text parts (never HTML; exporters escape).

    ``paragraphs`` are the body, one string per paragraph. A script (for calls) has no
    recipient or signature and sets ``is_script``.
    """

    kind: str
    lang: str
    case_id: str
    title: str
    date: date
    sender: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    re_line: str = ""
    salutation: str = ""
    paragraphs: tuple[str, ...] = ()
    closing: str = ""
    signature: tuple[str, ...] = ()
    is_script: bool = False
    meta: dict = field(default_factory=dict)
