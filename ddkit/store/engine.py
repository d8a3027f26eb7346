"""The database under the store: SQLite on this machine by default, PostgreSQL if configured.

SQLite settings on every connection (SECURITY.md finding 8 and 9):

- ``journal_mode=WAL`` so readers never block the writer;
- ``synchronous=FULL`` so a save acknowledged survives a power cut;
- ``secure_delete=ON`` (never FAST) so deleted rows are overwritten, not left on free pages;
- ``busy_timeout`` so a writer waits its turn instead of failing at once;
- every write transaction starts with ``BEGIN IMMEDIATE``, taking the write lock first, so a
  read-then-write never fails half way with "database is locked";
- before that, writers queue for their turn in the kernel (:mod:`ddkit.store.turns`), so the
  lock passes from one writer to the next without anyone sleeping on it.

The file is created 0600 before SQLite opens it; SQLite gives its ``-wal`` and ``-shm`` files
the same mode. The folder is 0700.

PostgreSQL: set ``DDKIT_DATABASE_URL=postgresql+psycopg://user@host/db`` and install the
``postgres`` extra. The same tables and the same encryption are used; the server's own
transactions replace the SQLite settings above. Back it up with ``pg_dump``.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
import warnings
from pathlib import Path

from ddkit.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE
from ddkit.store import turns
from ddkit.store.errors import SharedFolder, StoreBusy
from ddkit.store.turns import Turns, turns_path

DEFAULT_BUSY_MS = 5000
DB_NAME = "store.db"

# Folder names that sync to a cloud service or another machine (DB-8).
_SYNCED_MARKERS = (
    "dropbox",
    "onedrive",
    "google drive",
    "googledrive",
    "my drive",
    "icloud",
    "mobile documents",
    "box sync",
    "nextcloud",
    "owncloud",
    "pcloud",
    "syncthing",
    "megasync",
)
# File systems where SQLite's locking or shared memory is unreliable, or the data leaves the box.
_NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "9p",
    "drvfs",
    "davfs",
    "sshfs",
    "fuse.sshfs",
    "fuse.davfs2",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "fuse.glusterfs",
    "fuse.onedriver",
}


def is_sqlite(url: str) -> bool:
    """Whether a database URL names SQLite.

    >>> is_sqlite("sqlite:////tmp/x.db"), is_sqlite("postgresql+psycopg://h/db")
    (True, False)
    """
    return url.split(":", 1)[0].split("+", 1)[0] == "sqlite"


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def mount_type(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """The file-system type holding ``path`` (Linux), or ``None`` if unknown."""
    try:
        lines = Path(mounts_file).read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    target = str(path.resolve())
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def shared_folder_reason(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """Why ``path`` looks like a synced folder or network share, or ``None`` if it does not.

    >>> shared_folder_reason(Path("/home/ana/Dropbox/ddkit/store.db"), "/nonexistent")
    'dropbox'
    >>> shared_folder_reason(Path("/home/ana/.local/share/ddkit/store.db"), "/nonexistent")
    """
    lowered = [part.lower() for part in path.parts]
    for marker in _SYNCED_MARKERS:
        if any(marker in part for part in lowered):
            return marker
    kind = mount_type(path.parent if path.parent.exists() else path, mounts_file)
    if kind and (kind in _NETWORK_FS or kind.split(".")[-1] in _NETWORK_FS):
        return kind
    return None


def check_location(path: Path) -> None:
    """Refuse a store on a network share or synced folder (DB-8).

    ``DDKIT_ALLOW_SHARED_FOLDER=1`` turns the refusal into a warning, for those who know why.
    """
    reason = shared_folder_reason(path)
    if reason is None:
        return
    if os.environ.get("DDKIT_ALLOW_SHARED_FOLDER") == "1":
        warnings.warn(f"the case store is on a shared or synced folder ({reason})", stacklevel=3)
        return
    raise SharedFolder(where=reason)


def prepare_file(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) before SQLite touches them."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, PRIVATE_FILE_MODE)
    except FileExistsError:
        pass  # another process (or an earlier run) made it; never truncate
    else:
        os.close(fd)
    tighten(path)


def tighten(path: Path) -> None:
    """Set the database and its ``-wal`` / ``-shm`` files to 0600 if they are looser."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            mode = name.stat().st_mode & 0o777
        except FileNotFoundError:
            continue
        if mode != PRIVATE_FILE_MODE:
            os.chmod(name, PRIVATE_FILE_MODE)


def sqlite_pragmas(busy_ms: int) -> tuple[str, ...]:
    """The statements run on every new SQLite connection, in order."""
    return (
        f"PRAGMA busy_timeout={int(busy_ms)}",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA secure_delete=ON",
        "PRAGMA foreign_keys=ON",
        "PRAGMA temp_store=MEMORY",
        "PRAGMA trusted_schema=OFF",
    )


def make_engine(url: str, busy_ms: int = DEFAULT_BUSY_MS):
    """A SQLAlchemy engine; for SQLite, with the settings above and ``BEGIN IMMEDIATE`` writes."""
    from sqlalchemy import create_engine, event

    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": busy_ms / 1000})
    if turns.AVAILABLE and engine.url.database not in (None, "", ":memory:"):
        engine.ddkit_turns = Turns(turns_path(Path(engine.url.database)), busy_ms / 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Hand transaction control to us: pysqlite would otherwise BEGIN (deferred) by itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for statement in sqlite_pragmas(busy_ms):
            cursor.execute(statement)
        if cursor.execute("PRAGMA secure_delete").fetchone()[0] != 1:
            raise sqlite3.OperationalError("secure_delete is not ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("ddkit_begin", "IMMEDIATE")
        if mode == "IMMEDIATE":
            hold_turn(engine, connection.connection.info)
        connection.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        give_back_turn(record.info)

    return engine


TURN = "ddkit_turn"


def hold_turn(engine, info: dict) -> None:
    """Wait for this writer's turn (SQLite files only); it is given back when the connection
    goes back to the pool, right after the commit or rollback."""
    queue = getattr(engine, "ddkit_turns", None)
    if queue is not None and info.get(TURN) is None:
        info[TURN] = queue.take()


def give_back_turn(info: dict) -> None:
    """Hand the turn held by this connection, if any, to the next writer."""
    turn = info.pop(TURN, None)
    if turn is not None:
        turn.give_back()


def is_busy(exc: BaseException) -> bool:
    """Whether an error means "someone else holds the lock; try again"."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock" in text


class Retry:
    """Run a transaction again when the database is busy, with growing random pauses.

    ``attempts`` counts tries in all; after the last one :class:`StoreBusy` is raised, so the
    caller never says "saved" for a save that did not happen.
    """

    def __init__(self, attempts: int = 6, first_pause: float = 0.05, max_pause: float = 2.0):
        self.attempts, self.first_pause, self.max_pause = attempts, first_pause, max_pause
        self.retries = 0  # how many times any call had to try again (reported in stats)

    def run(self, work):
        from sqlalchemy.exc import OperationalError as WrappedError

        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return work()
            except (WrappedError, sqlite3.OperationalError) as exc:
                if not is_busy(exc):
                    raise
                if attempt == self.attempts:
                    raise StoreBusy() from None
                self.retries += 1
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, self.max_pause)
        raise StoreBusy()  # pragma: no cover - the loop always returns or raises
