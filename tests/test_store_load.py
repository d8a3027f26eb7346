"""Twenty volunteers saving at once, some of them crashing: nothing acknowledged is lost.

SECURITY.md 10.4: DB-1 (20 x 500 saves), DB-3 (a busy database is reported, never "saved"),
DB-5 (writers killed with SIGKILL), DB-6 (a retry after a crash makes no duplicate). Each
writer is a separate process running ``python -m ddkit.store.stress``; all cases fictional.
"""

from __future__ import annotations

import random
import re
import sqlite3

import pytest

from ddkit.store.stress import practice_case, run_writers
from tests.test_store import FAST_KDF, PASSPHRASE, open_test_store

WRITERS = 20


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)  # the writers read it from here
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    path = tmp_path / "store.db"
    open_test_store(path).close()  # created once, with cheap Argon2id settings for 20 opens
    return path


def check(db, acks: dict[str, str], sample: int = 100) -> dict[str, int]:
    """Every acknowledged save is stored under its key, the file is sound; return counts."""
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cases = {r[0] for r in con.execute("SELECT id FROM cases")}
    keys = dict(con.execute("SELECT idem, case_id FROM save_keys").fetchall())
    con.close()
    missing = set(acks.values()) - cases
    assert not missing, f"{len(missing)} acknowledged saves are missing"
    with open_test_store(db, kdf=FAST_KDF) as store:
        for key, case_id in acks.items():
            assert keys[store._keys.tag(key)] == case_id  # the key names its one case
        for key in random.Random(1).sample(sorted(acks), min(sample, len(acks))):
            writer, number = (int(x) for x in key[1:].split("-"))
            assert store.load(acks[key]) == practice_case(writer, number)
    assert len(keys) == len(cases)  # one case per key
    return {"cases": len(cases), "keys": len(keys)}


@pytest.mark.slow
def test_twenty_writers_five_hundred_saves_each_lose_nothing(db):  # DB-1
    run = run_writers(db, WRITERS, 500, busy_ms=30000)
    assert len(run.acks) == WRITERS * 500
    assert run.reported == 0  # no save was ever refused
    assert check(db, run.acks) == {"cases": WRITERS * 500, "keys": WRITERS * 500}


@pytest.mark.slow
def test_a_busy_database_is_reported_and_every_save_gets_through_on_retry(db):  # DB-3
    # A 50 ms busy timeout and one attempt per Save: the parent holds the lock as the writers
    # start, so every writer's first save is refused and the volunteer presses Save again.
    run = run_writers(db, WRITERS, 25, busy_ms=50, attempts=1, hold_lock=0.5)
    assert run.reported >= WRITERS  # each refusal was reported, none counted as saved
    assert len(run.acks) == WRITERS * 25
    assert check(db, run.acks) == {"cases": WRITERS * 25, "keys": WRITERS * 25}


@pytest.mark.slow
def test_killed_writers_lose_no_acknowledged_save_and_retries_make_no_duplicates(db):
    # DB-5: SIGKILL 8 of 20 writers at random points of their work.
    run = run_writers(db, WRITERS, 250, kill=8, seed=7)
    assert len(run.killed) == 8
    assert len(run.acks) < WRITERS * 250
    first = check(db, run.acks)
    assert first["cases"] >= len(run.acks)  # a save may commit just before its writer dies
    # DB-6: the killed writers start again from the beginning with the same keys. Saves that
    # committed before the kill (acknowledged or not) come back with the same id.
    again = run_writers(db, WRITERS, 250, only=run.killed)
    for key, case_id in run.acks.items():
        if key in again.acks:
            assert again.acks[key] == case_id
    assert check(db, {**run.acks, **again.acks}) == {
        "cases": WRITERS * 250,
        "keys": WRITERS * 250,
    }


def test_raw_writers_insert_rows_of_the_size_asked_for(tmp_path):
    from ddkit.store.stress import create_raw_db

    db = tmp_path / "raw.db"
    create_raw_db(db)
    run = run_writers(db, 2, 5, kind="raw", payload_bytes=6000)
    con = sqlite3.connect(db)
    sizes = {row[0] for row in con.execute("SELECT length(payload) FROM rows")}
    con.close()
    assert len(run.acks) == 10 and sizes == {6000}


@pytest.mark.slow
def test_the_store_bench_runs_at_small_scale(monkeypatch):
    import importlib.util

    from tests.conftest import ROOT

    monkeypatch.setenv("DDKIT_BENCH_QUICK", "1")
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "bench" / "bench_store.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    (name, figure), (sized, sized_figure), (alone, alone_figure) = bench.run()
    assert name == "store saves/s, 4 processes x 5 (encrypted)"
    assert "/s vs " in figure and "raw sqlite3 floor (ratio " in figure and "goal >= 0.5" in figure
    assert sized.strip() == "the same floor, raw rows as big as the kit's"
    row_bytes = int(re.search(r"rows of ([\d,]+) bytes", sized_figure)[1].replace(",", ""))
    assert row_bytes > len(practice_case(0, 0).model_dump_json())  # sealed, padded, wrapped
    assert alone.strip() == "one writer alone, 20 saves" and "/s raw (ratio " in alone_figure


def test_the_store_bench_names_the_table_of_each_page_a_save_writes():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "bench" / "bench_store.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    kit, raw, trees = bench.frames_per_save(20, 10)
    if trees is None:
        pytest.skip("this SQLite has no dbstat table")
    assert sum(trees.values()) == pytest.approx(kit)  # every page counted once, by its table
    assert trees["cases"] >= 1 and trees["audit"] > 0 and trees["cases' id index"] > 0
    assert "extra_keys" not in trees  # a save's key is folded into its case (schema 3)
    assert kit > raw > 0
