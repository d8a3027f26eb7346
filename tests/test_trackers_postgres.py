"""Trackers on a real PostgreSQL server: sealed, read back, purged with the case.

Runs when ``DDKIT_TEST_POSTGRES_URL`` names a server (see ``tests/test_store_postgres.py``).
"""

from datetime import date

from ddkit.campaign.trackers import make_entry
from ddkit.store import open_store
from tests.test_store import fictional_case
from tests.test_store_postgres import PASSPHRASE, pytestmark, url  # noqa: F401

CALLER = "Carmela Llamadora-Inventada"


def test_trackers_round_trip_and_go_with_their_case(url):  # noqa: F811
    import psycopg

    store = open_store(url, PASSPHRASE)
    case_id = store.save(fictional_case(1))
    store.log(case_id, make_entry("call", 4, today=date(2026, 12, 1), caller=CALLER))
    store.mark_done(case_id, "press", on=date(2026, 12, 1))
    tracker = store.tracker(case_id)
    assert tracker.total("call") == 4 and tracker.entries[-1].caller in (None, CALLER)
    assert tracker.done("press")
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        dump = str(con.execute("SELECT * FROM tracker_calls").fetchall())
        assert CALLER not in dump and case_id in dump
    store.delete(case_id)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        for table in ("tracker_calls", "tracker_actions"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608
    store.close()
