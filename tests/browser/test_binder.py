"""Binder: the ``binder/`` folder builds the workshop, and plays it as mybinder.org would.

The quick tests read the files. The slow one builds the repository the way repo2docker does
(a copy of the repository, a fresh Python 3.11 virtual environment, ``pip install -r
binder/requirements.txt``, then ``binder/postBuild`` from the repository's folder with a new
home folder), starts ``jupyter server`` through ``binder/start`` with Binder's environment
variables, and opens JupyterLab and the intake app in headless Chromium.

The build takes a few minutes; it happens once per test session, in a temporary folder (or in
``$DDKIT_BINDER_CACHE``, reused while ``binder/`` is unchanged). Without ``/usr/bin/chromium``
or ``python3.11`` the slow test is skipped with the reason; under ``CI=true`` it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
CHROMIUM = Path(os.environ.get("DDKIT_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
# What mybinder.org sets in a session (ddkit.mode looks for these).
BINDER_ENV = {
    "BINDER_SERVICE_HOST": "10.0.0.1",
    "BINDER_REPO_URL": "https://github.com/OWNER/ddkit",
    "BINDER_LAUNCH_HOST": "https://mybinder.org/",
}
INTAKE_URL = "voila/render/notebooks/apps/intake.ipynb"


def missing(reason: str):
    """Skip with a visible reason on a user's machine; fail under CI."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


# ------------------------------------------------------------------ the files themselves


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"not pinned: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_binder_runs_python_3_11():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def test_every_dependency_of_the_kit_and_its_apps_is_pinned_for_binder():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [
        r for extra in ("app", "lab") for r in project["optional-dependencies"][extra]
    ]
    pins = requirement_pins()
    for text in wanted:
        req = Requirement(text)
        if req.name == "ddkit":
            continue  # ddkit[app] inside the lab extra
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is not in binder/requirements.txt"
        assert Version(pins[name]) in req.specifier, f"{req.name}=={pins[name]} vs {req}"


def test_post_build_stops_at_the_first_error_and_installs_the_kit_without_other_deps():
    script = (BINDER / "postBuild").read_text()
    assert script.startswith("#!/bin/bash") and "set -e" in script
    assert "pip install --no-deps ." in script
    assert "voila.server_extension" in script
    assert os.access(BINDER / "postBuild", os.X_OK) and os.access(BINDER / "start", os.X_OK)


def test_binder_starts_in_demo_mode_with_the_privacy_settings():
    assert "export DDKIT_DEMO=1" in (BINDER / "start").read_text()
    config = json.loads((BINDER / "jupyter_server_config.json").read_text())
    assert config["FileContentsManager"]["delete_to_trash"] is False
    assert config["VoilaConfiguration"] == {"show_tracebacks": False, "strip_sources": True}


# ------------------------------------------------------------------ building like repo2docker


@dataclass
class Image:
    """A built copy of the repository: where it is, its home folder and its environment."""

    repo: Path
    home: Path
    venv: Path

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment, as in the container: the venv first on PATH, a fresh HOME."""
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DDKIT_", "JUPYTER"))}
        for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "IPYTHONDIR", "MPLBACKEND", "CI"):
            keep.pop(name, None)
        keep.update(
            HOME=str(self.home), PATH=f"{self.venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
        )
        keep.update(extra)
        return keep


def repository_files() -> list[str]:
    """The files repo2docker would see: tracked ones and new ones that git does not ignore."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    return sorted({name for name in out.decode().split("\0") if name})


def copy_repository(target: Path) -> None:
    for name in repository_files():
        source, dest = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet in a commit
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), dest)  # ddkit/templates -> ../templates
        else:
            shutil.copy2(source, dest)  # keeps postBuild and start executable


def binder_key() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "runtime.txt"):
        digest.update((BINDER / name).read_bytes())
    return digest.hexdigest()[:16]


def run(argv: list, image: Image | None = None, timeout: float = 600, **kwargs) -> None:
    result = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=timeout,
        env=image.env() if image else None, **kwargs,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"{argv[:4]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


