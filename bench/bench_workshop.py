"""Workshop figures: executing every module notebook against a trivial notebook, and
JupyterLab's first load in headless Chromium against a plain page from the same server.

Both floors run in the same process, the same way: each notebook gets a fresh kernel, as in
``tests/test_notebooks.py`` (so the floor is mostly kernel start-up), and each page load gets
a fresh browser context (an empty cache, as for a learner opening the link for the first
time). ``DDKIT_BENCH_QUICK=1`` runs one module and one page load.

The notebooks run twice. The first pass is the first workshop on a machine: the kit's data
cache (:mod:`ddkit.datacache`) is empty and the kit's bytecode is written as the kernels
import it (``make`` sets ``PYTHONDONTWRITEBYTECODE``, and this checkout is an editable
install: without bytecode every kernel would compile the kit again, which no installed kit
does: pip compiles it, as on Binder, and ``make lab`` keeps it). The second pass is the
figure: the workshop as learners run it. Beside it, each module's libraries alone: a notebook
that imports every module the module's kernel ended with except the kit's own (pandas,
matplotlib, ipywidgets, pydantic...), learnt in the first pass. What the libraries cost is
the part of the ratio the kit cannot cut without showing learners something else.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = Path(os.environ.get("DDKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
QUICK = os.environ.get("DDKIT_BENCH_QUICK") == "1"


def workshop_notebooks() -> list[Path]:
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(
        (NOTEBOOKS / "es").glob("[0-9][0-9]_*.ipynb")
    )
    return found[:1] if QUICK else found


def trivial_notebook():
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])


def execute(nb, folder: Path, sockets: Path | None = None) -> float:
    """Seconds to run a notebook top to bottom in a fresh kernel (start-up included), its
    channels on TCP or, given a private folder, on UNIX sockets there."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    config = Config()
    if sockets is not None:
        # An absolute prefix: the kernel runs in the notebook's folder, and a relative one
        # would put its sockets where the client does not look.
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(sockets / "kernel")
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", config=config,
                   resources={"metadata": {"path": str(folder)}}).execute()  # fmt: skip
    return time.perf_counter() - start


GOAL = 1.5  # issue 13: the workshop notebooks at most 1.5x a trivial notebook
LIST_MODULES = "import sys\nprint(*sorted(sys.modules))"
IMPORT_ALL = """import importlib
for name in {names!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass"""


def listed(nb):
    """The notebook with a last cell that prints the modules its kernel holds."""
    import nbformat

    nb.cells.append(nbformat.v4.new_code_cell(LIST_MODULES))
    return nb


def modules_of(nb) -> set[str]:
    """The modules printed by the last cell of a notebook run with :func:`listed`."""
    return set("".join(o.get("text", "") for o in nb.cells[-1].outputs).split())


def libraries_notebook(names: set[str]):
    """One cell importing ``names``: a module's libraries, without the kit."""
    import nbformat

    code = IMPORT_ALL.format(names=sorted(names))
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])


def learning_pass(
    paths: list[Path], sockets: Path | None
) -> tuple[list[float], list[float], dict[Path, set[str]]]:
    """The first pass, which also learns each module's libraries: the modules its kernel ends
    with, less a trivial notebook's and the kit's own."""
    import nbformat

    floor, modules, libraries = [], [], {}
    for path in paths:
        trivial = listed(trivial_notebook())
        floor.append(execute(trivial, path.parent, sockets))
        module = listed(nbformat.read(path, as_version=4))
        modules.append(execute(module, path.parent, sockets))
        libraries[path] = {
            name
            for name in modules_of(module) - modules_of(trivial)
            if name.partition(".")[0] not in ("ddkit", "__main__")
        }
    return floor, modules, libraries


