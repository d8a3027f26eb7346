"""Congress figures: ZIP code → members look-ups per second, and cold `ddkit congress --zip`
against cold `ddkit assess`, measured side by side in one run."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "notebooks" / "practice_cases" / "01_detained_father.yaml"


def lookups_per_second(seconds: float) -> tuple[str, str]:
    """Whole look-ups (districts, senators, House members) against the bare table read."""
    from ddkit.campaign.congress import congress

    data = congress()
    index = data.zip_index()
    zips = random.Random(10).sample(sorted(index), 2000)

    def rate(step) -> float:
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for code in zips:
                step(code)
            count += len(zips)
        return count / (time.perf_counter() - start)

    floor = rate(index.get)
    kit = rate(lambda code: data.lookup(zip_code=code).members)
    return (
        "ZIP code → members look-ups per second",
        f"{kit:,.0f}/s vs {floor:,.0f}/s bare table read floor (x{floor / kit:.0f} slower)",
    )


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_congress(runs: int) -> tuple[str, str]:
    cli = [sys.executable, "-m", "ddkit.cli"]
    floor, kit = [], []
    for _ in range(runs):  # interleaved, so machine noise hits both sides alike
        floor.append(_wall([*cli, "assess", str(CASE), "--on", "2026-12-01"]))
        kit.append(_wall([*cli, "congress", "--zip", "78704"]))
    f, k = statistics.median(floor), statistics.median(kit)
    return (
        "cold `ddkit congress --zip 78704` vs cold `ddkit assess`",
        f"{k * 1000:.0f} ms vs {f * 1000:.0f} ms (x{k / f:.2f}, {(k - f) * 1000:+.0f} ms)",
    )


def run() -> list[tuple[str, str]]:
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    return [lookups_per_second(0.2 if quick else 2.0), cold_congress(2 if quick else 9)]
