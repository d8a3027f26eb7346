"""Many volunteers saving at once: the load test the store must pass (SECURITY.md 10.4).

Starts writer processes that save practice cases through the real store (or, for comparison,
insert rows with plain ``sqlite3`` and the same settings), optionally kills some of them with
SIGKILL part-way, then checks that every save a writer was told succeeded is in the database.
Used by ``tests/test_store_load.py`` and ``bench/bench_store.py``; a developer tool, not a
user one.

Each writer appends ``<idempotency key> <case id>`` to its own acknowledgement file *after*
``save`` returns, one unbuffered write per save, so a killed writer's file lists exactly the
saves it was told about.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ddkit.store.engine import sqlite_pragmas

GO = "go"


def practice_case(writer: int, number: int):
    """A fictional case, different for each writer and number, with a made-up A-number."""
    from ddkit.case import parse_case

    serial = writer * 100_000 + number
    return parse_case(
        {
            "fictional": True,
            "person": {
                "name": f"Persona Prueba {serial} (fictional)",
                "a_number": f"A9{serial:08d}",
                "date_of_birth": f"19{70 + serial % 30}-0{1 + serial % 9}-1{serial % 9}",
                "address": f"{serial} Calle Ficticia, Springfield",
            },
            "custody": {"detained": serial % 2 == 0, "facility": "Practice Processing Center"},
            "proceedings": {"stage": "in_proceedings"},
            "story": "A practice story for load testing. " * 4,
        }
    )


# ---------------------------------------------------------------- the writer processes


def _wait_for_go(folder: Path) -> None:
    while not (folder / GO).exists():
        time.sleep(0.005)


def store_writer(args) -> None:
    """Save ``count`` practice cases through the store; acknowledge each after it returns."""
    from ddkit.store import StoreBusy, open_store

    store = open_store(args.db, busy_timeout_ms=args.busy_ms, attempts=args.attempts, demo=False)
    cases = [practice_case(args.writer, number) for number in range(args.count)]
    acks = os.open(args.acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(acks, b"ready\n")
    _wait_for_go(Path(args.db).parent)
    cpu = time.process_time()
    reported = 0
    for number, case in enumerate(cases):
        key = f"w{args.writer}-{number}"
        while True:  # the form keeps its answers and the volunteer presses Save again
            try:
                case_id = store.save(case, idempotency_key=key)
                break
            except StoreBusy:
                reported += 1
                time.sleep(random.uniform(0.01, 0.05))  # a volunteer reads the message first
        os.write(acks, f"{key} {case_id}\n".encode())
    cpu = time.process_time() - cpu
    os.write(acks, f"# retries={store.retries} reported={reported} cpu={cpu:.6f}\n".encode())
    store.close()


def raw_writer(args) -> None:
    """The floor: one-row ``BEGIN IMMEDIATE`` inserts with plain sqlite3 and the same pragmas."""
    con = sqlite3.connect(args.db, isolation_level=None, timeout=args.busy_ms / 1000)
    for statement in sqlite_pragmas(args.busy_ms):
        con.execute(statement)
    payload = practice_case(args.writer, 0).model_dump_json().encode()
    if args.payload_bytes:
        payload = os.urandom(args.payload_bytes)  # as big as the kit's sealed row, say
    acks = os.open(args.acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(acks, b"ready\n")
    _wait_for_go(Path(args.db).parent)
    cpu = time.process_time()
    for number in range(args.count):
        key = f"w{args.writer}-{number}"
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO rows(key, payload) VALUES (?, ?)", (key, payload))
        con.execute("COMMIT")
        os.write(acks, f"{key} {key}\n".encode())
    cpu = time.process_time() - cpu
    os.write(acks, f"# retries=0 reported=0 cpu={cpu:.6f}\n".encode())
    con.close()


# ---------------------------------------------------------------- the parent


@dataclass
class Run:
    """What a load run did: acknowledged saves, time taken, retries, kills."""

    acks: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    retries: int = 0
    reported: int = 0
    cpu: float = 0.0  # seconds of processor time the writers spent between "go" and their end
    killed: list[int] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return len(self.acks) / self.seconds if self.seconds else 0.0


def create_raw_db(db: Path) -> None:
    """The table the raw writers insert into."""
    con = sqlite3.connect(db, isolation_level=None)
    for statement in sqlite_pragmas(5000):
        con.execute(statement)
    con.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, payload BLOB)")
    con.close()


def run_writers(db: Path, writers: int, count: int, kind: str = "store", busy_ms: int = 30000,
                attempts: int = 6, kill: int = 0, only: list[int] | None = None,
                seed: int = 0, hold_lock: float = 0.0, payload_bytes: int = 0) -> Run:  # fmt: skip
    """Run ``writers`` processes of ``count`` saves each against ``db``; kill ``kill`` of them.

    The store at ``db`` must exist and ``DDKIT_PASSPHRASE`` must open it. ``only`` restarts
    just those writer numbers (to retry after a crash with the same idempotency keys).
    ``hold_lock`` seconds: the parent holds the write lock as the writers start, so that every
    writer's first save meets a busy database. ``payload_bytes`` (raw writers only): insert
    rows of that many random bytes instead of a practice case's JSON.
    """
    folder = db.parent
    (folder / GO).unlink(missing_ok=True)
    numbers = only if only is not None else list(range(writers))
    ack_files = {n: folder / f"acks-{n}.txt" for n in numbers}
    for path in ack_files.values():
        path.unlink(missing_ok=True)  # a restarted writer reports only its new run
    procs = {n: _start(db, n, count, kind, busy_ms, attempts, payload_bytes) for n in numbers}
    while not all(_lines(ack_files[n]) >= 1 for n in numbers):
        if any(p.poll() not in (None, 0) for p in procs.values()):
            raise RuntimeError("a writer failed to start")
        time.sleep(0.02)
    rng = random.Random(seed)
    victims = {n: rng.randint(1, max(1, count - 2)) for n in rng.sample(numbers, kill)}
    holder = _hold(db) if hold_lock else None
    start = time.perf_counter()
    (folder / GO).touch()
    if holder is not None:
        time.sleep(hold_lock)
        holder.execute("ROLLBACK")
        holder.close()
    run = Run()
    while any(p.poll() is None for p in procs.values()):
        for n, target in list(victims.items()):
            if _lines(ack_files[n]) - 1 >= target:
                procs[n].send_signal(signal.SIGKILL)
                run.killed.append(n)
                del victims[n]
        time.sleep(0.005)
    run.seconds = time.perf_counter() - start
    for n in numbers:
        if procs[n].returncode not in (0, -signal.SIGKILL):
            raise RuntimeError(f"writer {n} failed with code {procs[n].returncode}")
        _read_acks(ack_files[n], run)
    return run


def _hold(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    return con


def _start(db: Path, writer: int, count: int, kind: str, busy_ms: int, attempts: int,
           payload_bytes: int = 0):  # fmt: skip
    command = [sys.executable, "-m", "ddkit.store.stress", kind, str(db), str(writer)]
    command += [str(count), str(db.parent / f"acks-{writer}.txt"), str(busy_ms), str(attempts)]
    command += [f"--payload-bytes={payload_bytes}"]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _read_acks(path: Path, run: Run) -> None:
    for line in path.read_text().splitlines():
        if line.startswith("# "):
            stats = dict(part.split("=") for part in line[2:].split())
            run.retries += int(stats["retries"])
            run.reported += int(stats["reported"])
            run.cpu += float(stats.get("cpu", 0))
        elif line != "ready":
            key, case_id = line.split()
            run.acks[key] = case_id


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ddkit.store.stress")
    parser.add_argument("kind", choices=("store", "raw"))
    for name in ("db", "writer", "count", "acks", "busy_ms", "attempts"):
        parser.add_argument(name)
    parser.add_argument("--payload-bytes", type=int, default=0)
    args = parser.parse_args(argv)
    args.writer, args.count = int(args.writer), int(args.count)
    args.busy_ms, args.attempts = int(args.busy_ms), int(args.attempts)
    (store_writer if args.kind == "store" else raw_writer)(args)


if __name__ == "__main__":
    main()
