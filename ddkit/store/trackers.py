"""Campaign trackers in the case store: calls, letters gathered, signatures and actions done.

Each kind has a table of its own (``tracker_calls``, ``tracker_letters``, ``tracker_signatures``,
``tracker_actions``; see :mod:`ddkit.store.schema`), keyed by the case id. Every row is sealed
with the case's own key, like the case itself: a caller's name and a note are sensitive, and so
are the days and counts, which tell how a campaign is going. Each sealed row is bound to its
table, its case and its own id, so it cannot be moved to another case. Purging a case deletes
its tracker rows in the same transaction, and its shredded key leaves nothing of them readable.

The whole API (the command line, the campaign app and the case page use only this)::

    entry_id = store.log(case_id, Entry("call", 3, date(2026, 12, 1), caller="Ana"))
    store.mark_done(case_id, "letters_family_member")     # an action: a plan task done
    tracker = store.tracker(case_id)                      # everything logged for the case
    tracker.per_day("call"), tracker.letters(), tracker.done("letters_family_member")
    store.remove_entry(case_id, entry_id)                 # undo a mistaken entry

The demo store (:class:`~ddkit.store.memory.MemoryStore`) keeps the same API in memory.
SQLAlchemy and the tables load inside the functions that run SQL, so the demo store (the
workshop's) never imports them (issue 13).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from ddkit.store.crypto import aad, seal, unseal
from ddkit.store.errors import BadSetting, IntegrityFailure, UnknownCase
from ddkit.store.records import check_case_id
from ddkit.values import clean_text

log = logging.getLogger("ddkit.store")

WHAT = ("call", "letter", "signature", "action")
MAX_COUNT = 100_000
MAX_TEXT = {"caller": 200, "note": 1000}
_WORD = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # a letter kind or a plan task id


@dataclass(frozen=True)
class Entry:
    """One thing logged for a case.

    ``what`` is ``call``, ``letter`` (letters gathered, of one ``kind``), ``signature``
    (petition signatures) or ``action`` (a plan ``task`` done on ``on``). ``caller`` (calls
    only) and ``note`` are optional and sensitive. ``id`` is set by the store.
    """

    what: str
    count: int
    on: date
    kind: str | None = None
    caller: str | None = None
    note: str | None = None
    task: str | None = None
    id: str = ""

    def to_dict(self, full: bool = True) -> dict:
        """Plain data; ``full=False`` leaves out the caller's name and the note."""
        data = {"id": self.id, "what": self.what, "count": self.count, "on": self.on.isoformat(),
                "kind": self.kind, "task": self.task}  # fmt: skip
        if full:
            data.update(caller=self.caller, note=self.note)
        return data


@dataclass
class Tracker:
    """Everything logged for one case, in the order it happened."""

    case_id: str
    entries: list[Entry] = field(default_factory=list)

    def letters(self) -> dict[str, int]:
        """Letters gathered, by kind."""
        totals: dict[str, int] = {}
        for e in self.entries:
            if e.what == "letter":
                totals[e.kind] = totals.get(e.kind, 0) + e.count
        return totals

    def per_day(self, what: str) -> dict[date, int]:
        """Calls or signatures logged, by day (sorted)."""
        totals: dict[date, int] = {}
        for e in self.entries:
            if e.what == what:
                totals[e.on] = totals.get(e.on, 0) + e.count
        return dict(sorted(totals.items()))

    def total(self, what: str) -> int:
        return sum(e.count for e in self.entries if e.what == what)

    def actions(self) -> dict[str, Entry]:
        """The plan tasks marked done, each with its latest entry."""
        return {e.task: e for e in self.entries if e.what == "action"}

    def done(self, task: str) -> bool:
        """Whether a plan task has been marked done."""
        return task in self.actions()


