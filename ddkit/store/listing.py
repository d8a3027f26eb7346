"""My cases: every case and draft this store lets the user open, with names, for the screen.

Names are opened here, in the kernel, with the passphrase's keys; the list goes to the screen
as text, never into a file or a log (:class:`CaseEntry` hides the name from ``repr``). On an
organization's server the query runs as the signed-in user, so the database's row-level
security decides which rows come back: the list holds only the cases that user may open.

Cases are found again by their code (:mod:`ddkit.store.codes`) or by their full id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ddkit.deadlines import event_dates, next_event
from ddkit.store.codes import codes_for, id_range, matches, parse_code
from ddkit.store.crypto import aad, unseal
from ddkit.store.errors import AmbiguousCode, IntegrityFailure, StoreError, UnknownCase
from ddkit.store.records import _CASE_ID, REST, check_case_id, open_pieces

KINDS = ("case", "draft")


@dataclass(frozen=True)
class CaseEntry:
    """One line of the case list. ``name`` is the person's name: show it, never log it."""

    kind: str  # "case" or "draft"
    id: str
    code: str
    name: str | None = field(repr=False)
    stage: str
    next_day: date | None
    next_event: str | None  # removal, check_in or hearing
    updated: datetime | None
    fictional: bool = False
    damaged: bool = False  # its record fails its integrity check: listed, never opened

    @property
    def draft(self) -> bool:
        return self.kind == "draft"

    def matches(self, text: str) -> bool:
        """Whether a search for ``text`` finds this entry: part of the name, or of the code."""
        wanted = " ".join(str(text).split()).casefold()
        if not wanted:
            return True
        code = self.code.replace("-", "")
        typed = wanted.replace("-", "").replace(" ", "").upper()
        return wanted in (self.name or "").casefold() or (bool(typed) and typed in code)


def case_entry(case_id: str, case, updated: datetime | None, on: date) -> CaseEntry:
    """The list entry of a stored case (its code is set by :func:`with_codes`)."""
    p = case.proceedings
    found = next_event(event_dates(lambda name: getattr(p, name)), on)
    return CaseEntry(
        kind="case",
        id=case_id,
        code="",
        name=case.person.name,
        stage=p.stage,
        next_day=found[0] if found else None,
        next_event=found[1] if found else None,
        updated=updated,
        fictional=case.fictional,
    )


LISTED = frozenset({"person.name", REST})  # the pieces the list opens, of a case's fifteen


def sealed_entry(case_id: str, pieces: dict[str, bytes], updated, on: date) -> CaseEntry:
    """The list entry from a case's name and ``_rest`` pieces, opened and checked by the store.

    The pieces were written by the store from a validated case and pass their integrity
    check, so they are read as they are, without validating the whole case again.
    """
    rest = json.loads(pieces[REST])
    p = rest["proceedings"]
    found = next_event(event_dates(p.get), on)
    return CaseEntry(
        kind="case",
        id=case_id,
        code="",
        name=json.loads(pieces["person.name"]),
        stage=p["stage"],
        next_day=found[0] if found else None,
        next_event=found[1] if found else None,
        updated=updated,
        fictional=rest["fictional"] is True,
    )


def draft_entry(draft_id: str, body: dict[str, Any], on: date) -> CaseEntry:
    """The list entry of a draft from its sealed body (answers may be half typed)."""
    data = body.get("data") if isinstance(body.get("data"), dict) else {}
    person = data.get("person") if isinstance(data.get("person"), dict) else {}
    p = data.get("proceedings") if isinstance(data.get("proceedings"), dict) else {}
    name = person.get("name") if isinstance(person.get("name"), str) else None
    stage = (
        p.get("stage") if p.get("stage") in ("none", "in_proceedings", "final_order") else "none"
    )
    found = next_event(event_dates(p.get), on)
    try:
        updated = datetime.fromisoformat(body.get("updated", ""))
    except (TypeError, ValueError):
        updated = None
    return CaseEntry(
        kind="draft",
        id=draft_id,
        code="",
        name=(name or "").strip() or None,
        stage=stage,
        next_day=found[0] if found else None,
        next_event=found[1] if found else None,
        updated=updated,
        fictional=data.get("fictional") is True,
    )


def damaged_entry(case_id: str) -> CaseEntry:
    return CaseEntry("case", case_id, "", None, "none", None, None, None, damaged=True)


