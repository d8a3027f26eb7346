"""Keep count during a campaign: letters collected by kind, calls per day, petition signatures.

Counts are stored per case under the data directory, ``trackers/<case_id>.json`` (0600), each
write atomic (a temporary file, then ``os.replace``) and serialized with a file lock, so two
volunteers logging at once lose nothing. The store sits behind a small interface
(:class:`TrackerStore`) so that the case store can take it over later. In demo mode (Binder)
nothing is written: counts stay in memory.

A tracker holds no personal data: a case id, kinds, counts and days.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ddkit.campaign.plan import LETTER_KINDS
from ddkit.errors import UserError
from ddkit.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, data_dir

if TYPE_CHECKING:
    import pandas as pd

WHAT = ("letter", "call", "signature")
MAX_COUNT = 100_000
_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Entry:
    """One logged batch: ``count`` letters (of one ``kind``), calls or signatures on a day."""

    what: str
    count: int
    on: date
    kind: str | None = None

    def to_dict(self) -> dict:
        return {
            "what": self.what,
            "kind": self.kind,
            "count": self.count,
            "on": self.on.isoformat(),
        }


@dataclass
class Tracker:
    """Everything logged for one case."""

    case_id: str
    entries: list[Entry] = field(default_factory=list)

    def letters(self) -> dict[str, int]:
        """Letters collected, by kind."""
        totals: dict[str, int] = {}
        for e in self.entries:
            if e.what == "letter":
                totals[e.kind] = totals.get(e.kind, 0) + e.count
        return totals

    def per_day(self, what: str) -> dict[date, int]:
        """Calls or signatures logged, by day (sorted)."""
        totals: dict[date, int] = {}
        for e in self.entries:
            if e.what == what:
                totals[e.on] = totals.get(e.on, 0) + e.count
        return dict(sorted(totals.items()))

    def total(self, what: str) -> int:
        return sum(e.count for e in self.entries if e.what == what)


def check_case_id(case_id: str) -> str:
    """A case id safe to use as a file name, or a clear error (never a person's name in a path).

    >>> check_case_id("case-0042")
    'case-0042'
    """
    if not isinstance(case_id, str) or not _CASE_ID.match(case_id):
        raise UserError("campaign.track.bad_case_id")
    return case_id


def make_entry(
    what: str,
    count: int | str = 1,
    kind: str | None = None,
    on: date | None = None,
    today: date | None = None,
) -> Entry:
    """Check one thing to log, or raise :class:`~ddkit.errors.UserError` saying what is wrong."""
    today = today or date.today()
    if what not in WHAT:
        raise UserError(text=f"{what!r}: choose one of {', '.join(WHAT)}")
    try:
        number = int(str(count).strip())
    except ValueError:
        raise UserError("campaign.track.bad_count", max=MAX_COUNT) from None
    if not 1 <= number <= MAX_COUNT:
        raise UserError("campaign.track.bad_count", max=MAX_COUNT)
    if what == "letter":
        if not kind:
            raise UserError("campaign.track.kind_needed", choices=", ".join(LETTER_KINDS))
        if kind not in LETTER_KINDS:
            raise UserError("campaign.track.bad_kind", choices=", ".join(LETTER_KINDS))
    elif kind:
        raise UserError("campaign.track.kind_not_allowed")
    on = on or today
    if on > today:
        raise UserError("campaign.track.future_date", option="--on")
    return Entry(what=what, count=number, on=on, kind=kind if what == "letter" else None)


class TrackerStore(Protocol):
    """Where trackers live. The file store now; the case store may implement this later."""

    def load(self, case_id: str) -> Tracker: ...

    def add(self, case_id: str, entry: Entry) -> Tracker: ...


class MemoryTrackerStore:
    """Trackers kept in memory only (demo mode and tests)."""

    def __init__(self) -> None:
        self._trackers: dict[str, Tracker] = {}

    def load(self, case_id: str) -> Tracker:
        tracker = self._trackers.get(check_case_id(case_id))
        return Tracker(case_id, list(tracker.entries)) if tracker else Tracker(case_id)

    def add(self, case_id: str, entry: Entry) -> Tracker:
        tracker = self._trackers.setdefault(check_case_id(case_id), Tracker(case_id))
        tracker.entries.append(entry)
        return self.load(case_id)


class FileTrackerStore:
    """Trackers as JSON files in a private folder, one per case, written atomically."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root else data_dir() / "trackers"

    def _folder(self) -> Path:
        self.root.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        os.chmod(self.root, PRIVATE_DIR_MODE)
        return self.root

    def path(self, case_id: str) -> Path:
        return self.root / f"{check_case_id(case_id)}.json"

    def load(self, case_id: str) -> Tracker:
        path = self.path(case_id)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Tracker(case_id)
        return _parse(case_id, raw)

    def add(self, case_id: str, entry: Entry) -> Tracker:
        path = self.path(case_id)
        with self._locked(case_id):
            tracker = self.load(case_id)
            tracker.entries.append(entry)
            _write_atomic(path, _dump(tracker))
        return tracker

    @contextmanager
    def _locked(self, case_id: str):
        """Serialize read-modify-write between processes (no lock where fcntl is missing)."""
        lock = self._folder() / f"{check_case_id(case_id)}.lock"
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows
                fcntl = None
            if fcntl:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock


def _dump(tracker: Tracker) -> str:
    data = {
        "version": 1,
        "case_id": tracker.case_id,
        "entries": [e.to_dict() for e in tracker.entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def _parse(case_id: str, raw: str) -> Tracker:
    try:
        data = json.loads(raw)
        entries = [
            Entry(
                what=e["what"],
                count=int(e["count"]),
                on=date.fromisoformat(e["on"]),
                kind=e.get("kind"),
            )
            for e in data["entries"]
        ]
        if any(e.what not in WHAT for e in entries):
            raise ValueError("unknown entry")
    except (ValueError, KeyError, TypeError):
        raise UserError("campaign.track.damaged", case_id=case_id) from None
    return Tracker(case_id, entries)


def _write_atomic(path: Path, text: str) -> None:
    """Write a new version beside the old one (0600), then swap it in with one rename."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_DEMO_STORE = MemoryTrackerStore()


def default_store() -> TrackerStore:
    """The file store, or an in-memory one in demo mode (nothing saved on Binder)."""
    from ddkit.mode import is_demo

    return _DEMO_STORE if is_demo() else FileTrackerStore()


def plan_targets(plan: pd.DataFrame) -> dict[str, int]:
    """The letter targets in a plan, by kind (from its ``letters_<kind>`` tasks)."""
    import pandas as pd

    targets = {}
    for row in plan.itertuples(index=False):
        if row.task.startswith("letters_") and not pd.isna(row.target):
            targets[row.task.removeprefix("letters_")] = int(row.target)
    return targets


def letters_progress(tracker: Tracker, targets: dict[str, int] | None = None) -> pd.DataFrame:
    """Letters collected by kind beside their targets: columns ``kind``, ``target``, ``collected``."""
    import pandas as pd

    targets = targets or {}
    collected = tracker.letters()
    kinds = [k for k in LETTER_KINDS if k in targets or k in collected]
    return pd.DataFrame(
        {
            "kind": kinds,
            "target": pd.array([targets.get(k) for k in kinds], dtype="Int64"),
            "collected": [collected.get(k, 0) for k in kinds],
        }
    )
