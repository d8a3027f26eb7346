"""The kit's own data, validated once and kept ready in the user's cache folder.

Reading the language catalogs, the policies and the legal developments means parsing about
forty YAML files and validating each against its model, which took most of a cold
``ddkit assess``. :func:`load` keeps what a loader built in a file of the user's cache folder
and hands it back while nothing it was built from has changed: the data files (by content),
the code that validates them (by content), the kit's, Python's and pydantic's versions.
Anything else (a changed file, a missing, stale, corrupt or foreign cache file, a cache
folder that cannot be written) means building again, exactly as without a cache; a loader
that fails is never cached, so a broken file keeps failing loudly.

Only the kit's own data goes here (shipped, or the public congressional copy that ``ddkit
congress update`` refreshes), never a case or anything a user typed. The folder is
``$DDKIT_CACHE_DIR``, else the system's user cache folder; ``DDKIT_CACHE_DIR=off`` turns the
cache off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

import ddkit

try:  # hashlib's own blake2b, without loading OpenSSL's bindings on the fast path
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
FORMAT = b"ddkit data cache 1\n"
# The code that reads and validates the cached data: any change to it rebuilds every entry.
CODE = ("datacache.py", "values.py", "case.py", "policy.py", "factors.py", "i18n.py",
        "yamlio.py", "law/schema.py", "law/facts.py", "law/loader.py", "law/predicates.py",
        "law/vocabulary.py")  # fmt: skip


def cache_dir() -> Path | None:
    """The folder of the cache files, or ``None`` when the cache is off."""
    configured = os.environ.get("DDKIT_CACHE_DIR")
    if configured:
        return None if configured == "off" else Path(configured).expanduser()
    # What platformdirs.user_cache_dir says, without importing it on the fast path.
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "ddkit"
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local"
        return Path(local) / "ddkit" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "ddkit"


def key(files: Iterable[Path]) -> bytes:
    """A digest of the data files' names and contents, the validating code and the versions."""
    digest = blake2b(_code_key(), digest_size=32)
    _add_files(digest, files)
    return digest.digest()


@cache
def _code_key() -> bytes:
    from pydantic.version import VERSION

    digest = blake2b(FORMAT, digest_size=32)
    for part in (ddkit.__version__, sys.version, VERSION):
        digest.update(part.encode() + b"\0")
    _add_files(digest, (PACKAGE / name for name in CODE))
    return digest.digest()


def _add_files(digest, files: Iterable[Path]) -> None:
    for path in files:
        with open(path, "rb") as file:
            data = file.read()
        digest.update(f"{os.path.basename(path)}\0{len(data)}\0".encode())
        digest.update(data)


def load(name: str, files: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache file ``name`` when ``files`` are unchanged."""
    try:
        folder = cache_dir()
        stamp = FORMAT + key(list(files)) if folder is not None else b""
    except (OSError, RuntimeError):  # a data file went missing (the loader says so), no home
        folder = None
    if folder is None:
        return build()
    path = folder / f"{name}.pickle"
    found = _read(path, stamp)
    if found is not None:
        return found[0]
    value = build()
    _write(folder, path, stamp, value)
    return value


def _read(path: Path, stamp: bytes) -> tuple | None:
    """``(value,)`` from the cache file if it is ours, private and of this stamp, else ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        # Only a file this user wrote and nobody else can change is ever unpickled.
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        with os.fdopen(fd, "rb") as file:
            fd = -1
            data = file.read()
        if not data.startswith(stamp):
            return None
        import pickle

        return (pickle.loads(data[len(stamp) :]),)  # noqa: S301 - our own private file
    except Exception:  # noqa: BLE001 - a broken cache file is rebuilt, never an error
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _write(folder: Path, path: Path, stamp: bytes, value: object) -> None:
    """Save ``value`` atomically (a temporary file renamed over the old one), mode 0600."""
    import pickle

    temporary = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(temporary, flags, 0o600), "wb") as file:
            file.write(stamp + payload)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
