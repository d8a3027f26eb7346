"""Letters for a saved case, offered as DOCX and PDF downloads that work inside Voilà.

Placeholder until the letters module can render a case; :func:`letters_available` says
whether it can.
"""

from __future__ import annotations


def letters_available() -> bool:
    """Whether the kit can render letters for a case (the letters module has landed)."""
    return False


class LetterOffer:
    """Buttons that prepare a letter and a link that saves it."""

    def __init__(self, form):
        raise NotImplementedError
