"""The case store: cases kept on this machine, encrypted with a passphrase.

::

    from ddkit.store import open_store
    store = open_store()                 # passphrase from DDKIT_PASSPHRASE or DDKIT_KEY_FILE
    case_id = store.save(case)           # returns only after the save is committed
    store.load(case_id)                  # the same case back
    store.list()                         # summaries: no names, no numbers
    store.case_list()                    # my cases and drafts: names opened here, codes
    store.find("K7M-4QX")                # the id of the case with this code
    store.delete(case_id)                # purged: key shredded, rows and log wiped

Where: ``store.db`` in the kit's private data folder (:func:`ddkit.paths.data_dir`), or the
database named by ``DDKIT_DATABASE_URL`` (PostgreSQL, for an organization's server). In demo
mode (Binder) the store lives in memory and holds practice cases only.

What is readable without the passphrase is listed in :mod:`ddkit.store.schema`.

Settings (environment variables):

- ``DDKIT_PASSPHRASE``: the passphrase; or ``DDKIT_KEY_FILE``: a file holding it (mode 600,
  ``ddkit cases keyfile PATH`` makes one). Without either, the command line asks for it.
- ``DDKIT_DATA_DIR``: the private data folder; ``DDKIT_DATABASE_URL``: another database.
- ``DDKIT_RETENTION_DAYS``: purge cases unchanged for that many days (checked at each open).
- ``DDKIT_ALLOW_SHARED_FOLDER=1``: warn instead of refusing a synced or network folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from ddkit.store.errors import (
    AmbiguousCode,
    BadSetting,
    DemoRefused,
    IntegrityFailure,
    KeyFileError,
    NoPassphrase,
    SharedFolder,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    UnknownCase,
    WeakPassphrase,
    WrongPassphrase,
)
from ddkit.store.records import CaseSummary

__all__ = [
    "AmbiguousCode",
    "BadSetting",
    "CaseSummary",
    "DemoRefused",
    "IntegrityFailure",
    "KeyFileError",
    "NoPassphrase",
    "SharedFolder",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "UnknownCase",
    "WeakPassphrase",
    "WrongPassphrase",
    "open_store",
    "store_target",
]


def store_target(path_or_url: str | Path | None = None) -> tuple[str, Path | None]:
    """The database URL to open, and the SQLite file path when there is one.

    >>> store_target("/tmp/x/store.db")
    ('sqlite+pysqlite:////tmp/x/store.db', PosixPath('/tmp/x/store.db'))
    """
    from ddkit.store.engine import DB_NAME, is_sqlite, sqlite_url

    if path_or_url is None:
        path_or_url = os.environ.get("DDKIT_DATABASE_URL") or None
    if path_or_url is None:
        from ddkit.paths import data_dir

        path_or_url = data_dir() / DB_NAME
    text = str(path_or_url)
    if "://" not in text:
        path = Path(text).expanduser().absolute()
        return sqlite_url(path), path
    if is_sqlite(text):
        raw = text.split(":///", 1)[1] if ":///" in text else ""
        if not raw or raw.startswith(":memory:"):
            raise BadSetting(what="DDKIT_DATABASE_URL")
        path = Path(raw.split("?", 1)[0]).expanduser().absolute()
        return sqlite_url(path), path
    return text, None


def open_store(
    path_or_url: str | Path | None = None,
    passphrase: str | None = None,
    *,
    demo: bool | None = None,
    kdf=None,
    busy_timeout_ms: int | None = None,
    attempts: int = 6,
):
    """Open the case store (creating it the first time) and unlock it with the passphrase.

    Args:
        path_or_url: an SQLite file, a database URL, or ``None`` for ``DDKIT_DATABASE_URL`` or
            ``store.db`` in the data folder.
        passphrase: the store's passphrase; ``None`` reads ``DDKIT_PASSPHRASE``, then the file
            named by ``DDKIT_KEY_FILE``. A new store needs at least 12 characters.
        demo: keep practice cases in memory only; ``None`` decides from
            :func:`ddkit.mode.is_demo`.
        kdf: Argon2id settings for a *new* store (:class:`ddkit.store.crypto.KdfParams`);
            the kit's defaults otherwise. An existing store keeps its own.
        busy_timeout_ms: how long one attempt waits for other writers (default 5 s).
        attempts: how many attempts a write makes before saying it could not save.

    Raises:
        NoPassphrase, WrongPassphrase, WeakPassphrase, KeyFileError, SharedFolder,
        StoreUnavailable: each with a plain message in English and Spanish.
    """
    from ddkit.mode import is_demo

    if is_demo() if demo is None else demo:
        from ddkit.store.memory import MemoryStore

        return MemoryStore()
    from ddkit.store.crypto import resolve_passphrase
    from ddkit.store.engine import DEFAULT_BUSY_MS, check_location, prepare_file
    from ddkit.store.opening import open_case_store

    url, path = store_target(path_or_url)
    secret = resolve_passphrase(passphrase)
    if path is not None:
        check_location(path)
        try:
            prepare_file(path)
        except OSError:
            raise StoreUnavailable() from None
    return open_case_store(
        url,
        secret,
        path=path,
        kdf=kdf,
        busy_ms=busy_timeout_ms or DEFAULT_BUSY_MS,
        attempts=attempts,
    )
