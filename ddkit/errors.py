"""Errors a user can fix, shown as a plain message in their language (exit code 2)."""

from __future__ import annotations

from ddkit.i18n import t


class UserError(Exception):
    """Something the user can fix. Carries a catalog key and values, or a ready message.

    The message never includes personal data; callers pass only file names, field paths,
    row numbers and choices.
    """

    def __init__(self, key: str | None = None, text: str | None = None, **values: object):
        self.key, self.text, self.values = key, text, values
        super().__init__(text or key)

    def message(self, lang: str | None = None) -> str:
        if self.text is not None:
            return self.text
        return t(self.key, lang, **self.values)

    @classmethod
    def wrap(cls, exc: Exception, lang: str | None = None) -> UserError:
        """Turn an error that already speaks the user's language into a ``UserError``."""
        text = exc.message(lang) if hasattr(exc, "message") else str(exc)
        return cls(text=text)
