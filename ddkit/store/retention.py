"""Keeping cases no longer than needed: a retention period, after which cases are purged.

The period is ``DDKIT_RETENTION_DAYS`` if set, else the store's own setting
(:meth:`RetentionMixin.set_retention`), else none (cases stay until someone deletes them).
It counts from the last change to a case or draft. Expired cases are purged exactly like a
deletion (key shredded, rows deleted, write-ahead log wiped) with an audit entry holding only
the case id (CRY-11). The store checks for expired cases each time it is opened.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta

from ddkit.store.crypto import aad, unseal
from ddkit.store.errors import BadSetting, IntegrityFailure

log = logging.getLogger("ddkit.store")
ENV = "DDKIT_RETENTION_DAYS"


def parse_days(text: str | int | None) -> int | None:
    """A retention period in whole days; empty or 0 means "keep until deleted".

    >>> parse_days("365"), parse_days(""), parse_days("0")
    (365, None, None)
    """
    if text is None or str(text).strip() in ("", "0"):
        return None
    try:
        days = int(str(text).strip())
    except ValueError:
        raise BadSetting(what=ENV) from None
    if days < 0 or days > 36500:
        raise BadSetting(what=ENV)
    return days


def cutoff(now: datetime | None, days: int) -> datetime:
    """The moment before which a last change counts as expired."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now - timedelta(days=days)


class RetentionMixin:
    """Retention methods of :class:`~ddkit.store.store.CaseStore`.

    SQLAlchemy and the tables load inside the methods: the demo store uses this module's
    functions and never runs SQL, so the workshop's kernels do not import it (issue 13).
    """

    def retention_days(self) -> int | None:
        """The retention period in days, or ``None`` to keep cases until deleted."""
        if os.environ.get(ENV, "").strip():
            return parse_days(os.environ[ENV])
        stored = self._meta("retention_days")
        return parse_days(stored.decode()) if stored else None

    def set_retention(self, days: int | None) -> None:
        """Keep cases ``days`` days after their last change (``None``: until deleted)."""
        from sqlalchemy import delete, insert

        from ddkit.store import schema as s

        days = parse_days(days)

        def work():
            with self._engine.begin() as conn:
                conn.execute(delete(s.meta).where(s.meta.c.key == "retention_days"))
                if days is not None:
                    conn.execute(
                        insert(s.meta).values(key="retention_days", value=str(days).encode())
                    )

        self._write("set_retention", None, work)

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Purge cases and drafts unchanged for longer than the retention period.

        Returns the purged case ids. ``now`` lets a test move the clock forward.
        """
        from sqlalchemy import delete

        from ddkit.store import schema as s

        days = self.retention_days()
        if days is None:
            return []
        limit = cutoff(now, days)
        case_ids, draft_ids = self._expired(limit)

        def work():
            with self._engine.begin() as conn:
                for case_id in case_ids:
                    if self._purge(conn, case_id):
                        self._audit(conn, case_id, "expire")
                for draft_id in draft_ids:
                    conn.execute(delete(s.drafts).where(s.drafts.c.id == draft_id))

        if case_ids or draft_ids:
            self._write("purge_expired", None, work)
            self.checkpoint()
        return case_ids

    def _expired(self, limit: datetime) -> tuple[list[str], list[str]]:
        from sqlalchemy import select

        from ddkit.store import schema as s

        def work():
            with self._reading() as conn:
                cases = conn.execute(select(s.cases.c.id, s.cases.c.stamps)).all()
                drafts = conn.execute(select(s.drafts.c.id, s.drafts.c.sealed)).all()
            return cases, drafts

        cases, drafts = self._read("purge_expired", work)
        expired_cases = [
            row.id for row in cases if self._last_change(row.id, row.stamps, limit) < limit
        ]
        expired_drafts = []
        for row in drafts:
            try:
                body = json.loads(unseal(self._keys.drafts, row.sealed, aad("drafts", row.id)))
            except IntegrityFailure:
                log.warning("integrity check failed (draft %s)", row.id)
                continue
            if datetime.fromisoformat(body["updated"]) < limit:
                expired_drafts.append(row.id)
        return expired_cases, expired_drafts

    def _last_change(self, case_id: str, stamps: bytes, limit: datetime) -> datetime:
        try:
            return self._open_stamps(case_id, stamps)[1]
        except IntegrityFailure:
            log.warning("integrity check failed (case %s)", case_id)
            return limit  # never purge a record we cannot read: a person must look at it
