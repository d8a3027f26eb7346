"""Where the kit keeps files: a private data directory, files created 0600.

Real data stays on the machine it was entered on. The data directory is
``$DDKIT_DATA_DIR`` or the operating system's user data directory, created with mode 0700.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir(create: bool = True) -> Path:
    """The kit's private data directory (mode 0700)."""
    configured = os.environ.get("DDKIT_DATA_DIR")
    if configured:
        path = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("ddkit", appauthor=False))
    if create:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        os.chmod(path, PRIVATE_DIR_MODE)
    return path


def exports_dir() -> Path:
    """Where exports go by default: inside the data directory, never the app's folder."""
    path = data_dir() / "exports"
    path.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


@contextmanager
def private_umask():
    """Create files 0600 and folders 0700 inside the block (SQLite and pandas honour umask)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def open_private(path: str | Path, mode: str = "wb"):
    """Open a new file for writing with mode 0600 from the first byte.

    An existing file is truncated and re-moded; the permissions never pass through 0644.
    """
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)
    return os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""}))


def make_private(path: str | Path) -> Path:
    """Set an existing file to 0600 (for files a library wrote itself)."""
    os.chmod(path, PRIVATE_FILE_MODE)
    return Path(path)