def with_codes(entries: list[CaseEntry]) -> list[CaseEntry]:
    """Set each entry's code (longer where two are alike), most recently changed first."""
    from dataclasses import replace

    codes = codes_for([e.id for e in entries])
    entries = [replace(e, code=codes[e.id]) for e in entries]
    oldest = datetime.min.replace(tzinfo=None)

    def key(entry: CaseEntry):
        moment = entry.updated.replace(tzinfo=None) if entry.updated else oldest
        return (moment, entry.id)

    return sorted(entries, key=key, reverse=True)


def pick(found: list[str], text: str) -> str:
    """The one id a code names, or a plain "not found" / "two cases share it"."""
    if len(found) > 1:
        raise AmbiguousCode(code=_shown(text))
    if not found:
        raise UnknownCase("store.error.unknown_code", code=_shown(text))
    return found[0]


def _shown(text: str) -> str:
    """A typed code as the message repeats it: only signs of the code alphabet, so never a name."""
    signs = parse_code(text) or ""
    return "-".join(signs[i : i + 3] for i in range(0, len(signs), 3))


class ListingMixin:
    """The case list and code lookups of :class:`~ddkit.store.store.CaseStore`.

    SQLAlchemy and the tables load inside the methods: the demo store uses this module's
    functions and never runs SQL, so the workshop's kernels do not import it (issue 13).
    """

    def case_list(self, on: date | None = None) -> list[CaseEntry]:
        """Every case and draft, with names opened here, most recently changed first."""
        from sqlalchemy import select

        from ddkit.store import schema as s

        on = on or date.today()

        def work():
            with self._reading() as conn:
                cases = conn.execute(
                    select(s.cases.c.id, s.cases.c.stamps, s.cases.c.wrapped, s.cases.c.sealed)
                ).all()
                drafts = conn.execute(select(s.drafts.c.id, s.drafts.c.sealed)).all()
            return cases, drafts

        cases, drafts = self._read("case_list", work)
        entries = [self._case_row_entry(row, on) for row in cases]
        for row in drafts:
            try:
                body = json.loads(unseal(self._keys.drafts, row.sealed, aad("drafts", row.id)))
            except (IntegrityFailure, ValueError):
                continue  # a damaged draft is not offered; the cases are what matters
            entries.append(draft_entry(row.id, body, on))
        return with_codes(entries)

    def _case_row_entry(self, row, on: date) -> CaseEntry:
        try:
            dek = self._keys.unwrap(row.wrapped, row.id)
            pieces = open_pieces(dek, row.id, row.sealed, LISTED)
            updated = self._open_stamps(row.id, row.stamps)[1]
            return sealed_entry(row.id, pieces, updated, on)
        except (StoreError, ValueError, KeyError, TypeError):
            return damaged_entry(row.id)

    def ids_with_code(self, signs: str) -> list[str]:
        """The ids of the cases whose code begins with ``signs`` (a range of the table's key)."""
        from sqlalchemy import select

        from ddkit.store import schema as s

        lo, hi = id_range(signs)

        def work():
            with self._reading() as conn:
                query = select(s.cases.c.id).where(s.cases.c.id >= lo, s.cases.c.id < hi)
                return conn.execute(query).scalars().all()

        return list(self._read("find", work))

    def find(self, text: str) -> str:
        """The id of the case named by ``text``: its code (``K7M-4QX``) or its full id."""
        return find(self, text)

    def lookup(self, text: str) -> tuple[str, str]:
        """``("case", id)`` or ``("draft", id)`` for a code or an id typed or picked."""
        return lookup(self, text)


# ---------------------------------------------------------------- lookups, for any store


def find(store, text: str) -> str:
    """The id of the case ``text`` names (its code or full id) on a store with ``ids_with_code``.

    A full id is returned as it is: :meth:`load` says whether the case is there.
    """
    if isinstance(text, str) and _CASE_ID.match(text.strip().lower()):
        return check_case_id(text)
    signs = parse_code(text)
    if signs is None:
        raise UnknownCase("store.error.not_an_id")
    return pick(store.ids_with_code(signs), text)


def lookup(store, text: str) -> tuple[str, str]:
    """A case or a draft by its code, or by its full id: ``(kind, id)``."""
    from ddkit.store.drafts import _DRAFT_ID

    signs = parse_code(text)
    if signs is None:
        typed = text.strip() if isinstance(text, str) else ""
        if typed and _DRAFT_ID.match(typed) and typed in store.draft_ids():
            return "draft", typed
        return "case", find(store, typed)
    found = [("case", i) for i in store.ids_with_code(signs)]
    found += [("draft", d) for d in store.draft_ids() if matches(d, signs)]
    if len(found) > 1:
        raise AmbiguousCode(code=_shown(text))
    if not found:
        raise UnknownCase("store.error.unknown_code", code=_shown(text))
    return found[0]
