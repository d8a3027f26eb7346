"""Drafts: the intake form's answers so far, saved at every step, sealed as one piece.

A closed tab or a dead kernel loses at most the field being typed: the form saves its draft
after each step. A draft may hold anything typed, so it is sealed whole under a key made from
the passphrase, bound to its draft id.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from ddkit.store.crypto import aad, seal, unseal
from ddkit.store.errors import BadSetting, UnknownCase

_DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def check_draft_id(draft_id: str) -> str:
    """A draft id is 1 to 64 letters, digits, ``-`` or ``_`` (a random token, never a name).

    >>> check_draft_id("d-3f2a")
    'd-3f2a'
    """
    if not isinstance(draft_id, str) or not _DRAFT_ID.match(draft_id):
        raise BadSetting(what="draft_id")
    return draft_id


def _plain(value: Any) -> Any:
    """JSON for what a form holds: dates become ``YYYY-MM-DD`` text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def encode_draft(data: dict, step: str, moment: datetime) -> bytes:
    """The bytes sealed for a draft: its answers, its step and when it was saved."""
    if not isinstance(data, dict) or not isinstance(step, str):
        raise BadSetting(what="draft")
    body = {"data": data, "step": step, "updated": moment.isoformat()}
    return json.dumps(body, default=_plain, ensure_ascii=False).encode("utf-8")


class DraftsMixin:
    """Draft methods of :class:`~ddkit.store.store.CaseStore`.

    SQLAlchemy and the tables load inside the methods: the demo store uses this module's
    helpers above and never runs SQL, so the workshop's kernels do not import it (issue 13).
    """

    def save_draft(self, draft_id: str, data: dict, step: str) -> None:
        """Save the answers so far and the step reached; replaces the previous draft."""
        from sqlalchemy import delete, insert

        from ddkit.store import schema as s
        from ddkit.store.store import now_utc

        draft_id = check_draft_id(draft_id)
        sealed = seal(
            self._keys.drafts, encode_draft(data, step, now_utc()), aad("drafts", draft_id)
        )

        def work():
            with self._engine.begin() as conn:
                conn.execute(delete(s.drafts).where(s.drafts.c.id == draft_id))
                conn.execute(insert(s.drafts).values(id=draft_id, sealed=sealed))

        self._write("save_draft", draft_id, work)

    def load_draft(self, draft_id: str) -> tuple[dict, str]:
        """The saved answers and step of a draft, as ``(data, step)``."""
        body = self._draft_body(check_draft_id(draft_id))
        return body["data"], body["step"]

    def delete_draft(self, draft_id: str) -> None:
        """Delete a draft (after the case is saved, or when abandoned). No error if gone."""
        from sqlalchemy import delete

        from ddkit.store import schema as s

        draft_id = check_draft_id(draft_id)

        def work():
            with self._engine.begin() as conn:
                conn.execute(delete(s.drafts).where(s.drafts.c.id == draft_id))

        self._write("delete_draft", draft_id, work)
        self.checkpoint()

    def draft_ids(self) -> list[str]:
        """The ids of every saved draft."""
        from sqlalchemy import select

        from ddkit.store import schema as s

        def work():
            with self._reading() as conn:
                return conn.execute(select(s.drafts.c.id).order_by(s.drafts.c.id)).scalars().all()

        return list(self._read("draft_ids", work))

    def _draft_body(self, draft_id: str) -> dict:
        from sqlalchemy import select

        from ddkit.store import schema as s

        def work():
            with self._reading() as conn:
                return conn.execute(
                    select(s.drafts.c.sealed).where(s.drafts.c.id == draft_id)
                ).first()

        row = self._read("load_draft", work, draft_id)
        if row is None:
            raise UnknownCase.named(draft_id)
        return json.loads(unseal(self._keys.drafts, row.sealed, aad("drafts", draft_id)))
