"""Smoke test of ``bench/bench_workshop.py`` in quick mode: each figure beside its floor."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_workshop.py"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]


@pytest.fixture
def bench(monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_workshop", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "QUICK", True)
    return module


def test_the_notebooks_figure_runs_one_module_beside_a_trivial_notebook(bench, capfd):
    (name, figure), (libs, libs_figure), (first, first_figure) = bench.notebooks_figure()
    # Its kernels are on UNIX sockets, so none prints ipykernel's warning about TCP (hundreds
    # of lines in a whole run, between the figures).
    assert "Kernel is running over TCP" not in capfd.readouterr().err
    assert name.startswith("execute 1 workshop notebook ")
    assert "trivial-notebook floor (x" in figure and "goal x1.5: " in figure
    assert "slowest notebooks/00_start_here " in figure
    assert (
        libs.strip().startswith("each module's libraries alone") and "the kit adds " in libs_figure
    )
    assert first.strip().startswith("the first pass") and " floor" in first_figure


def test_a_modules_libraries_are_what_its_kernel_loaded_beyond_a_trivial_one_but_the_kit(bench):
    path = bench.workshop_notebooks()[0]  # module 00: the timeline's chart and table
    *_, libraries = bench.learning_pass([path], None)
    names = libraries[path]
    assert {"matplotlib.figure", "pandas", "pydantic", "yaml"} <= names
    assert not {n for n in names if n.split(".")[0] in ("ddkit", "IPython", "ipykernel", "zmq")}
    nb = bench.listed(bench.libraries_notebook(names))
    bench.execute(nb, path.parent)
    loaded = bench.modules_of(nb)
    assert {"matplotlib.figure", "pandas"} <= loaded and not {
        n for n in loaded if n.startswith("ddkit")
    }


@pytest.mark.browser
def test_the_jupyterlab_figure_loads_the_shell_beside_a_plain_page(bench):
    if not bench.CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but no Chromium at {bench.CHROMIUM}")
        pytest.skip(f"no Chromium at {bench.CHROMIUM}")
    name, figure = bench.lab_figure()
    assert name.startswith("JupyterLab first load")
    assert "plain-page floor" in figure
