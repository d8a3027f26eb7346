"""The workshop notebooks: built from one source, committed clean, and they run top to bottom."""

import json
from pathlib import Path

import pytest
import yaml

from ddkit import devtools

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "notebooks" / "es").glob("[0-9][0-9]_*.ipynb")
)


def test_committed_notebooks_are_up_to_date_with_their_source():
    assert devtools.build_notebooks(check=True) == 0


def test_every_module_exists_in_english_and_spanish():
    sources = devtools.notebook_sources()
    assert "00_start_here" in sources
    for folder in devtools.LANG_DIRS.values():
        assert sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb")) == sources


def test_both_catalogs_hold_the_same_keys():
    en, es = (
        yaml.safe_load((devtools.SRC / "locales" / f"{lang}.yaml").read_text())
        for lang in "en es".split()
    )
    assert {k: set(v) for k, v in en.items()} == {k: set(v) for k, v in es.items()}


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/**/*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    assert devtools.notebook_problems(path) == []


def test_code_cells_stay_thin():
    for path in WORKSHOP:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                assert len(source.splitlines()) <= 8, path.name
                assert "def " not in source and "class " not in source, path.name


def test_the_student_copy_drops_solutions(tmp_path):
    devtools.student_copy(tmp_path)
    for lang_dir in (tmp_path, tmp_path / "es"):
        for path in lang_dir.glob("[0-9][0-9]_*.ipynb"):
            tags = [
                t
                for c in json.loads(path.read_text())["cells"]
                for t in c["metadata"].get("tags", [])
            ]
            assert "solution" not in tags
    teacher = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text())
    assert any("solution" in c["metadata"].get("tags", []) for c in teacher["cells"])


@pytest.mark.slow
@pytest.mark.parametrize("path", WORKSHOP, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # fmt: skip
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    shown = [o["data"] for c in nb.cells for o in c.get("outputs", []) if "data" in o]
    charts = [d for d in shown if d.get("text/plain", "").startswith("<Figure size")]
    assert all("image/png" in d for d in charts)  # a chart is a picture, never its description
    if path.stem.startswith(("00_", "01_", "06_")):
        assert charts, "the module's charts are missing"


@pytest.mark.slow
def test_charts_show_as_pictures_in_a_kernel_as_jupyterlab_starts_it(tmp_path, monkeypatch):
    import base64

    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel picks its own, as in the lab
    cells = ["from ddkit.workshop import timeline_chart\ntimeline_chart('es')",
             "from ddkit.campaign.chart import counts_figure\ncounts_figure({}, 'calls', 'en')"]  # fmt: skip
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    for cell in nb.cells:
        (output,) = cell.outputs
        png = base64.b64decode(output["data"]["image/png"])
        assert png.startswith(b"\x89PNG") and len(png) > 5000  # a drawn chart, not a blank
