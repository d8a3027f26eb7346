"""``ddkit app``: one notebook, on this machine, with a token, and nothing that leaks (DEP-1..10)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ddkit.cli import main
from ddkit.commands import app
from ddkit.errors import UserError
from ddkit.kernels import SOCKET_PATH_MAX

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ refusals (DEP-5, DEP-6)


@pytest.mark.parametrize(
    "arg",
    [
        "--debug",
        "--show_tracebacks=True",
        "--VoilaConfiguration.show_tracebacks=True",
        "--Voila.tornado_settings={'disable_check_xsrf': True}",
        "--Voila.tornado_settings={'allow_origin': '*'}",
        "--ServerApp.allow_origin=*",
        "--Voila.ip=0.0.0.0",
        "--token=",
        "--Voila.token=",
        "--strip_sources=False",
        "--Voila.root_dir=/",
    ],
)
def test_options_that_weaken_the_app_are_refused(arg):
    with pytest.raises(UserError) as caught:
        app.check_args([arg])
    assert caught.value.key == "ui.app.refused_option"


def test_a_folder_or_a_second_notebook_is_refused(tmp_path):
    with pytest.raises(UserError) as caught:
        app.check_args(["notebooks/"])
    assert caught.value.key == "ui.app.not_a_notebook"
    with pytest.raises(UserError) as caught:
        app.check_notebook(tmp_path)
    assert caught.value.key == "ui.app.not_a_notebook"
    with pytest.raises(UserError) as caught:
        app.check_notebook(tmp_path / "missing.ipynb")
    assert caught.value.key == "ui.app.notebook_missing"


def test_harmless_options_pass():
    assert app.check_args(["--MappingKernelManager.cull_idle_timeout=600"]) == [
        "--MappingKernelManager.cull_idle_timeout=600"
    ]


def test_the_command_line_refuses_debug_and_bad_ports(capsys):
    assert main(["app", "--voila-arg=--debug"]) == 2
    assert "--debug" in capsys.readouterr().err
    assert main(["app", "--port", "80"]) == 2
    assert main(["app", "--port", "70000", "--lang", "es"]) == 2
    assert "puerto" in capsys.readouterr().err


def test_a_busy_port_is_refused(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["app", "--port", str(port)]) == 2
    assert str(port) in capsys.readouterr().err


# ------------------------------------------------------------------ configuration


def test_the_config_hides_tracebacks_strips_sources_and_culls_kernels(tmp_path):
    config = app.voila_config(8866, "127.0.0.1", "tok", tmp_path)
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["Voila"]["token"] == "tok"
    assert config["Voila"]["port_retries"] == 0
    settings = config["VoilaConfiguration"]
    assert settings["show_tracebacks"] is False and settings["strip_sources"] is True
    assert settings["preheat_kernel"] is True and settings["default_pool_size"] == 1
    assert settings["file_allowlist"] == []  # /voila/files serves nothing
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["MappingKernelManager"]["cull_interval"] > 0
    assert config["FileContentsManager"]["delete_to_trash"] is False
    headers = config["Voila"]["tornado_settings"]["headers"]
    assert "disable_check_xsrf" not in config["Voila"]["tornado_settings"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert settings["template"] == "ddkit"  # Voilà's lab page without its CDN stylesheets


def test_the_kits_page_is_found_by_voila_and_fetches_nothing_from_a_cdn(tmp_path):
    env = app.app_env(tmp_path, "en", base={"JUPYTER_PATH": "/elsewhere"})
    first, *rest = env["JUPYTER_PATH"].split(os.pathsep)
    assert rest == ["/elsewhere"]  # a path set before is kept, after the kit's
    page = Path(first) / "voila" / "templates" / "ddkit"
    assert json.loads((page / "conf.json").read_text()) == {"base_template": "lab"}
    template = re.sub(r"\{#.*?#\}", "", (page / "index.html.j2").read_text(), flags=re.S)
    assert "http" not in template and "<link" not in template
    assert "super.super()" in template  # skips the lab page's CDN links, keeps the rest


def test_the_run_folder_is_private_and_turns_history_off(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    app.prepare_run_dir(run_dir, app.voila_config(8866, "127.0.0.1", "secret-token", run_dir))
    for path in (
        run_dir / "voila.json",
        run_dir / "ipython/profile_default/ipython_kernel_config.py",
    ):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kernel_config = (run_dir / "ipython/profile_default/ipython_kernel_config.py").read_text()
    assert "c.HistoryManager.enabled = False" in kernel_config
    env = app.app_env(run_dir, "es", base={})
    assert env["IPYTHONDIR"] == str(run_dir / "ipython")
    assert env["DDKIT_LANG"] == "es"
    command = app.voila_command(ROOT / "notebooks/apps/intake.ipynb", run_dir, [])
    assert "secret-token" not in " ".join(command)  # the token is not visible in `ps`
    assert command[command.index("--Voila.config_file_paths") + 1] == str(run_dir)


def test_the_app_notebook_is_two_or_three_lines_calling_ddkit_ui():
    nb = json.loads((ROOT / "notebooks/apps/intake.ipynb").read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    source = "".join(line for cell in code for line in cell["source"])
    assert len([line for line in source.splitlines() if line.strip()]) <= 3
    assert "ddkit.ui" in source and "def " not in source
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


def test_kernel_history_is_off_with_the_app_environment(tmp_path):
    """DEP-9: what is typed in the app's kernel is not kept in IPython's history."""
    from jupyter_client.manager import start_new_kernel

    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    app.prepare_run_dir(run_dir, app.voila_config(8866, "127.0.0.1", "t", run_dir))
    env = app.app_env(run_dir, "en")
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    printed = []

    def collect(msg):
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    try:
        reply = client.execute_interactive('x = "A123456789"', timeout=30)
        assert reply["content"]["status"] == "ok"
        client.execute_interactive(
            "print(get_ipython().history_manager.enabled)", timeout=30, output_hook=collect
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "".join(printed).strip() == "False"
    leaked = [
        p
        for p in (run_dir / "ipython").rglob("*")
        if p.is_file() and b"A123456789" in p.read_bytes()
    ]
    assert leaked == []


# ------------------------------------------------------------------ the real server (DEP-1)


def _get(url: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _kernels(pid: int) -> int:
    import psutil

    found = 0
    for child in psutil.Process(pid).children(recursive=True):
        try:
            found += "ipykernel" in " ".join(child.cmdline())
        except psutil.Error:
            continue
    return found


async def _send_execute(port: int, token: str, kernel_id: str, marker: Path) -> list[str]:
    """Send an execute_request over the kernel's websocket, as a hostile page could; return
    the types of the messages that came back."""
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}"
    socket_ = await websocket_connect(url)

    def message(msg_type: str, content: dict) -> str:
        header = {"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "x",
                  "msg_type": msg_type, "version": "5.3", "date": ""}  # fmt: skip
        return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                           "content": content, "channel": "shell", "buffers": []})  # fmt: skip

    code = f"open({str(marker)!r}, 'w').write('ran')"
    await socket_.write_message(message("kernel_info_request", {}))  # allowed: shows the line works
    await socket_.write_message(
        message(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
            },
        )
    )
    seen: list[str] = []
    deadline = time.monotonic() + 4
    while (left := deadline - time.monotonic()) > 0:
        try:
            raw = await asyncio.wait_for(socket_.read_message(), timeout=left)
        except TimeoutError:
            break
        if raw is None:
            break
        if isinstance(raw, str):
            reply = json.loads(raw)
            seen.append(reply.get("msg_type") or reply["header"]["msg_type"])
    socket_.close()
    return seen


def _stop(proc) -> int:
    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.wait(timeout=120)  # a clean stop, however loaded the machine
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait()


@pytest.mark.slow
def test_the_served_app_needs_its_token_and_shows_no_code(tmp_path):
    """The launcher end to end: URL first, token required (DEP-1), sources stripped, clean stop."""
    port = free_port()
    env = dict(os.environ, DDKIT_DATA_DIR=str(tmp_path), DDKIT_DEMO="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ddkit.cli", "app", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
        start_new_session=True,
    )
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        token = url.split("token=", 1)[1]
        assert len(token) >= 32
        assert not list(tmp_path.glob("app-*/voila.json"))  # the token left the disk once read
        base = f"http://127.0.0.1:{port}"
        for path in ("/", "/voila/render/intake.ipynb", "/voila/api/contents", "/api/kernels",
                     "/voila/files/intake.ipynb"):  # fmt: skip
            assert _get(base + path)[0] in (302, 401, 403, 404), path
        time.sleep(1)
        assert _kernels(proc.pid) <= 1  # only the pool's warm kernel: no visitor got one
        status, page = _get(url)
        assert status == 200
        assert "intake_app" not in page  # sources stripped
        assert "Traceback" not in page
        assert "cdn.jsdelivr.net" not in page and "cdnjs" not in page  # the kit's own page
        assert _get(f"{base}/voila/files/intake.ipynb?token={token}")[0] in (403, 404)
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
        marker = tmp_path / "code-ran"
        # In a thread of its own: Playwright may hold this thread's event loop.
        with ThreadPoolExecutor(1) as pool:
            replies = pool.submit(asyncio.run, _send_execute(port, token, kernel_id, marker))
            replies = replies.result(timeout=60)
        assert "kernel_info_reply" in replies  # the channel works...
        assert "execute_reply" not in replies  # ...but code sent from a browser is dropped (DEP-2)
        assert not marker.exists()
    finally:
        code = _stop(proc) if proc.poll() is None else proc.returncode
    assert code in (0, 130)
    time.sleep(0.5)
    assert list(tmp_path.glob("app-*")) == []


def test_the_campaign_app_is_served_alone_on_request():
    from ddkit.cli import build_parser
    from ddkit.commands.app import CAMPAIGN_NOTEBOOK, NOTEBOOK, app_notebook, check_notebook

    assert app_notebook(build_parser().parse_args(["app"])) == NOTEBOOK
    chosen = app_notebook(build_parser().parse_args(["app", "--campaign"]))
    assert chosen == CAMPAIGN_NOTEBOOK and check_notebook(chosen).name == "campaign.ipynb"


@contextlib.contextmanager
def _running_app(tmp_path):
    """``ddkit app`` started, listening, with its warm kernel: yields the launcher and its
    children (Voilà and its kernels); whatever is still running afterwards is killed."""
    import psutil

    env = dict(os.environ, DDKIT_DATA_DIR=str(tmp_path), DDKIT_DEMO="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ddkit.cli", "app", "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
        start_new_session=True,
    )
    family = []
    try:
        assert proc.stdout.readline().startswith("http://127.0.0.1:")
        deadline = time.monotonic() + 120
        while _kernels(proc.pid) < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _kernels(proc.pid) >= 1, "the app's warm kernel never started"
        family = psutil.Process(proc.pid).children(recursive=True)
        yield proc, family
    finally:
        for child in family:
            with contextlib.suppress(psutil.Error):
                child.kill()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_the_server_and_its_kernels_stop_when_the_launcher_is_killed(tmp_path):
    import psutil

    with _running_app(tmp_path) as (proc, family):
        proc.kill()  # SIGKILL: the launcher gets no chance to stop anything itself
        proc.wait()
        _, alive = psutil.wait_procs(family, timeout=120)
        assert alive == []  # nobody is left serving the intake, or holding its answers
        (left,) = tmp_path.glob("app-*")  # its run folder: the next start sweeps it
        assert app.sweep_run_dirs(tmp_path) == [left] and not left.exists()


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="no UNIX sockets on Windows: TCP there")
def test_the_apps_kernels_talk_over_private_unix_sockets_not_tcp_ports(tmp_path):
    """On TCP, any account on the machine may listen to a kernel's IOPub channel (no key is
    needed to receive) and read the intake as it is typed; the app's kernels use UNIX sockets
    in a folder only this account may enter, removed when the app stops."""
    with _running_app(tmp_path) as (proc, _family):
        (run_dir,) = tmp_path.glob("app-*")
        sockets = Path((run_dir / app.SOCKETS_FILE).read_text())
        assert stat.S_IMODE(sockets.stat().st_mode) == 0o700 and sockets.name.startswith("ddkit-")
        files = list(sockets.rglob("kernel-*.json"))
        assert files, "the warm kernel's connection file is not in the sockets folder"
        for file in files:
            info = json.loads(file.read_text())
            assert info["transport"] == "ipc"
            paths = [Path(f"{info['ip']}-{info[f'{name}_port']}") for name in CHANNELS]
            deadline = time.monotonic() + 60  # the kernel may still be binding them
            while not all(path.exists() for path in paths) and time.monotonic() < deadline:
                time.sleep(0.2)
            for path in paths:
                assert stat.S_ISSOCK(path.stat().st_mode), path
                assert sockets in path.parents
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        assert proc.wait(timeout=120) == 130
    assert not sockets.exists()  # nothing of the kernels is left behind


def test_a_kernel_sockets_folder_is_private_and_short_enough(monkeypatch, tmp_path):
    if os.name == "nt":
        assert app.kernel_sockets_dir() is None
        return
    folder = app.kernel_sockets_dir()
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert len(str(folder)) + app.SOCKET_NAMES <= SOCKET_PATH_MAX
    finally:
        folder.rmdir()
    deep = tmp_path / ("d" * 120)  # a runtime folder too deep for a socket's path
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert app.kernel_sockets_dir() is None  # then TCP, as before: the app still starts
    assert list(deep.iterdir()) == []  # and the folder it tried is gone


CHANNELS = ("shell", "iopub", "stdin", "control", "hb")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this system")
def test_closing_the_terminal_stops_the_app_cleanly(tmp_path):
    import psutil

    with _running_app(tmp_path) as (proc, family):
        proc.send_signal(signal.SIGHUP)  # what a closed terminal window sends
        assert proc.wait(timeout=120) == 130  # stopped as by Ctrl+C
        _, alive = psutil.wait_procs(family, timeout=30)
        assert alive == []
        assert list(tmp_path.glob("app-*")) == []  # its run folder (with the token) is gone


@pytest.mark.skipif(os.name == "nt", reason="no sweep on Windows")
def test_only_the_run_folders_of_dead_launchers_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    sockets = {}
    for name, pid in (("app-dead", dead.pid), ("app-live", os.getpid())):
        (tmp_path / name).mkdir()
        (tmp_path / name / app.LAUNCHER_FILE).write_text(str(pid))
        sockets[name] = tmp_path / f"ddkit-{name}"
        sockets[name].mkdir(mode=0o700)
        (tmp_path / name / app.SOCKETS_FILE).write_text(str(sockets[name]))
    (tmp_path / "app-older").mkdir()  # no launcher file: not known to be dead, left alone
    assert app.sweep_run_dirs(tmp_path) == [tmp_path / "app-dead"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app-live", "app-older", "ddkit-app-live"]
    assert not sockets["app-dead"].exists()  # the dead launcher's kernel sockets went too
