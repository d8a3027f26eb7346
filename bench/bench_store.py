"""Save throughput of the encrypted case store, 20 writer processes, against raw sqlite3.

The floor is plain ``sqlite3``: one-row ``BEGIN IMMEDIATE`` inserts with the same pragmas
(WAL, synchronous=FULL, secure_delete=ON), 20 processes, in the same run. The kit's figure is
``store.save`` of a practice case: validation, per-field AES-256-GCM sealing, the key wrap,
the idempotency check and the audit entry, all in one committed transaction. Runs alternate
(floor, kit, floor, kit...) so that noise from other work on the machine hits both alike, and
the ratio printed is the median of each pair's ratio. The goal is a ratio of at least 0.5.

Beside the ratio: the processor time each side spent per save (all writers together, from
"go" to their end) and the write-ahead log frames (pages) one save adds, counted on the
``-wal`` file of a single writer: the two things that decide how long a save holds the lock.

Two more floors, in the same rounds, take the gap apart: raw rows as big as the kit's average
case row (its sealed, padded fields are about four times a practice case's JSON), and each side
with one writer making all the saves alone, without contention for the lock or the processor.

``DDKIT_BENCH_QUICK=1`` runs a tiny version (the test suite's smoke run).
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

WRITERS = 20
PASSPHRASE = "bench passphrase, fictional data only"


def _scale() -> tuple[int, int, int]:
    """Writer processes, saves per writer, and rounds."""
    if os.environ.get("DDKIT_BENCH_QUICK") == "1":
        return 4, 5, 1
    return WRITERS, 500, 3  # SECURITY.md DB-1's load: 20 processes x 500 saves


def _store_round(folder: Path, writers: int, count: int, quick: bool):
    """The kit's run, and the average size of a case's row it wrote (bytes)."""
    from ddkit.store import open_store
    from ddkit.store.crypto import KdfParams
    from ddkit.store.stress import run_writers

    db = folder / "store.db"
    # Real Argon2id settings in the full run; opening is outside the timed part either way.
    kdf = KdfParams(1, 8192, 1) if quick else None
    open_store(db, PASSPHRASE, kdf=kdf, demo=False).close()
    return run_writers(db, writers, count, kind="store"), _row_bytes(db)


def _raw_round(folder: Path, writers: int, count: int, payload_bytes: int = 0):
    from ddkit.store.stress import create_raw_db, run_writers

    db = folder / "raw.db"
    create_raw_db(db)
    return run_writers(db, writers, count, kind="raw", payload_bytes=payload_bytes)


def _row_bytes(db: Path) -> int:
    """The average bytes of a row of ``cases`` (every column: ids, sealed fields, stamps)."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        columns = [row[1] for row in con.execute("PRAGMA table_info(cases)")]
        total = " + ".join(f'coalesce(length("{name}"), 0)' for name in columns)
        # The names are the schema's own columns, read just above: nothing from outside.
        average = con.execute(f"SELECT avg({total}) FROM cases").fetchone()[0]  # noqa: S608
    finally:
        con.close()
    return round(average or 0)


def _frames(wal: Path) -> int:
    """How many frames (one page each) the write-ahead log holds."""
    size = wal.stat().st_size
    if size < 32:
        return 0
    with wal.open("rb") as handle:
        page = int.from_bytes(handle.read(12)[8:12], "big")
    return (size - 32) // (24 + page)


# What SQLite's own b-tree names mean, for the breakdown of a save's pages.
TREE_NAMES = {"sqlite_autoindex_cases_1": "cases' id index", "sqlite_schema": "page 1"}


