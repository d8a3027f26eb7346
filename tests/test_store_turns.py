"""Writers take turns for the write lock in the kernel (ddkit.store.turns), and a turn never
blocks a save for longer than the busy timeout, even when its holder hangs or is killed.

Every case here is fictional.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from ddkit.store.turns import Turns, turns_path
from tests.test_store import fictional_case, open_test_store

HOLDER = """
import sys
from pathlib import Path
from ddkit.store.turns import Turns
turn = Turns(Path(sys.argv[1]), 5).take()
print("held" if turn else "missed", flush=True)
sys.stdin.read()  # hold the turn until killed
"""


def hold_in_another_process(path):
    """A process holding the turn of ``path`` until it is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_the_next_writer_gets_the_turn_as_soon_as_it_is_given_back(tmp_path):
    turns = Turns(tmp_path / "store.db-turns", wait_s=60)
    first = turns.take()
    assert first is not None
    waiting = []
    taker = threading.Thread(target=lambda: waiting.append(turns.take()))
    taker.start()
    taker.join(0.3)
    assert waiting == []  # still waiting: the turn is held
    first.give_back()
    taker.join(60)
    assert waiting and waiting[0] is not None  # it came, long before the 60 s deadline
    waiting[0].give_back()


def test_a_turn_held_elsewhere_is_waited_for_only_until_the_deadline(tmp_path):
    path = tmp_path / "store.db-turns"
    holder = hold_in_another_process(path)
    threads = threading.active_count()
    try:
        for _ in range(5):  # each writer goes on to SQLite's own wait, none hangs
            assert Turns(path, wait_s=0.05).take() is None
        assert threading.active_count() <= threads + 1  # one helper thread, not one per wait
    finally:
        holder.kill()
        holder.wait()
    turn = Turns(path, wait_s=60).take()  # the abandoned waits let go of the lock once it came
    assert turn is not None
    turn.give_back()


def test_a_writer_killed_while_holding_its_turn_blocks_nobody(tmp_path):
    path = tmp_path / "store.db-turns"
    holder = hold_in_another_process(path)
    waiting = []
    taker = threading.Thread(target=lambda: waiting.append(Turns(path, wait_s=60).take()))
    taker.start()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    taker.join(60)
    assert waiting and waiting[0] is not None
    waiting[0].give_back()


def test_a_save_gives_its_turn_back_and_a_hung_holder_does_not_stop_saving(tmp_path):
    db = tmp_path / "store.db"
    store = open_test_store(db)
    case_id = store.save(fictional_case(1))
    turn = Turns(turns_path(db), wait_s=0).take()
    assert turn is not None  # nobody kept it after the save
    turn.give_back()
    store.close()
    holder = hold_in_another_process(turns_path(db))
    try:
        with open_test_store(db, busy_timeout_ms=100) as store:
            other = store.save(fictional_case(2))  # waited 0.1 s for the turn, then saved
            assert store.load(other) == fictional_case(2)
            assert store.load(case_id) == fictional_case(1)
    finally:
        holder.kill()
        holder.wait()


def test_the_turns_file_is_private_even_under_a_careless_umask(tmp_path):
    old = os.umask(0)
    try:
        Turns(tmp_path / "store.db-turns", wait_s=1).take().give_back()
    finally:
        os.umask(old)
    assert (tmp_path / "store.db-turns").stat().st_mode & 0o777 == 0o600


def test_without_flock_as_on_windows_saves_use_sqlite_s_own_wait(tmp_path, monkeypatch):
    monkeypatch.setattr("ddkit.store.turns.AVAILABLE", False)
    db = tmp_path / "store.db"
    with open_test_store(db) as store:
        case_id = store.save(fictional_case(1))
        assert store.load(case_id) == fictional_case(1)
    assert not turns_path(db).exists()