def build_venv(venv: Path, image: Image) -> None:
    python = shutil.which("python3.11")
    if python is None:
        missing("python3.11 is not installed (Binder builds with binder/runtime.txt: 3.11)")
    stamp = venv / ".binder-requirements"
    if stamp.exists() and stamp.read_text() == binder_key():
        return  # reused from DDKIT_BINDER_CACHE: binder/requirements.txt has not changed
    shutil.rmtree(venv, ignore_errors=True)
    run([python, "-m", "venv", venv])
    requirements = image.repo / "binder" / "requirements.txt"
    run([venv / "bin" / "python", "-m", "pip", "install", "-q", "-r", requirements], image, 1800)
    stamp.write_text(binder_key())


@pytest.fixture(scope="session")
def image(tmp_path_factory) -> Image:
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    base = tmp_path_factory.mktemp("binder")
    cache = os.environ.get("DDKIT_BINDER_CACHE")
    built = Image(repo=base / "repo", home=base / "home",
                  venv=Path(cache) / "venv" if cache else base / "venv")  # fmt: skip
    built.home.mkdir()
    copy_repository(built.repo)
    build_venv(built.venv, built)
    run(["./binder/postBuild"], built, cwd=built.repo)
    return built


# ------------------------------------------------------------------ serving like mybinder.org


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter server stopped:\n{log.read_text()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.25)
    pytest.fail(f"jupyter server did not listen within {timeout:.0f} s")


@dataclass
class Served:
    url: str
    token: str

    def at(self, path: str) -> str:
        return f"{self.url}/{path}?token={self.token}"


@pytest.fixture(scope="session")
def served(image: Image, tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path_factory.mktemp("server") / "jupyter.log"
    argv = ["./binder/start", "jupyter", "server", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
            "--ServerApp.open_browser=False", "--ServerApp.port_retries=0"]  # fmt: skip
    if os.geteuid() == 0:  # containers for CI often run as root; Binder runs as jovyan
        argv.append("--ServerApp.allow_root=True")
    with open(log, "w") as out:
        proc = subprocess.Popen(
            argv, cwd=image.repo, env=image.env(**BINDER_ENV), stdout=out, stderr=out,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, proc, log)
        yield Served(f"http://127.0.0.1:{port}", token)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and its kernels (its own process group)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def page(browser):  # the one Playwright browser of the session, from tests/browser/conftest.py
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The pages ask CDNs for fonts; no test should depend on (or reach) the internet.
    context.route(
        re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), lambda route: route.abort()
    )
    yield context.new_page()
    context.close()


def listed(served: Served, folder: str) -> set[str]:
    """The names in a folder, from the server's contents API."""
    url = served.at(f"api/contents/{folder}")
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return {item["name"] for item in json.load(response)["content"]}


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_jupyterlab_opens_the_workshop_with_the_widgets_extension(served, page):
    page.goto(served.at("lab/tree/notebooks/00_start_here.ipynb"))
    page.locator("#jp-main-dock-panel").wait_for(timeout=120_000)
    page.get_by_role("heading", name=re.compile("Start here")).first.wait_for(timeout=120_000)
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    extensions = {e["name"] for e in config.get("federated_extensions", [])}
    assert "@jupyter-widgets/jupyterlab-manager" in extensions
    modules = {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert modules and modules <= listed(served, "notebooks")
    assert modules <= listed(served, "notebooks/es")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_intake_app_renders_in_voila_in_demo_mode(served, page):
    from ddkit.i18n import t
    from ddkit.ui.fields import field_label

    page.goto(served.at(INTAKE_URL))
    first_question = page.get_by_label(field_label("person.name", "en"), exact=True)
    first_question.wait_for(state="visible", timeout=120_000)
    body = page.inner_text("body")
    assert "Loading widget" not in body and "Traceback" not in body
    assert t("ui.demo.banner", "en") in body
