"""The store's upkeep: the audit log, the write-ahead log checkpoint, backups, re-checks.

The audit log holds case ids and actions only; its times are sealed like everything else.
Backups use SQLite's ``VACUUM INTO``: a consistent copy that includes saves still in the
write-ahead log (a plain copy of ``store.db`` misses them, DB-9), as encrypted as the store.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from ddkit.store import schema as s
from ddkit.store.crypto import KdfParams, Keyring, aad, derive_kek, resolve_passphrase, seal, unseal
from ddkit.store.engine import is_sqlite
from ddkit.store.errors import BadSetting

log = logging.getLogger("ddkit.store")


class UpkeepMixin:
    """Audit, checkpoint and backup methods of :class:`~ddkit.store.store.CaseStore`."""

    def _audit_row(self, case_id: str, action: str) -> dict:
        moment = datetime.now(UTC).isoformat().encode()
        stamp = seal(self._keys.stamps, moment, aad("audit", case_id, action), minimum=64)
        return {"case_id": case_id, "action": action, "stamp": stamp}

    def _audit(self, conn, case_id: str, action: str) -> None:
        self._sql.audit.run(conn, self._audit_row(case_id, action))

    def audit_log(self) -> list[tuple[datetime, str, str]]:
        """What happened to which case and when: (time, case id, action). No personal data."""

        def work():
            with self._reading() as conn:
                return conn.execute(select(s.audit).order_by(s.audit.c.seq)).all()

        return [(self._open_audit_stamp(r), r.case_id, r.action) for r in self._read("audit", work)]

    def _open_audit_stamp(self, row) -> datetime:
        where = aad("audit", row.case_id, row.action)
        return datetime.fromisoformat(unseal(self._keys.stamps, row.stamp, where).decode())

    def record(self, action: str, case_id: str = "*") -> None:
        """Add an audit entry (exports and backups call this)."""

        def work():
            with self._engine.begin() as conn:
                self._audit(conn, case_id, action)

        self._write(action, None, work)

    def verify_passphrase(self, passphrase: str | None) -> None:
        """Check ``passphrase`` again (for a full export); raise if it is missing or wrong."""
        params = KdfParams.from_json(self._meta("kdf"))
        Keyring(derive_kek(resolve_passphrase(passphrase), params)).check(self._meta("verifier"))

    def _meta(self, key: str) -> bytes | None:
        def work():
            with self._reading() as conn:
                return conn.execute(select(s.meta.c.value).where(s.meta.c.key == key)).first()

        row = self._read("meta", work)
        return None if row is None else row.value

    def checkpoint(self) -> bool:
        """Fold the write-ahead log into the database and truncate it to 0 bytes (SQLite).

        Returns ``False`` if readers in other processes kept it from finishing; the next
        checkpoint finishes the job.
        """
        if not is_sqlite(str(self._engine.url)):
            return True
        for _ in range(20):
            raw = self._engine.raw_connection()
            try:
                busy, _, _ = raw.driver_connection.execute(
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                ).fetchone()
            finally:
                raw.close()
            if not busy:
                return True
            time.sleep(0.05)
        log.warning("checkpoint incomplete: readers were busy")
        return False

    def backup(self, path: str | Path) -> Path:
        """Write a consistent, still-encrypted copy of the store to ``path`` (a new file, 0600).

        Uses SQLite's ``VACUUM INTO``. For PostgreSQL, use ``pg_dump`` instead.
        """
        if not is_sqlite(str(self._engine.url)):
            raise BadSetting(what="backup")
        path = Path(path).expanduser()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            os.close(os.open(path, flags, 0o600))  # VACUUM INTO fills an empty file as is
        except OSError:
            raise BadSetting(what="backup") from None
        raw = self._engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(path),))
        finally:
            raw.close()
        self.record("backup")
        return path