def one_pass(
    paths: list[Path], libraries: dict[Path, set[str]], sockets: Path | None
) -> tuple[list[float], ...]:
    """Seconds of a trivial notebook, of each module and of its libraries alone, interleaved
    so that machine noise hits all three alike."""
    import nbformat

    floor, modules, alone = [], [], []
    for path in paths:
        floor.append(execute(trivial_notebook(), path.parent, sockets))
        modules.append(execute(nbformat.read(path, as_version=4), path.parent, sockets))
        alone.append(execute(libraries_notebook(libraries[path]), path.parent, sockets))
    return floor, modules, alone


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def notebooks_figure() -> list[tuple[str, str]]:
    from ddkit.kernels import private_sockets_dir

    paths = workshop_notebooks()
    saved = dict(os.environ)
    # The kernels talk over UNIX sockets in a private folder, as the intake app's do: on TCP
    # every kernel prints ipykernel's warning that its channels are open to the machine,
    # hundreds of lines that buried the figures. Floor and modules share the transport.
    sockets = private_sockets_dir()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.update(
            DDKIT_DATA_DIR=str(Path(folder) / "data"),  # practice letters and packets land here
            DDKIT_CACHE_DIR=str(Path(folder) / "cache"),
            MPLBACKEND="Agg",
        )
        try:
            first_floor, first, libraries = learning_pass(paths, sockets)
            floor, modules, alone = one_pass(paths, libraries, sockets)
        finally:
            os.environ.clear()
            os.environ.update(saved)
            if sockets is not None:
                shutil.rmtree(sockets, ignore_errors=True)
    f, each = statistics.median(floor), sum(modules) / len(paths)
    slowest = sorted(zip(modules, paths, strict=True), reverse=True)[:3]
    ratio, libs = each / f, sum(alone) / len(paths)
    plural = "s" if len(paths) > 1 else ""
    return [
        (
            f"execute {len(paths)} workshop notebook{plural} (fresh kernel each)",
            f"{sum(modules):.1f} s total, {each:.1f} s each vs {f:.1f} s trivial-notebook floor "
            f"(x{ratio:.1f}; slowest {', '.join(f'{_name(p)} {s:.1f} s' for s, p in slowest)}); "
            f"goal x{GOAL}: {'met' if ratio <= GOAL else 'not met'}",
        ),
        (
            "  each module's libraries alone (all but ddkit)",
            f"{libs:.1f} s each (x{libs / f:.1f} of the floor: the kit adds "
            f"{ratio - libs / f:+.1f} to the ratio)",
        ),
        (
            "  the first pass (the kit compiled, its data cache built)",
            f"{sum(first):.1f} s total, {sum(first) / len(paths):.1f} s each vs "
            f"{statistics.median(first_floor):.1f} s floor",
        ),
    ]


# ------------------------------------------------------------------ JupyterLab first load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_lab(root: Path, home: Path) -> tuple[subprocess.Popen, str]:
    """``jupyter lab`` from this environment on a free port, with a token; waits until it listens."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"]  # fmt: skip
    if os.geteuid() == 0:
        argv.append("--ServerApp.allow_root=True")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return proc, f"http://127.0.0.1:{port}/{{}}?token={token}"
        time.sleep(0.2)
    stop(proc)
    raise RuntimeError("jupyter lab did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def page_seconds(browser, url: str, ready: str) -> float:
    """Seconds from asking for ``url`` in a new, empty browser context until ``ready`` shows."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.locator(ready).first.wait_for(state="visible", timeout=120_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def lab_figure() -> tuple[str, str]:
    name = "JupyterLab first load (shell visible, empty cache)"
    if not CHROMIUM.exists():
        return name, f"skipped: no Chromium at {CHROMIUM}"
    from playwright.sync_api import sync_playwright

    runs = 1 if QUICK else 3
    with tempfile.TemporaryDirectory() as folder:
        root, home = Path(folder) / "root", Path(folder) / "home"
        root.mkdir()
        home.mkdir()
        (root / "floor.html").write_text("<!doctype html><title>floor</title><p id=ok>ok</p>")
        proc, url = start_lab(root, home)

        def measure() -> tuple[list[float], list[float]]:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                lab, floor = [], []
                for _ in range(runs):  # the first lab load also warms the server: it is kept
                    lab.append(page_seconds(browser, url.format("lab"), "#jp-main-dock-panel"))
                    floor.append(page_seconds(browser, url.format("files/floor.html"), "#ok"))
                browser.close()
            return lab, floor

        try:
            # Playwright's sync API refuses a thread that already runs one (a test session's
            # browser, say): a thread of its own keeps the bench callable from anywhere.
            with ThreadPoolExecutor(max_workers=1) as pool:
                lab, floor = pool.submit(measure).result()
        finally:
            stop(proc)
    f = statistics.median(floor)
    return (
        name,
        f"first {lab[0]:.1f} s, median {statistics.median(lab):.1f} s of {runs} vs "
        f"{f * 1000:.0f} ms plain-page floor from the same server (x{statistics.median(lab) / f:.0f})",
    )


def run() -> list[tuple[str, str]]:
    return [*notebooks_figure(), lab_figure()]


if __name__ == "__main__":
    for figure in run():
        print(*figure, sep=": ")
