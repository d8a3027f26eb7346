"""The old tracker files (``trackers/<case id>.json``), moved into the case store once.

Before trackers lived in the case store, each case's counts were a JSON file in the kit's data
folder, not encrypted. The first time the store is used for trackers, every such file whose
name is a stored case's id is imported into that case, then removed securely (overwritten,
flushed to disk, deleted). Each old entry gets an id made from the file and its place in it,
so an import interrupted after its commit and run again adds nothing twice.

A file named by another kind of id (``case-0042``, from before the store) cannot be matched to
a case automatically: it is left where it is and the command line says how to attach it
(``ddkit track import OLD_ID --case-id ID``).
"""

from __future__ import annotations

import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from hashlib import sha256
from pathlib import Path

from ddkit.errors import UserError
from ddkit.paths import data_dir
from ddkit.store.records import check_case_id
from ddkit.store.trackers import Entry

_OLD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_OLD_WHAT = ("letter", "call", "signature")


@dataclass(frozen=True)
class Moved:
    """What an import did: the cases whose files were moved, and the files left in place."""

    imported: tuple[str, ...]
    left: tuple[str, ...]


def legacy_folder() -> Path:
    return data_dir(create=False) / "trackers"


def legacy_ids(folder: Path | None = None) -> list[str]:
    """The ids of the old tracker files still in the data folder."""
    folder = folder or legacy_folder()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if _OLD_ID.match(p.stem))


def read_legacy(path: Path) -> list[Entry]:
    """The entries of one old file (version 1: ``what``, ``kind``, ``count``, ``on``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [
            Entry(
                what=e["what"],
                count=int(e["count"]),
                on=date.fromisoformat(e["on"]),
                kind=e.get("kind") if e["what"] == "letter" else None,
            )
            for e in data["entries"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError("campaign.track.damaged_file", file=path.name) from None
    if any(e.what not in _OLD_WHAT for e in entries):
        raise UserError("campaign.track.damaged_file", file=path.name)
    return entries


def _entry_id(old_id: str, n: int, entry: Entry) -> str:
    """A stable id for the ``n``-th entry of an old file (a re-run adds nothing twice)."""
    seed = f"{old_id}|{n}|{entry.what}|{entry.kind}|{entry.count}|{entry.on}".encode()
    return hmac.new(b"ddkit legacy tracker v1", seed, sha256).hexdigest()[:32]


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk, then delete it.

    On flash storage and journaling file systems an overwrite cannot promise that no old
    copy survives; it still removes the plain copy that anyone could open.
    """
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


def attach(store, old_id: str, case_id: str, folder: Path | None = None) -> int:
    """Import the old file ``old_id`` into the stored case ``case_id``, then shred the file."""
    folder = folder or legacy_folder()
    if not _OLD_ID.match(old_id or "") or not (folder / f"{old_id}.json").is_file():
        raise UserError("campaign.track.no_old_file")
    path = folder / f"{old_id}.json"
    entries = read_legacy(path)
    added = store.import_entries(
        check_case_id(case_id), [(_entry_id(old_id, n, e), e) for n, e in enumerate(entries)]
    )
    shred(path)
    (folder / f"{old_id}.lock").unlink(missing_ok=True)
    return added


def import_all(store, folder: Path | None = None) -> Moved:
    """Import every old file named by a stored case's id; leave (and list) the others."""
    folder = folder or legacy_folder()
    ids = legacy_ids(folder)
    if not ids or store.demo:
        return Moved((), tuple(ids))
    stored = {summary.id for summary in store.list()}
    imported, left = [], []
    for old_id in ids:
        if old_id.lower() in stored:
            attach(store, old_id, old_id.lower(), folder)
            imported.append(old_id.lower())
        else:
            left.append(old_id)
    if not left and not any(folder.iterdir()):
        folder.rmdir()
    return Moved(tuple(imported), tuple(left))
