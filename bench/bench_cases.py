"""My cases: from unlock to the list shown, 500 cases against one; opening a case from the list.

Both stores are real encrypted SQLite stores with the kit's own Argon2id settings, built in a
throwaway folder before timing. "Unlock to list" is what the app does after the passphrase:
open the store (Argon2id), open every case and draft to show names, codes, stages and next
dates, and build the list screen's widgets (the first 25 lines). The floor is the same with a store of one case, timed in the same run, the runs
alternating (one, many, one, many...) so that noise from other work hits both alike; the
ratio printed is the median of each pair's ratio. "Open from the list" is a lookup by the
code shown and the case loaded and checked, on the 500-case store.

``DDKIT_BENCH_QUICK=1`` runs a tiny version (the test suite's smoke run).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

PASSPHRASE = "bench passphrase, fictional data only"


def _scale() -> tuple[int, int, bool]:
    """Cases in the big store, paired runs, and whether this is the quick smoke run."""
    if os.environ.get("DDKIT_BENCH_QUICK") == "1":
        return 20, 1, True
    return 500, 5, False


def fictional_case(n: int):
    from ddkit.case import parse_case

    return parse_case(
        {
            "fictional": True,
            "person": {"name": f"Persona Inventada {n} (fictional)", "a_number": f"A9{n:08d}"},
            "custody": {"detained": n % 2 == 0, "facility": "Nowhere Center", "state": "TX"},
            "proceedings": {
                "stage": "in_proceedings",
                "next_hearing": "2027-01-0" + str(1 + n % 9),
            },
            "equities": {"us_citizen_children": n % 3, "community_ties": "Choir and school."},
            "story": "A short fictional story. " * 20,
        }
    )


def _build(path: Path, count: int, kdf) -> None:
    from ddkit.store import open_store

    with open_store(path, PASSPHRASE, kdf=kdf, demo=False) as store:
        for n in range(count):
            store.save(fictional_case(n))


def _unlock_and_list(path: Path, kdf) -> tuple[float, list]:
    """Open the store with its passphrase and build the app's list screen, as after unlock."""
    from ddkit.store import open_store
    from ddkit.ui.session import Session

    start = time.perf_counter()
    store = open_store(path, PASSPHRASE, kdf=kdf, demo=False)
    session = Session(store, "en", seconds=None)
    session.start()
    took = time.perf_counter() - start
    assert session.screen == "list" and session.cases.rows.children
    entries = session.cases.entries
    session.lock()  # closes the widgets and the store
    return took, entries


def _open_from_list(path: Path, entries: list, kdf) -> float:
    from ddkit.store import open_store

    with open_store(path, PASSPHRASE, kdf=kdf, demo=False) as store:
        picks = entries[:: max(1, len(entries) // 50)]
        start = time.perf_counter()
        for entry in picks:
            kind, case_id = store.lookup(entry.code)
            assert store.load(case_id).person.name == entry.name
        return (time.perf_counter() - start) / len(picks)


def _open_page(path: Path, kdf, times: int) -> float:
    """A click on a line of the list to the case page built (assessment, plan, letters)."""
    from ddkit.store import open_store
    from ddkit.ui.session import Session

    session = Session(open_store(path, PASSPHRASE, kdf=kdf, demo=False), "en", seconds=None)
    session.start()
    session.cases.rows.children[0].click()  # the first page pays for the imports: not timed
    took = []
    for n in range(times):
        session.show_list()
        row = session.cases.rows.children[n % len(session.cases.rows.children)]
        start = time.perf_counter()
        row.click()
        took.append(time.perf_counter() - start)
        assert session.screen == "case"
    session.lock()
    return statistics.median(took)


def run() -> list[tuple[str, str]]:
    from ddkit.store.crypto import KdfParams

    count, rounds, quick = _scale()
    kdf = KdfParams(1, 8192, 1) if quick else None  # the kit's own settings in the full run
    one_times, many_times, ratios, list_one, list_many = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp) / "one.db", Path(tmp) / "many.db"
        _build(one, 1, kdf)
        _build(many, count, kdf)
        for _ in range(rounds):
            t_one, _ = _unlock_and_list(one, kdf)
            t_many, entries = _unlock_and_list(many, kdf)
            assert len(entries) == count
            one_times.append(t_one)
            many_times.append(t_many)
            ratios.append(t_many / t_one)
            list_one.append(_list_only(one, kdf))
            list_many.append(_list_only(many, kdf))
        opening = _open_from_list(many, entries, kdf)
        page = _open_page(many, kdf, 3 if quick else 10)
    med = statistics.median
    return [
        (
            f"unlock to list, {count} cases vs 1",
            f"{med(many_times) * 1000:.0f} ms vs {med(one_times) * 1000:.0f} ms (ratio "
            f"{med(ratios):.2f}; median of {rounds} paired runs; Argon2id included)",
        ),
        (
            f"case list alone, {count} cases vs 1",
            f"{med(list_many) * 1000:.1f} ms vs {med(list_one) * 1000:.2f} ms "
            f"({med(list_many) / count * 1e6:.0f} µs a case: open, check, name, next date)",
        ),
        (
            f"open a case from the list ({count} cases)",
            f"{opening * 1000:.2f} ms (lookup by code + load and check); the case page built "
            f"from a click: {page * 1000:.0f} ms (assessment, plan, letters; median)",
        ),
    ]


def _list_only(path: Path, kdf) -> float:
    from ddkit.store import open_store

    with open_store(path, PASSPHRASE, kdf=kdf, demo=False) as store:
        start = time.perf_counter()
        store.case_list()
        return time.perf_counter() - start


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
