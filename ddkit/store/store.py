"""The encrypted case store: save, load, list and delete cases on this machine.

"Saved" means committed: :meth:`CaseStore.save` returns an id only after the database has
committed the transaction to disk. A save that could not happen raises an error instead
(:class:`~ddkit.store.errors.StoreBusy` when others held the lock too long), so the form keeps
its answers for another try. The same idempotency key never makes two cases.

Backups: use :meth:`CaseStore.backup` (SQLite ``VACUUM INTO``), never a copy of ``store.db``
alone (see :mod:`ddkit.store.upkeep`).
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ddkit.case import Case, CaseError
from ddkit.store import schema as s
from ddkit.store.codes import case_code, id_range, parse_code
from ddkit.store.crypto import Keyring, aad, new_key, seal, unseal
from ddkit.store.drafts import DraftsMixin
from ddkit.store.engine import Retry, is_sqlite, tighten
from ddkit.store.errors import IntegrityFailure, StoreError, StoreUnavailable, UnknownCase
from ddkit.store.listing import ListingMixin
from ddkit.store.records import (
    CaseSummary,
    check_case_id,
    clear_columns,
    join_case,
    month,
    open_pieces,
    seal_pieces,
    split_case,
    summary_from_row,
)
from ddkit.store.retention import RetentionMixin
from ddkit.store.sql import SaveStatements, driver_transaction, reading
from ddkit.store.trackers import TrackersMixin, purge_trackers
from ddkit.store.upkeep import UpkeepMixin

log = logging.getLogger("ddkit.store")


def now_utc() -> datetime:
    """The current time in UTC (the store keeps every time in UTC)."""
    return datetime.now(UTC)


class CaseStore(DraftsMixin, ListingMixin, RetentionMixin, UpkeepMixin, TrackersMixin):
    """Cases on disk (SQLite) or on a database server, sealed with a passphrase."""

    demo = False
    # On an organization's server (``ddkit org init``) opening a case is audited: who (the
    # database role), which case id, when. Never on a laptop's store, which stays as it was.
    audit_opens = False

    def __init__(self, engine, keys: Keyring, path: Path | None, retry: Retry):
        self._engine, self._keys, self.path, self._retry = engine, keys, path, retry
        self._sql = SaveStatements(engine.dialect)
        self._sqlite = is_sqlite(str(engine.url))

    @property
    def retries(self) -> int:
        """How many times a write had to wait and try again because others were saving."""
        return self._retry.retries

    def close(self) -> None:
        """Close the database connections (the passphrase's keys go with this object)."""
        self._engine.dispose()
        if self.path is not None:
            tighten(self.path)

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ cases

    def save(self, case: Case, idempotency_key: str | None = None, case_id: str | None = None
             ) -> str:  # fmt: skip
        """Save ``case`` and return its id, only once the database has committed it.

        Args:
            case: the validated case.
            idempotency_key: a random token naming this piece of work (the intake form uses
                its draft id). Saving again with the same key never makes a second case: the
                same case comes back unchanged (a retry after a crash or a lost reply), or
                updated if the answers have changed since.
            case_id: the id of a stored case to replace with ``case`` (after editing it).
        """
        if not isinstance(case, Case):
            raise TypeError("save() expects a Case")
        idem = self._keys.tag(idempotency_key or uuid.uuid4().hex)
        dumped = case.model_dump_json()  # once: it names the answers and is cut into pieces
        content = self._keys.tag(dumped)
        pieces = split_case(case, dumped)
        moment = now_utc()
        dup = self._engine.dialect.dbapi.IntegrityError
        if case_id is None:
            found = self._create(idem, content, pieces, case, moment, dup)
            if not isinstance(found, _Changed):
                return found
            case_id = found.case_id
        target = check_case_id(case_id)

        def update() -> str:
            return self._save_update(idem, content, target, pieces, case, moment)

        return self._write("save", target, _once_more(update, dup))

    def _create(self, idem: str, content: str, pieces, case, moment, dup):
        """Insert a new case under the id derived from its key: one b-tree, the id's, then finds
        a retried save. Should that id's code be another case's, or the id a purged case's, the
        case gets a random id whose code no other case has, and its key a row of its own."""
        case_id, keyed = derived_id(self._keys, idem), True
        for _ in range(CODE_TRIES):
            # Everything is sealed before taking the lock: others wait only for the writes.
            rows = self._new_rows(case_id, pieces, case, moment)
            if keyed:
                rows["case"].update(idem=idem, content=content)
            work = _once_more(
                lambda rows=rows, keyed=keyed: self._save_new(idem, content, rows, keyed), dup
            )
            found = self._write("save", None, work)
            if found is not _CODE_TAKEN:
                return found
            case_id, keyed = uuid.uuid4().hex, False
        raise StoreUnavailable()  # a billion codes: never reached unless randomness is broken

    def _save_new(self, idem: str, content: str, rows: dict, keyed: bool):
        # The driver's own connection: the write lock is held for the SQL and nothing else.
        sql, case_id = self._sql, rows["case"]["id"]
        with driver_transaction(self._engine, self._sqlite) as cursor:
            sql.find.on(cursor, {"idem": idem})
            found = cursor.fetchone()
            if found is not None:
                return _known(found[0], found[1], content)
            lo, hi = id_range(parse_code(case_code(case_id)))
            sql.same_code.on(cursor, {"lo": lo, "hi": hi})
            same = cursor.fetchall()
            for other, other_idem, other_content in same:
                if keyed and other == case_id and other_idem == idem:  # made by this key before
                    return _known(other, other_content, content)
            if same:
                return _CODE_TAKEN  # another case has this code: pick another id
            if keyed:
                sql.retired.on(cursor, {"id": case_id})
                if cursor.fetchone() is not None:
                    return _CODE_TAKEN  # this key's case was purged: a new case, a new id
            sql.case.on(cursor, rows["case"])
            sql.audit.on(cursor, rows["audit"])
            if not keyed:
                sql.extra_key.on(cursor, {"idem": idem, "case_id": case_id, "content": content})
        return case_id

    def _save_update(self, idem: str, content: str, case_id: str, pieces, case, moment) -> str:
        with self._engine.begin() as conn:
            found = self._find_key(conn, idem)
            if found is not None and found[1] == content:
                return found[0]
            self._replace(conn, case_id, pieces, case, moment)
            self._audit(conn, case_id, "update")
            self._record_key(conn, idem, case_id, content)
        return case_id

    def _find_key(self, conn, idem: str) -> tuple[str, str] | None:
        """The case saved under a key, and the fingerprint of what was saved, if any."""
        found = self._sql.find.run(conn, {"idem": idem}).first()
        if found is not None:
            return found[0], found[1]
        derived = derived_id(self._keys, idem)
        row = conn.execute(
            select(s.cases.c.id, s.cases.c.content).where(
                s.cases.c.id == derived, s.cases.c.idem == idem
            )
        ).first()
        return (row[0], row[1]) if row is not None else None

    def _record_key(self, conn, idem: str, case_id: str, content: str) -> None:
        """Remember that the key ``idem`` last saved ``content`` as the case ``case_id``."""
        derived = derived_id(self._keys, idem)
        made_here = (s.cases.c.id == derived) & (s.cases.c.idem == idem)
        if case_id == derived:
            if conn.execute(update(s.cases).where(made_here).values(content=content)).rowcount:
                return
        else:  # the key now names another case than the one it made: one case per key
            conn.execute(update(s.cases).where(made_here).values(idem=None, content=None))
        conn.execute(delete(s.extra_keys).where(s.extra_keys.c.idem == idem))
        self._sql.extra_key.run(conn, {"idem": idem, "case_id": case_id, "content": content})

    def _new_rows(self, case_id: str, pieces: dict[str, bytes], case: Case, moment) -> dict:
        """Every row of a new case, sealed and ready to insert."""
        dek = new_key()
        return {
            "case": {
                "id": case_id,
                "created_month": month(moment),
                "updated_month": month(moment),
                "stamps": self._seal_stamps(case_id, moment, moment),
                "wrapped": self._keys.wrap(dek, case_id),
                "sealed": seal_pieces(dek, case_id, pieces),
                "idem": None,
                "content": None,
                **clear_columns(case),
            },
            "audit": self._audit_row(case_id, "create"),
        }

    def load(self, case_id: str) -> Case:
        """The case with this id; it fails plainly if unknown, damaged or moved."""
        case_id = check_case_id(case_id)

        def work():
            with self._opening() as conn:
                row = conn.execute(
                    select(s.cases.c.wrapped, s.cases.c.sealed).where(s.cases.c.id == case_id)
                ).first()
                if self.audit_opens:  # same transaction: no case leaves without its entry
                    self._audit(conn, case_id, "open" if row is not None else "open_missing")
                return row

        row = self._read("load", work, case_id)
        if row is None:
            raise UnknownCase.named(case_id)
        try:
            dek = self._keys.unwrap(row.wrapped, case_id)
            return join_case(open_pieces(dek, case_id, row.sealed))
        except (IntegrityFailure, CaseError, ValueError, KeyError):
            # Only the id goes to the log: the error may carry pieces of the record.
            log.warning("integrity check failed (case %s)", case_id)
            raise IntegrityFailure() from None

    def withdraw_consent(self, case_id: str, on=None) -> Case:
        """Take back every consent of a case (:func:`ddkit.consent.withdraw`), audited."""
        from ddkit.consent import withdraw

        case_id = check_case_id(case_id)
        case = withdraw(self.load(case_id), on)
        pieces, moment = split_case(case), now_utc()

        def work():
            with self._engine.begin() as conn:
                self._replace(conn, case_id, pieces, case, moment)
                self._audit(conn, case_id, "consent_withdrawn")

        self._write("withdraw_consent", case_id, work)
        return case

    def list(self) -> list[CaseSummary]:
        """Every case as a summary with no names or numbers, most recently changed first."""

        def work():
            with self._reading() as conn:
                return conn.execute(
                    select(s.cases).order_by(s.cases.c.updated_month.desc(), s.cases.c.id)
                ).all()

        return [summary_from_row(r) for r in self._read("list", work)]

    def delete(self, case_id: str) -> None:
        """Purge one case: shred its key, delete its rows, and wipe the write-ahead log."""
        case_id = check_case_id(case_id)

        def work() -> bool:
            with self._engine.begin() as conn:
                found = self._purge(conn, case_id)
                if found:
                    self._audit(conn, case_id, "delete")
            return found

        if not self._write("delete", case_id, work):
            raise UnknownCase.named(case_id)
        self.checkpoint()

    def purge_all(self) -> int:
        """Purge every case and every draft; return how many cases were purged."""

        def work() -> int:
            with self._engine.begin() as conn:
                ids = conn.execute(select(s.cases.c.id)).scalars().all()
                for case_id in ids:
                    self._purge(conn, case_id)
                    self._audit(conn, case_id, "delete")
                conn.execute(delete(s.drafts))
            return len(ids)

        count = self._write("purge_all", None, work)
        self.checkpoint()
        return count

    # ------------------------------------------------------------ pieces of the above

    def _replace(self, conn, case_id, pieces, case, moment) -> None:
        row = conn.execute(
            select(s.cases.c.stamps, s.cases.c.wrapped).where(s.cases.c.id == case_id)
        ).first()
        if row is None:
            raise UnknownCase.named(case_id)
        created, _ = self._open_stamps(case_id, row.stamps)
        dek = self._keys.unwrap(row.wrapped, case_id)
        conn.execute(
            update(s.cases)
            .where(s.cases.c.id == case_id)
            .values(
                sealed=seal_pieces(dek, case_id, pieces),
                updated_month=month(moment),
                stamps=self._seal_stamps(case_id, created, moment),
                **clear_columns(case),
            )
        )

    def _purge(self, conn, case_id: str) -> bool:
        """Shred the wrapped key (overwrite, then delete) and delete every row of the case."""
        row = conn.execute(select(s.cases.c.wrapped).where(s.cases.c.id == case_id)).first()
        if row is None:
            return False
        # Overwrite the wrapped key in place first: the case is unreadable from this moment.
        conn.execute(
            update(s.cases).where(s.cases.c.id == case_id).values(wrapped=bytes(len(row.wrapped)))
        )
        conn.execute(delete(s.extra_keys).where(s.extra_keys.c.case_id == case_id))
        purge_trackers(conn, case_id)  # the campaign's trackers go with the case, same transaction
        conn.execute(delete(s.cases).where(s.cases.c.id == case_id))  # and the key it was made by
        conn.execute(insert(s.retired).values(id=case_id))  # never made again under that key
        return True

    def _seal_stamps(self, case_id: str, created: datetime, updated: datetime) -> bytes:
        data = json.dumps({"created": created.isoformat(), "updated": updated.isoformat()})
        return seal(self._keys.stamps, data.encode(), aad("cases", case_id, "stamps"), minimum=128)

    def _open_stamps(self, case_id: str, sealed: bytes) -> tuple[datetime, datetime]:
        data = json.loads(unseal(self._keys.stamps, sealed, aad("cases", case_id, "stamps")))
        return datetime.fromisoformat(data["created"]), datetime.fromisoformat(data["updated"])

    # ------------------------------------------------------------ running transactions

    def _opening(self):
        """The transaction of :meth:`load`: a write when opens are audited, else a read."""
        return self._engine.begin() if self.audit_opens else self._reading()

    def _reading(self):
        """A read-only transaction (deferred BEGIN: it never takes the write lock)."""
        return reading(self._engine)

    def _read(self, action: str, work, case_id: str | None = None):
        """Run a read, retried if busy; failures become a plain message."""
        return self._guard(action, case_id, lambda: self._retry.run(work))

    def _write(self, action: str, case_id: str | None, work):
        """Run a write transaction, retried if busy; failures become a plain message."""
        return self._guard(action, case_id, lambda: self._retry.run(work))

    def _guard(self, action: str, case_id: str | None, work):
        """Run ``work``; a database failure becomes a plain message, logged without any data."""
        try:
            return work()
        except StoreError:
            raise
        except (SQLAlchemyError, OSError, self._engine.dialect.dbapi.Error) as exc:
            log.warning("%s failed: %s (case %s)", action, type(exc).__name__, case_id or "-")
            raise StoreUnavailable() from None


_CODE_TAKEN = object()
CODE_TRIES = 8


def derived_id(keys: Keyring, idem: str) -> str:
    """The id of the case a save request makes: a keyed fingerprint of its key's, so it looks
    as random as any other id to whoever lacks the passphrase."""
    return keys.tag("case id\0" + idem)[:32]


def _known(case_id: str, saved: str, content: str):
    """A key's case, as a save returns it: the id, or an update if the answers changed."""
    return case_id if saved == content else _Changed(case_id)


class _Changed:
    """A save's key names a stored case whose answers have changed: update that case."""

    def __init__(self, case_id: str):
        self.case_id = case_id


def _once_more(work, driver_errors: type[Exception]):
    """Wrap ``work`` so that a race on the idempotency key reads the winner's id instead."""

    def run():
        try:
            return work()
        except (IntegrityError, driver_errors):
            return work()

    return run
