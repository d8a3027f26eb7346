"""The kit's trimmed copy of the congressional data: build it, check it, swap it in at once.

A copy is a folder of four files (:mod:`ddkit.campaign.congress_files`).
``ddkit congress update --from DIR`` builds a new copy in the kit's data folder
(``congress/``): the files go into a new folder, are read back and checked, and only then
does a one-line pointer file (``congress/CURRENT``) switch to it with one atomic rename. A
broken or partial download is refused before anything changes, and the copy shipped inside
the package is never touched.
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import date
from pathlib import Path

from ddkit.campaign.congress import SHIPPED
from ddkit.campaign.congress_files import FILES, SOURCE_FILE, copy_files, parse_copy
from ddkit.campaign.congress_upstream import Download, read_download
from ddkit.errors import UserError
from ddkit.paths import PRIVATE_DIR_MODE, data_dir

POINTER = "CURRENT"
PACKAGE_DIR_MODE = 0o755  # the shipped copy is package data, public like the rest of it


def write_copy(download: Download, folder: Path, mode: int = PRIVATE_DIR_MODE) -> Path:
    """Write a trimmed copy into a new ``folder`` and read it back (it must load)."""
    folder.mkdir(mode=mode, parents=True)
    for name, text in copy_files(download).items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    parse_copy(folder)  # a copy the kit cannot read is never switched to
    return folder


# ---------------------------------------------------------------- the refreshed copy


def refreshed_root() -> Path:
    """Where ``update`` keeps refreshed copies: ``congress/`` in the kit's data folder."""
    return data_dir(create=False) / "congress"


def refreshed_copy() -> Path | None:
    """The refreshed copy to use, if there is one at least as new as the shipped copy."""
    root = refreshed_root()
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    folder = root / name
    if (
        not name
        or "/" in name
        or name.startswith(".")
        or not all((folder / f).is_file() for f in FILES)
    ):
        return None
    if _snapshot_of(folder) < _snapshot_of(SHIPPED):
        return None  # a newer kit ships newer data than an old refresh
    return folder


def _snapshot_of(folder: Path) -> date:
    import yaml

    try:
        meta = yaml.safe_load((folder / SOURCE_FILE).read_text(encoding="utf-8"))
        value = meta["legislators"]["date"]
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
        return date.min


def update(source: str | Path, as_of: date | None = None, root: Path | None = None) -> Path:
    """Build a copy from the download in ``source`` and switch the kit to it.

    Refuses (with :class:`~ddkit.errors.UserError`, nothing changed) a folder with a file
    missing, a key or column renamed, a malformed entry, a state missing, or data older than
    the copy the kit ships. Returns the new copy's folder.
    """
    download = read_download(source, as_of)
    if download.legislators.day < _snapshot_of(SHIPPED):
        raise UserError(
            "campaign.congress.older",
            day=download.legislators.day.isoformat(),
            shipped=_snapshot_of(SHIPPED).isoformat(),
        )
    root = root or refreshed_root()
    data_dir()  # the data folder exists, private
    root.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    name = f"{download.legislators.day.isoformat()}-{secrets.token_hex(4)}"
    folder = root / name
    try:
        write_copy(download, folder)
        pointer = root / f".{POINTER}.{secrets.token_hex(4)}.tmp"
        pointer.write_text(name + "\n", encoding="utf-8")
        os.replace(pointer, root / POINTER)  # the switch: one atomic rename
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        for stale in root.glob(f".{POINTER}.*.tmp"):
            stale.unlink(missing_ok=True)
        raise
    _remove_old(root, keep=name)
    return folder


def _remove_old(root: Path, keep: str) -> None:
    """Remove earlier refreshed copies (public data: nothing to shred)."""
    for child in root.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)


def build_shipped(source: str | Path, folder: Path = SHIPPED, as_of: date | None = None) -> Path:
    """Rebuild the copy shipped in the package from a download (for the kit's maintainers:
    ``python -m ddkit.devtools congress-data --from DIR``).

    The new files are written beside the old folder and checked before the old one is moved
    aside, so a failed build leaves the shipped copy as it was.
    """
    download = read_download(source, as_of)
    staging = folder.with_name(f".{folder.name}.{secrets.token_hex(4)}.new")
    write_copy(download, staging, mode=PACKAGE_DIR_MODE)
    old = folder.with_name(f".{folder.name}.{secrets.token_hex(4)}.old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(staging, folder)
    shutil.rmtree(old, ignore_errors=True)
    return folder
