"""Foundation figures: cold `ddkit assess` against `python -c pass`, and assessments per second."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "notebooks" / "practice_cases" / "01_detained_father.yaml"


def _wall(argv: list[str], runs: int) -> float:
    """Median wall time of a fresh process, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(runs: int) -> tuple[str, str]:
    # Interleave so that machine noise hits both sides alike.
    floor, kit = [], []
    for _ in range(runs):
        floor.append(_wall([sys.executable, "-c", "pass"], 1))
        kit.append(
            _wall([sys.executable, "-m", "ddkit.cli", "assess", str(CASE), "--format", "json"], 1)
        )
    f, k = statistics.median(floor), statistics.median(kit)
    return (
        "cold `ddkit assess` vs `python -c pass`",
        f"{k * 1000:.0f} ms vs {f * 1000:.0f} ms floor (x{k / f:.1f}, +{(k - f) * 1000:.0f} ms)",
    )


def throughput(seconds: float) -> tuple[str, str]:
    from ddkit.assess import assess
    from ddkit.case import load_case

    cases = [load_case(p) for p in sorted(CASE.parent.glob("[0-9][0-9]_*.yaml"))]
    on = date(2026, 12, 1)
    # Floor: the cheapest meaningful pass over the same cases (dumping each model to a dict).
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in cases:
            case.model_dump()
        count += len(cases)
    floor_rate = count / (time.perf_counter() - start)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in cases:
            assess(case, on=on).to_dict("en")
        count += len(cases)
    rate = count / (time.perf_counter() - start)
    return (
        "assessments per second (with JSON dict)",
        f"{rate:,.0f}/s vs {floor_rate:,.0f}/s model_dump floor (x{floor_rate / rate:.1f} slower)",
    )


def run() -> list[tuple[str, str]]:
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    return [cold_start(3 if quick else 15), throughput(0.2 if quick else 3.0)]
