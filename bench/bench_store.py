"""Save throughput of the encrypted case store, 20 writer processes, against raw sqlite3.

The floor is plain ``sqlite3``: one-row ``BEGIN IMMEDIATE`` inserts with the same pragmas
(WAL, synchronous=FULL, secure_delete=ON), 20 processes, in the same run. The kit's figure is
``store.save`` of a practice case: validation, per-field AES-256-GCM sealing, the key wrap,
the idempotency check and the audit entry, all in one committed transaction. Runs alternate
(floor, kit, floor, kit...) so that noise from other work on the machine hits both alike, and
the ratio printed is the median of each pair's ratio. The goal is a ratio of at least 0.5.

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
    return WRITERS, 200, 5


def _store_round(folder: Path, writers: int, count: int, quick: bool):
    from ddkit.store import open_store
    from ddkit.store.crypto import KdfParams
    from ddkit.store.stress import run_writers

    db = folder / "store.db"
    # Real Argon2id settings in the full run; opening is outside the timed part either way.
    kdf = KdfParams(1, 8192, 1) if quick else None
    open_store(db, PASSPHRASE, kdf=kdf, demo=False).close()
    return run_writers(db, writers, count, kind="store")


def _raw_round(folder: Path, writers: int, count: int):
    from ddkit.store.stress import create_raw_db, run_writers

    db = folder / "raw.db"
    create_raw_db(db)
    return run_writers(db, writers, count, kind="raw")


def run() -> list[tuple[str, str]]:
    writers, count, rounds = _scale()
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    old = os.environ.get("DDKIT_PASSPHRASE")
    os.environ["DDKIT_PASSPHRASE"] = PASSPHRASE  # the writers read it; never on a command line
    raw_rates, kit_rates, ratios, retries = [], [], [], 0
    try:
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as tmp:
                raw = _raw_round(Path(tmp), writers, count)
            with tempfile.TemporaryDirectory() as tmp:
                kit = _store_round(Path(tmp), writers, count, quick)
            assert len(raw.acks) == len(kit.acks) == writers * count
            raw_rates.append(raw.per_second)
            kit_rates.append(kit.per_second)
            ratios.append(kit.per_second / raw.per_second)  # each pair ran back to back
            retries += kit.retries
    finally:
        if old is None:
            os.environ.pop("DDKIT_PASSPHRASE", None)
        else:
            os.environ["DDKIT_PASSPHRASE"] = old
    floor, rate = statistics.median(raw_rates), statistics.median(kit_rates)
    return [
        (
            f"store saves/s, {writers} processes x {count} (encrypted)",
            f"{rate:.0f}/s vs {floor:.0f}/s raw sqlite3 floor (ratio "
            f"{statistics.median(ratios):.2f}, goal >= 0.5; median of {rounds} paired runs, "
            f"{retries} retries)",
        )
    ]


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
