"""Smoke test of ``bench/bench_assess.py``: the cold-start figure beside its floor and its goal."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_assess.py"


def test_the_cold_start_figure_prints_each_ratio_beside_the_goal():
    spec = importlib.util.spec_from_file_location("bench_assess", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.cold_start(1)
    (name, figure), (plain, plain_figure), (bare, bare_figure), (first, first_figure), many = rows
    assert name == "cold `ddkit assess` vs `python -c pass`"
    assert "ms floor (x" in figure and "goal x4: " in figure
    assert "without bytecode" in plain and "ms floor (x" in plain_figure
    assert "pydantic" in bare and "ms floor (x" in bare_figure
    assert "first run" in first and first_figure.endswith(" ms")
    assert many[0] == f"  {len(module.CASES)} cases in one `ddkit assess` vs one command each"
    assert len(module.CASES) >= 19 and "faster;" in many[1] and many[1].endswith(" ms a case)")
