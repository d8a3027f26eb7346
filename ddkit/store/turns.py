"""Writers on this machine take turns for the write lock in the kernel, not by sleeping.

Why: SQLite's wait for a busy database sleeps 1, 2, 5, 10, ... up to 100 ms between tries.
With twenty volunteers saving at once, the write lock often sits free while every waiting
writer sleeps, and a writer that has work to do between two saves (sealing the next case)
loses its turn to nobody. Measured on a two-core machine: writers doing 1 ms of work between
one-row commits saved 1.5 times faster when they queued on a ``flock`` first
(``bench/bench_store.py`` shows the store's own figure).

How: before ``BEGIN IMMEDIATE`` a writer takes an exclusive ``flock`` on a small empty file
beside the database (``store.db-turns``, 0600); the kernel wakes the next writer the moment
the last one commits. The turn only orders the writers. SQLite's own lock still decides, so
nothing about durability or isolation changes:

- a writer that is not the kit (a backup, the ``sqlite3`` shell) is waited for as before;
- a writer killed while holding its turn loses it at once (the kernel drops a dead process's
  locks), so a crash never blocks the others;
- a turn is waited for at most the busy timeout; then the writer goes on to SQLite's own wait,
  so a busy database is still reported, never hidden (SECURITY.md DB-3).
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

from ddkit.paths import PRIVATE_FILE_MODE

try:
    import fcntl
except ImportError:  # Windows: no flock; writers use SQLite's own wait alone, as before
    fcntl = None

AVAILABLE = fcntl is not None
SUFFIX = "-turns"


def turns_path(db: Path) -> Path:
    """The file whose lock writers of ``db`` queue on."""
    return Path(f"{db}{SUFFIX}")


class Turns:
    """Exclusive turns for the writers of one database file (any process on this machine)."""

    def __init__(self, path: Path, wait_s: float):
        self.path, self.wait_s = Path(path), wait_s

    def take(self) -> Turn | None:
        """Wait up to ``wait_s`` for the turn; ``None`` if it did not come (or cannot be had)."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, PRIVATE_FILE_MODE)
        except OSError:
            return None  # a read-only folder, say: SQLite's own wait alone, as before
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return Turn(fd)
        except BlockingIOError:
            pass
        except OSError:
            os.close(fd)
            return None
        return _waiter().wait(_Request(fd), self.wait_s)


class Turn:
    """A turn held: :meth:`give_back` (or closing) hands it to the next writer."""

    def __init__(self, fd: int):
        self._fd = fd

    def give_back(self) -> None:
        """Release the turn (closing the file releases its lock)."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self):  # a turn forgotten on an error path is still given back
        self.give_back()


class _Request:
    """One writer's wait for the lock on its own open file."""

    def __init__(self, fd: int):
        self.fd, self.abandoned = fd, False
        self.guard, self.ready = threading.Lock(), threading.Event()

    def block(self) -> None:
        """In the helper thread: wait for the lock, then hand it over (or drop it, if late)."""
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError:
            pass  # the writer goes on to SQLite's own wait, which still decides
        with self.guard:
            if not self.abandoned:
                self.ready.set()
                return
        os.close(self.fd)

    def result(self, seconds: float) -> Turn | None:
        if self.ready.wait(seconds):
            return Turn(self.fd)
        with self.guard:
            if self.ready.is_set():
                return Turn(self.fd)
            self.abandoned = True  # the helper closes the file when the lock comes
        return None


class _Waiter:
    """A helper thread that blocks on the lock for the writer asking, so that the writer can
    stop waiting at its deadline (``flock`` itself has none). One per process: starting a
    thread for every wait cost more than a save's own work (200 against 40 microseconds).

    Requests are served one after another; while one waits for a lock that does not come,
    later ones reach their deadlines and go on to SQLite's own wait, as before turns.
    """

    def __init__(self):
        self.pid = os.getpid()
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="ddkit-store-turns", daemon=True).start()

    def wait(self, request: _Request, seconds: float) -> Turn | None:
        self._requests.put(request)
        return request.result(seconds)

    def _serve(self) -> None:
        while True:
            self._requests.get().block()


_WAITER: _Waiter | None = None
_WAITER_GUARD = threading.Lock()


def _waiter() -> _Waiter:
    global _WAITER
    with _WAITER_GUARD:
        if _WAITER is None or _WAITER.pid != os.getpid():  # none yet, or this is a fork
            _WAITER = _Waiter()
        return _WAITER