def check_entry(entry: Entry) -> Entry:
    """The entry with its text cleaned, or :class:`BadSetting` naming what cannot be kept."""
    if not isinstance(entry, Entry) or entry.what not in WHAT:
        raise BadSetting(what="what")
    if isinstance(entry.count, bool) or not isinstance(entry.count, int):
        raise BadSetting(what="count")
    if not 1 <= entry.count <= MAX_COUNT:
        raise BadSetting(what="count")
    if not isinstance(entry.on, date) or isinstance(entry.on, datetime):
        raise BadSetting(what="on")
    needs = {"letter": "kind", "action": "task"}.get(entry.what)
    for name in ("kind", "task"):
        value = getattr(entry, name)
        if (name == needs) != (value is not None) or (value and not _WORD.match(value)):
            raise BadSetting(what=name)
    if entry.caller is not None and entry.what != "call":
        raise BadSetting(what="caller")
    texts = {}
    for name, cap in MAX_TEXT.items():
        value = getattr(entry, name)
        if value is not None:
            value = clean_text(str(value)) or None
            if value and len(value) > cap:
                raise BadSetting(what=name)
        texts[name] = value
    return replace(entry, **texts)


def _table(what: str):
    from ddkit.store import schema as s

    return s.TRACKER_TABLES[WHAT.index(what)]


def _payload(entry: Entry) -> bytes:
    data = entry.to_dict()
    del data["id"], data["what"]
    data["logged"] = datetime.now(UTC).isoformat()  # orders entries of the same day
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entry(what: str, row_id: str, plain: bytes) -> tuple[str, Entry]:
    data = json.loads(plain)
    logged = data.pop("logged", "")
    data["on"] = date.fromisoformat(data["on"])
    return logged, Entry(what=what, id=row_id, **data)


class TrackersMixin:
    """Tracker methods of :class:`~ddkit.store.store.CaseStore` (see the module's docstring)."""

    def log(self, case_id: str, entry: Entry) -> str:
        """Log ``entry`` for a stored case; returns its id once committed."""
        case_id, entry = check_case_id(case_id), check_entry(entry)
        row_id = uuid.uuid4().hex
        self._write("track", case_id, lambda: self._insert(case_id, [(row_id, entry)]))
        return row_id

    def mark_done(self, case_id: str, task: str, on: date | None = None,
                  note: str | None = None) -> str:  # fmt: skip
        """Mark a plan task (its ``task`` id, as in the plan table) done on ``on`` (today)."""
        return self.log(case_id, Entry("action", 1, on or date.today(), task=task, note=note))

    def import_entries(self, case_id: str, entries: list[tuple[str, Entry]]) -> int:
        """Add entries under ids chosen by the caller, skipping ids already stored.

        For imports that may run twice (an old tracker file): the same ids add nothing the
        second time. Returns how many were added.
        """
        case_id = check_case_id(case_id)
        rows = [(check_case_id(row_id), check_entry(e)) for row_id, e in entries]
        return self._write("track_import", case_id, lambda: self._insert(case_id, rows, True))

    def _insert(self, case_id: str, rows: list[tuple[str, Entry]], skip_known=False) -> int:
        from sqlalchemy import insert, select

        with self._engine.begin() as conn:
            dek = self._case_key(conn, case_id)
            added = 0
            for row_id, entry in rows:
                table = _table(entry.what)
                if (
                    skip_known
                    and conn.execute(select(table.c.id).where(table.c.id == row_id)).first()
                ):
                    continue
                sealed = seal(dek, _payload(entry), aad(table.name, case_id, row_id))
                conn.execute(insert(table).values(id=row_id, case_id=case_id, sealed=sealed))
                added += 1
        return added

    def _case_key(self, conn, case_id: str) -> bytes:
        from sqlalchemy import select

        from ddkit.store import schema as s

        row = conn.execute(select(s.cases.c.wrapped).where(s.cases.c.id == case_id)).first()
        if row is None:
            raise UnknownCase.named(case_id)
        return self._keys.unwrap(row.wrapped, case_id)

    def tracker(self, case_id: str) -> Tracker:
        """Everything logged for a stored case, oldest day first."""
        from sqlalchemy import select

        from ddkit.store import schema as s

        case_id = check_case_id(case_id)

        def work():
            with self._reading() as conn:
                dek = self._case_key(conn, case_id)
                rows = [
                    (what, row)
                    for what, table in zip(WHAT, s.TRACKER_TABLES, strict=True)
                    for row in conn.execute(
                        select(table.c.id, table.c.sealed).where(table.c.case_id == case_id)
                    )
                ]
            return dek, rows

        dek, rows = self._read("tracker", work, case_id)
        found = []
        for what, row in rows:
            where = aad(_table(what).name, case_id, row.id)
            try:
                found.append(_entry(what, row.id, unseal(dek, row.sealed, where)))
            except (IntegrityFailure, ValueError, KeyError, TypeError):
                log.warning("integrity check failed (tracker of case %s)", case_id)
                raise IntegrityFailure() from None
        found.sort(key=lambda item: (item[1].on, item[0]))
        return Tracker(case_id, [entry for _, entry in found])

    def remove_entry(self, case_id: str, entry_id: str) -> None:
        """Remove one entry (logged by mistake, or a task marked done too soon)."""
        from sqlalchemy import delete

        from ddkit.store import schema as s

        case_id, entry_id = check_case_id(case_id), check_case_id(entry_id)

        def work() -> int:
            with self._engine.begin() as conn:
                gone = 0
                for table in s.TRACKER_TABLES:
                    gone += conn.execute(
                        delete(table).where(table.c.case_id == case_id, table.c.id == entry_id)
                    ).rowcount
            return gone

        if not self._write("track_remove", case_id, work):
            raise UnknownCase("store.error.unknown_entry")
        self.checkpoint()