def frames_by_tree(db: Path, saves: int) -> dict[str, float] | None:
    """The WAL frames of ``saves`` saves, per table or index (each frame names its page);
    ``None`` where this SQLite has no ``dbstat`` table to map pages to their b-trees."""
    import sqlite3
    import struct

    wal = Path(f"{db}-wal").read_bytes()
    page = int.from_bytes(wal[8:12], "big")
    pages = [struct.unpack_from(">I", wal, at)[0] for at in range(32, len(wal) - page, 24 + page)]
    con = sqlite3.connect(db)
    try:
        owner = dict(con.execute("SELECT pageno, name FROM dbstat").fetchall())
    except sqlite3.Error:
        return None
    finally:
        con.close()
    counts: dict[str, float] = {}
    for number in pages:
        name = TREE_NAMES.get(owner.get(number, "?"), owner.get(number, "free pages"))
        counts[name] = counts.get(name, 0) + 1 / saves
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def frames_per_save(saves: int, warm: int) -> tuple[float, float, dict[str, float] | None]:
    """WAL frames one save adds (kit, raw), after ``warm`` saves gave the tables some depth,
    and the kit's frames per table or index."""
    import sqlite3

    from ddkit.store import open_store
    from ddkit.store.crypto import KdfParams
    from ddkit.store.engine import sqlite_pragmas
    from ddkit.store.stress import create_raw_db, practice_case

    trees = None

    def counted(db: Path, save, by_tree: bool = False) -> float:
        nonlocal trees
        for number in range(warm):
            save(number)
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        for number in range(warm, warm + saves):  # fewer than 1,000 frames: no checkpoint
            save(number)
        if by_tree:
            trees = frames_by_tree(db, saves)
        return _frames(Path(f"{db}-wal")) / saves

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        with open_store(db, PASSPHRASE, kdf=KdfParams(1, 8192, 1), demo=False) as store:
            cases = [practice_case(0, n) for n in range(warm + saves)]
            kit = counted(db, lambda n: store.save(cases[n], idempotency_key=f"k{n}"), True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "raw.db"
        create_raw_db(db)
        con = sqlite3.connect(db, isolation_level=None)
        for statement in sqlite_pragmas(5000):
            con.execute(statement)
        payload = practice_case(0, 0).model_dump_json().encode()

        def insert(n: int) -> None:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO rows(key, payload) VALUES (?, ?)", (f"w{n % 20}-{n}", payload))
            con.execute("COMMIT")

        raw = counted(db, insert)
        con.close()
    return kit, raw, trees


def run() -> list[tuple[str, str]]:
    writers, count, rounds = _scale()
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    old = os.environ.get("DDKIT_PASSPHRASE")
    os.environ["DDKIT_PASSPHRASE"] = PASSPHRASE  # the writers read it; never on a command line
    raw_rates, kit_rates, ratios, retries = [], [], [], 0
    raw_cpu, kit_cpu = [], []
    sized_ratios, row_sizes, alone_rates, alone_cpu = [], [], [], []
    try:
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as tmp:
                raw = _raw_round(Path(tmp), writers, count)
            with tempfile.TemporaryDirectory() as tmp:
                kit, row_bytes = _store_round(Path(tmp), writers, count, quick)
            # Beside them: raw rows as big as the kit's, and both sides with one writer alone
            # (no contention), so that the gap is measured apart from row size and contention.
            with tempfile.TemporaryDirectory() as tmp:
                sized = _raw_round(Path(tmp), writers, count, row_bytes)
            # One writer makes all the saves: with fewer, starting and ending its process
            # would weigh on the figure.
            with tempfile.TemporaryDirectory() as tmp:
                raw_alone = _raw_round(Path(tmp), 1, writers * count)
            with tempfile.TemporaryDirectory() as tmp:
                kit_alone, _ = _store_round(Path(tmp), 1, writers * count, quick)
            assert len(raw.acks) == len(kit.acks) == len(sized.acks) == writers * count
            raw_rates.append(raw.per_second)
            kit_rates.append(kit.per_second)
            ratios.append(kit.per_second / raw.per_second)  # each pair ran back to back
            raw_cpu.append(raw.cpu / len(raw.acks) * 1000)
            kit_cpu.append(kit.cpu / len(kit.acks) * 1000)
            retries += kit.retries
            sized_ratios.append(kit.per_second / sized.per_second)
            row_sizes.append(row_bytes)
            alone_rates.append((kit_alone.per_second, raw_alone.per_second))
            alone_cpu.append(
                (kit_alone.cpu / len(kit_alone.acks), raw_alone.cpu / len(raw_alone.acks))
            )
    finally:
        if old is None:
            os.environ.pop("DDKIT_PASSPHRASE", None)
        else:
            os.environ["DDKIT_PASSPHRASE"] = old
    floor, rate = statistics.median(raw_rates), statistics.median(kit_rates)
    kit_frames, raw_frames, trees = frames_per_save(*((20, 10) if quick else (100, 400)))
    where = ""
    if trees:
        where = "; the kit's pages: " + ", ".join(f"{name} {n:.1f}" for name, n in trees.items())
    return [
        (
            f"store saves/s, {writers} processes x {count} (encrypted)",
            f"{rate:.0f}/s vs {floor:.0f}/s raw sqlite3 floor (ratio "
            f"{statistics.median(ratios):.2f}, goal >= 0.5; median of {rounds} paired runs, "
            f"{retries} retries; cpu {statistics.median(kit_cpu):.2f} vs "
            f"{statistics.median(raw_cpu):.2f} ms per save; WAL pages per save "
            f"{kit_frames:.1f} vs {raw_frames:.1f}{where})",
        ),
        (
            "  the same floor, raw rows as big as the kit's",
            f"ratio {statistics.median(sized_ratios):.2f} (rows of "
            f"{statistics.median(row_sizes):,.0f} bytes, the kit's average case row, against a "
            "practice case's JSON above)",
        ),
        (
            f"  one writer alone, {writers * count} saves",
            f"{statistics.median(k for k, _ in alone_rates):.0f}/s vs "
            f"{statistics.median(r for _, r in alone_rates):.0f}/s raw (ratio "
            f"{statistics.median(k / r for k, r in alone_rates):.2f}: the gap without contention; cpu "
            f"{statistics.median(k for k, _ in alone_cpu) * 1000:.2f} vs "
            f"{statistics.median(r for _, r in alone_cpu) * 1000:.2f} ms per save)",
        ),
    ]


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
