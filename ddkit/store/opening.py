"""Opening a store: create its tables the first time, then turn the passphrase into keys.

A new store records a random salt, the Argon2id settings and a verifier; later openings
derive the same keys and check the verifier, so a wrong passphrase is said plainly. Opening
an existing store only reads, so twenty volunteers can open it at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from ddkit.store import schema as s
from ddkit.store.crypto import KdfParams, Keyring, check_new_passphrase, derive_kek
from ddkit.store.engine import Retry, make_engine, tighten
from ddkit.store.errors import StoreUnavailable
from ddkit.store.migrate import is_current, upgrade
from ddkit.store.sql import reading

log = logging.getLogger("ddkit.store")


def open_case_store(url: str, passphrase: str, path: Path | None = None, kdf=None,
                    busy_ms: int = 5000, attempts: int = 6):  # fmt: skip
    """Open (or create) the store at ``url`` with ``passphrase`` and purge expired cases."""
    from ddkit.store.store import CaseStore

    engine = make_engine(url, busy_ms)
    opening = Retry(attempts=max(attempts, 6))  # opening is not a save to press again
    try:
        opening.run(lambda: create_tables(engine))
        keys = unlock(engine, opening, passphrase, kdf)
    except SQLAlchemyError as exc:
        engine.dispose()
        log.warning("store open failed: %s", type(exc).__name__)
        raise StoreUnavailable() from None
    except BaseException:
        engine.dispose()
        raise
    if path is not None:
        tighten(path)
    store = CaseStore(engine, keys, path, Retry(attempts=attempts))
    if path is None:  # a database server: audit opens if it is an organization's
        store.audit_opens = store._meta("org_prefix") is not None
    if store.retention_days() is not None:
        store.purge_expired()
    return store


def create_tables(engine) -> None:
    """Create the tables of a new store, or bring an older store's up to date
    (:mod:`ddkit.store.migrate`); a current store is only read (no write lock)."""
    with reading(engine) as conn:
        if is_current(conn):
            return
    with engine.begin() as conn:
        upgrade(conn)


def _read_meta(engine) -> dict[str, bytes]:
    with reading(engine) as conn:
        rows = conn.execute(select(s.meta)).all()
    return {r.key: r.value for r in rows}


def _record_new(engine, params: KdfParams, keys: Keyring) -> bool:
    """Record a new store's settings, unless another process just did (then ``False``)."""
    with engine.begin() as conn:
        if conn.execute(select(s.meta.c.key).where(s.meta.c.key == "kdf")).first() is not None:
            return False
        values = {
            "kdf": params.to_json(),
            "verifier": keys.verifier(),
            "schema_version": str(s.SCHEMA_VERSION).encode(),
        }
        conn.execute(insert(s.meta), [{"key": k, "value": v} for k, v in values.items()])
    return True


def unlock(engine, retry: Retry, passphrase: str, kdf: KdfParams | None) -> Keyring:
    """Derive the keys from the passphrase; a new store records its salt and a verifier."""
    stored = retry.run(lambda: _read_meta(engine))
    if "kdf" not in stored:
        check_new_passphrase(passphrase)
        params = (kdf or KdfParams()).with_new_salt()
        keys = Keyring(derive_kek(passphrase, params))
        if retry.run(lambda: _record_new(engine, params, keys)):
            return keys
        stored = retry.run(lambda: _read_meta(engine))  # another process was first: its salt
    keys = Keyring(derive_kek(passphrase, KdfParams.from_json(stored["kdf"])))
    keys.check(stored["verifier"])
    return keys