def purge_trackers(conn, case_id: str) -> None:
    """Delete every tracker row of a case (called inside the case's purge transaction)."""
    from sqlalchemy import delete

    from ddkit.store import schema as s

    for table in s.TRACKER_TABLES:
        conn.execute(delete(table).where(table.c.case_id == case_id))


class MemoryTrackersMixin:
    """The same tracker methods for the demo store: kept in memory, gone with the kernel."""

    def _tracker_rows(self) -> dict[str, list[Entry]]:
        if not hasattr(self, "_trackers"):
            self._trackers = {}
        return self._trackers

    def log(self, case_id: str, entry: Entry) -> str:
        case_id, entry = check_case_id(case_id), check_entry(entry)
        if case_id not in self._cases:
            raise UnknownCase.named(case_id)
        entry = replace(entry, id=uuid.uuid4().hex)
        self._tracker_rows().setdefault(case_id, []).append(entry)
        return entry.id

    def mark_done(self, case_id: str, task: str, on: date | None = None,
                  note: str | None = None) -> str:  # fmt: skip
        return self.log(case_id, Entry("action", 1, on or date.today(), task=task, note=note))

    def import_entries(self, case_id: str, entries: list[tuple[str, Entry]]) -> int:
        raise BadSetting(what="import")  # demo mode reads no files

    def tracker(self, case_id: str) -> Tracker:
        case_id = check_case_id(case_id)
        if case_id not in self._cases:
            raise UnknownCase.named(case_id)
        entries = sorted(self._tracker_rows().get(case_id, []), key=lambda e: e.on)
        return Tracker(case_id, list(entries))

    def remove_entry(self, case_id: str, entry_id: str) -> None:
        rows = self._tracker_rows().get(check_case_id(case_id), [])
        kept = [e for e in rows if e.id != entry_id]
        if len(kept) == len(rows):
            raise UnknownCase("store.error.unknown_entry")
        self._tracker_rows()[case_id] = kept

    def _forget_trackers(self, case_id: str) -> None:
        self._tracker_rows().pop(case_id, None)
