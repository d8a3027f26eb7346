"""Smoke test of ``bench/bench_cases.py`` in quick mode: the figures, each beside its floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_cases.py"


def test_the_case_list_figures_put_many_cases_beside_one(monkeypatch):
    monkeypatch.setenv("DDKIT_BENCH_QUICK", "1")
    spec = importlib.util.spec_from_file_location("bench_cases", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = dict(module.run())
    assert set(figures) == {
        "unlock to list, 20 cases vs 1",
        "case list alone, 20 cases vs 1",
        "open a case from the list (20 cases)",
    }
    assert (
        " vs " in figures["unlock to list, 20 cases vs 1"]
        and "ratio" in figures["unlock to list, 20 cases vs 1"]
    )
