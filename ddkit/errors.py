"""Errors a user can fix, shown as a plain message in their language (exit code 2).

One error object per kind of problem, holding what went wrong as data: a catalog key and
its values, and, when fields are at fault, each field's dotted path and the reason
(:class:`FieldIssue`). Each surface renders that object in its own words: the command line
with :meth:`UserError.message` (paths and options are right there in the terminal), the
apps with :mod:`ddkit.ui.words` (the field's label, the letter's title, no options).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ddkit.i18n import t


@dataclass(frozen=True)
class FieldIssue:
    """One field that stops something: where it is, why, and the values the reason names.

    ``path`` is the field's dotted path (``signer.name``, ``person.a_number``,
    ``criminal_history.0.offense``); ``reason`` is a short code (``missing``,
    ``not_agreed``, ``too_long``...); ``values`` fill the reason's sentence (``max``).
    """

    path: str
    reason: str = "missing"
    values: dict[str, Any] = field(default_factory=dict)


class UserError(Exception):
    """Something the user can fix. Carries a catalog key and values, or a ready message.

    The message never includes personal data; callers pass only file names, field paths,
    row numbers and choices.
    """

    def __init__(self, key: str | None = None, text: str | None = None, **values: object):
        self.key, self.text, self.values = key, text, values
        self.original: Exception | None = None  # what :meth:`wrap` was given
        super().__init__(text or key)

    def message(self, lang: str | None = None) -> str:
        """The command line's wording."""
        if self.text is not None:
            return self.text
        return t(self.key, lang, **self.values)

    def issues(self) -> tuple[FieldIssue, ...]:
        """The fields at fault, for a form to mark next to each one (none by default)."""
        return ()

    @classmethod
    def wrap(cls, exc: Exception, lang: str | None = None) -> UserError:
        """Turn an error that already speaks the user's language into a ``UserError``.

        The error stays attached (``original``), so a screen can still say it in its words.
        """
        text = exc.message(lang) if hasattr(exc, "message") else str(exc)
        wrapped = cls(text=text)
        wrapped.original = exc
        return wrapped


def field_issues(exc: BaseException) -> tuple[FieldIssue, ...]:
    """The fields an error is about: its own :meth:`UserError.issues`, or a case's problems.

    (A :class:`ddkit.case.CaseError` lists its problems with their paths and codes.)
    """
    original = getattr(exc, "original", None)
    if original is not None:
        return field_issues(original)
    if isinstance(exc, UserError):
        return tuple(exc.issues())
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list) and all(hasattr(p, "code") for p in problems):
        return tuple(FieldIssue(p.path, p.code, dict(p.ctx)) for p in problems)
    return ()
