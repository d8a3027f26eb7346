"""Campaign figures: plans per second against assess alone, cold `ddkit plan` against cold
`ddkit assess`, and tracker entries in the encrypted store against a bare fsynced write."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "notebooks" / "practice_cases"
CASE = CASES / "02_final_order_mother.yaml"
ON = date(2026, 12, 1)


def _rate(step, seconds: float, per_round: int) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        count += per_round
    return count / (time.perf_counter() - start)


def plans_per_second(seconds: float) -> tuple[str, str]:
    from ddkit.assess import assess
    from ddkit.campaign.plan import plan
    from ddkit.case import load_case

    cases = [load_case(p) for p in sorted(CASES.glob("[0-9][0-9]_*.yaml"))]
    floor = _rate(lambda: [assess(c, on=ON) for c in cases], seconds, len(cases))
    rate = _rate(lambda: [plan(c, assess(c, on=ON), ON) for c in cases], seconds, len(cases))
    return (
        "plans per second (assess + plan DataFrame)",
        f"{rate:,.0f}/s vs {floor:,.0f}/s assess-only floor (x{floor / rate:.1f} slower)",
    )


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_plan(runs: int) -> tuple[str, str]:
    floor, kit = [], []
    cli = [sys.executable, "-m", "ddkit.cli"]
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "plan.ics")
        for _ in range(runs):  # interleaved, so machine noise hits both sides alike
            floor.append(_wall([*cli, "assess", str(CASE), "--on", "2026-12-01"]))
            kit.append(_wall([*cli, "plan", "--case", str(CASE), "--on", "2026-12-01", "-o", out]))
    f, k = statistics.median(floor), statistics.median(kit)
    return (
        "cold `ddkit plan -o plan.ics` vs cold `ddkit assess`",
        f"{k * 1000:.0f} ms vs {f * 1000:.0f} ms floor (x{k / f:.1f}, +{(k - f) * 1000:.0f} ms)",
    )


def tracker_writes(count: int) -> tuple[str, str]:
    """Tracker entries logged in the encrypted case store (sealed, committed, fsynced)."""
    from ddkit.case import load_case
    from ddkit.store import open_store
    from ddkit.store.crypto import KdfParams
    from ddkit.store.trackers import Entry

    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.json"
        start = time.perf_counter()
        for n in range(count):
            with open(bare, "w", encoding="utf-8") as handle:
                handle.write(f'{{"n": {n}}}')
                handle.flush()
                os.fsync(handle.fileno())
        floor = count / (time.perf_counter() - start)
        kdf = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)  # opening is not measured
        with open_store(Path(folder) / "store.db", "bench passphrase 12", demo=False,
                        kdf=kdf) as store:  # fmt: skip
            case_id = store.save(load_case(CASE))
            start = time.perf_counter()
            for _ in range(count):
                store.log(case_id, Entry("call", 1, ON, caller="Bench Caller"))
            rate = count / (time.perf_counter() - start)
    return (
        f"tracker logs per second, encrypted store ({count} in a row)",
        f"{rate:,.0f}/s vs {floor:,.0f}/s bare fsynced write floor (x{floor / rate:.1f} slower)",
    )


def run() -> list[tuple[str, str]]:
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    return [
        plans_per_second(0.2 if quick else 3.0),
        cold_plan(2 if quick else 7),
        tracker_writes(20 if quick else 300),
    ]
