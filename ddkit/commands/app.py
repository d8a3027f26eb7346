"""``ddkit app``: serve the intake app on this machine only, behind a fresh access token.

Standalone Voilà has no login by default, serves every notebook of a folder, and can be told
to show tracebacks (SECURITY.md findings 2-3, DEP-5/6). The launcher therefore serves exactly
``notebooks/apps/intake.ipynb``, on 127.0.0.1 unless told otherwise, with a random token
written to a private config file (not the command line, which other users can read), sources
stripped, tracebacks hidden, IPython history off, deletes not sent to the trash, idle kernels
culled and one kernel kept warm so the first question shows fast.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ddkit.errors import UserError
from ddkit.kernels import KERNEL_NAMES, is_private_dir, private_sockets_dir

DEFAULT_PORT = 8866
ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOK = ROOT / "notebooks" / "apps" / "intake.ipynb"
CAMPAIGN_NOTEBOOK = ROOT / "notebooks" / "apps" / "campaign.ipynb"
CULL_IDLE_S = 900  # Voilà 0.5 leaks a kernel per closed page; culling reclaims it
CULL_INTERVAL_S = 60
# The kit's page for Voilà (Voilà's lab page without the stylesheets it fetches from a CDN).
TEMPLATES = Path(__file__).resolve().parent.parent / "ui" / "jupyter"
TEMPLATE = "ddkit"

# Options that would show tracebacks, open the app to other sites, or swap the token or the
# notebook: refused even when passed through with --voila-arg (DEP-6).
REFUSED = (
    re.compile(r"^--debug\b"),
    re.compile(r"show_tracebacks", re.I),
    re.compile(r"strip_sources", re.I),
    re.compile(r"disable_check_xsrf", re.I),
    re.compile(r"allow_origin", re.I),
    re.compile(r"allow_remote_access", re.I),
    re.compile(r"token", re.I),
    re.compile(r"password", re.I),
    re.compile(r"config_file_paths", re.I),
    re.compile(r"root_dir|notebook_path|file_allowlist|file_whitelist", re.I),
    re.compile(r"(^--ip=|\.ip=)", re.I),
    re.compile(r"tornado_settings", re.I),
    re.compile(r"autoreload", re.I),
)
KERNEL_CONFIG = """\
# Written by `ddkit app`: nothing typed in the app's kernel is kept in IPython's history.
c.HistoryManager.enabled = False
"""


def register(sub) -> None:
    from ddkit.commands.core import lang_option

    p = sub.add_parser("app", help="serve the intake app on this machine (Voilà, with a token)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8866)")
    p.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--voila-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra Voilà option, e.g. --voila-arg=--MappingKernelManager.cull_idle_timeout=600",
    )
    p.add_argument(
        "--campaign",
        action="store_true",
        help="serve the campaign app (plan, targets, trackers) instead of the intake app",
    )
    lang_option(p)
    p.set_defaults(handler=run_app)


def app_notebook(args) -> Path:
    """The one notebook to serve: the intake app, or the campaign app with ``--campaign``."""
    return CAMPAIGN_NOTEBOOK if getattr(args, "campaign", False) else NOTEBOOK


def check_args(extra: list[str]) -> list[str]:
    """Refuse pass-through options that would weaken the app, and any path (DEP-5, DEP-6).

    >>> check_args(["--MappingKernelManager.cull_idle_timeout=600"])
    ['--MappingKernelManager.cull_idle_timeout=600']
    """
    for arg in extra:
        if not arg.startswith("--"):
            raise UserError("ui.app.not_a_notebook", path=arg)
        if any(pattern.search(arg) for pattern in REFUSED):
            raise UserError("ui.app.refused_option", option=arg.split("=", 1)[0])
    return list(extra)


def check_notebook(path: Path) -> Path:
    """The app notebook, as a file: a folder would serve every notebook in it (DEP-5)."""
    if path.is_dir() or (path.exists() and path.suffix != ".ipynb"):
        raise UserError("ui.app.not_a_notebook", path=str(path))
    if not path.is_file():
        raise UserError("ui.app.notebook_missing", path=str(path))
    return path.resolve()


def is_loopback(ip: str) -> bool:
    """Whether an address is this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def voila_config(port: int, ip: str, token: str, run_dir: Path,
                 sockets: Path | None = None) -> dict:  # fmt: skip
    """Every Voilà, server and kernel setting the app runs with (written to ``voila.json``).

    With ``sockets`` (see :func:`kernel_sockets_dir`) the kernels talk over UNIX sockets in
    that folder; without, over TCP on 127.0.0.1 as Jupyter does by default.
    """
    return {
        "Voila": {
            "ip": ip,
            "port": port,
            "port_retries": 0,
            "open_browser": False,
            "token": token,
            "connection_dir_root": str(sockets or run_dir / "runtime"),
            "tornado_settings": {
                "headers": {
                    "Content-Security-Policy": "frame-ancestors 'none'",
                    "Referrer-Policy": "no-referrer",
                }
            },
        },
        "VoilaConfiguration": {
            "strip_sources": True,
            "show_tracebacks": False,
            "template": TEMPLATE,  # Voilà's lab page without its CDN links (JUPYTER_PATH below)
            "preheat_kernel": True,
            "default_pool_size": 1,
            "file_allowlist": [],
        },
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_IDLE_S,
            "cull_interval": CULL_INTERVAL_S,
            "cull_connected": False,
        },
        **({"KernelManager": {"transport": "ipc"}} if sockets else {}),
        "FileContentsManager": {"delete_to_trash": False},
    }


# Voilà talks to its kernels over ZeroMQ; on TCP another account of the machine could read the
# intake as it is typed (see ddkit.kernels). Voilà keeps each run's connection files and
# sockets in a folder of its own, ``/voila_XXXXXXXX``, below the one it is given.
SOCKET_NAMES = len("/voila_12345678") + KERNEL_NAMES
SOCKETS_FILE = "sockets"  # in the run folder: where its sockets are, for the sweep


def kernel_sockets_dir() -> Path | None:
    """A new private folder for the kernels' UNIX sockets, or ``None`` where there can be none
    (Windows) or its path would be too long: then the kernels use TCP, as before."""
    return private_sockets_dir(SOCKET_NAMES)


def _sockets_of(run_dir: Path) -> Path | None:
    """The sockets folder a run folder names, if it is one of this user's (for the sweep)."""
    try:
        folder = Path((run_dir / SOCKETS_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not folder.name.startswith("ddkit-") or not is_private_dir(folder):
        return None
    return folder


LAUNCHER_FILE = "launcher.pid"


def sweep_run_dirs(folder: Path) -> list[Path]:
    """Remove the run folders of launchers that died without cleaning up (killed outright, a
    power cut); return them. A folder is removed only when the process that made it, named in
    its ``launcher.pid``, is gone: two apps may run at once, each with its own folder."""
    removed: list[Path] = []
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there, not ask
        return removed
    for run_dir in sorted(Path(folder).glob("app-*")):
        try:
            pid = int((run_dir / LAUNCHER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not one of ours, or still being made: left alone
        if not _alive(pid):
            sockets = _sockets_of(run_dir)
            if sockets is not None:
                shutil.rmtree(sockets, ignore_errors=True)
            shutil.rmtree(run_dir, ignore_errors=True)
            removed.append(run_dir)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def prepare_run_dir(run_dir: Path, config: dict, sockets: Path | None = None) -> None:
    """Write the private config: ``voila.json`` (with the token) and the kernel's IPython
    config, and the launcher's process id and its sockets folder (so that a later start can
    sweep them if the launcher dies without removing them)."""
    from ddkit.paths import open_private

    with open_private(run_dir / LAUNCHER_FILE, "w") as handle:
        handle.write(str(os.getpid()))
    if sockets is not None:
        with open_private(run_dir / SOCKETS_FILE, "w") as handle:
            handle.write(str(sockets))

    profile = run_dir / "ipython" / "profile_default"
    for folder in (profile, run_dir / "runtime", run_dir / "jupyter"):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open_private(run_dir / "voila.json", "w") as handle:
        json.dump(config, handle, indent=1)
    with open_private(profile / "ipython_kernel_config.py", "w") as handle:
        handle.write(KERNEL_CONFIG)


def app_env(run_dir: Path, lang: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server and its kernels: private IPython and Jupyter folders."""
    env = dict(os.environ if base is None else base)
    jupyter_path = [str(TEMPLATES), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env.update(
        JUPYTER_PATH=os.pathsep.join(jupyter_path),  # where Voilà finds the kit's page
        IPYTHONDIR=str(run_dir / "ipython"),
        JUPYTER_CONFIG_DIR=str(run_dir / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(run_dir / "runtime"),
        DDKIT_LANG=lang,
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def voila_command(notebook: Path, run_dir: Path, extra: list[str]) -> list[str]:
    """The Voilà command line: the notebook, the private config folder, checked extras."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        "--Voila.config_file_paths",
        str(run_dir),
        *extra,
    ]


def run_app(args) -> int:
    import importlib.util

    from ddkit.i18n import t
    from ddkit.paths import data_dir

    if not 1024 <= args.port <= 65535:
        raise UserError("ui.app.bad_port")
    extra = check_args(args.voila_arg)
    notebook = check_notebook(app_notebook(args))
    if importlib.util.find_spec("voila") is None:
        raise UserError("ui.app.no_voila")
    if not port_free(args.ip, args.port):
        raise UserError("ui.app.port_busy", port=args.port)
    if not is_loopback(args.ip):
        print(t("ui.app.public_ip", args.lang, ip=args.ip), file=sys.stderr)
    token = secrets.token_urlsafe(32)
    sweep_run_dirs(data_dir())
    run_dir = Path(tempfile.mkdtemp(prefix="app-", dir=data_dir()))
    sockets = kernel_sockets_dir()
    try:
        config = voila_config(args.port, args.ip, token, run_dir, sockets)
        prepare_run_dir(run_dir, config, sockets)
        return _serve(notebook, run_dir, extra, args, token)
    finally:
        if sockets is not None:
            shutil.rmtree(sockets, ignore_errors=True)
        shutil.rmtree(run_dir, ignore_errors=True)


def _serve(notebook: Path, run_dir: Path, extra: list[str], args, token: str) -> int:
    from ddkit.i18n import t

    host = "127.0.0.1" if args.ip in ("0.0.0.0", "::") else args.ip  # noqa: S104
    proc = subprocess.Popen(
        voila_command(notebook, run_dir, extra),
        cwd=run_dir,
        env=app_env(run_dir, args.lang),
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr,
        start_new_session=True,  # so that Ctrl+C reaches Voilà once, through _stop
        preexec_fn=_stop_with(os.getpid()),
    )
    # A closed terminal window (SIGHUP) stops the app as Ctrl+C does: the server and its kernels
    # must not go on serving the intake after the volunteer has closed the window.
    hangups = (signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))
    previous = {sig: signal.signal(sig, _interrupt) for sig in hangups}
    try:
        if not wait_listening(proc, host, args.port):
            return proc.wait() or 1
        # Voilà has read its config: the token need not stay on disk.
        (run_dir / "voila.json").unlink(missing_ok=True)
        print(t("ui.app.url", args.lang), file=sys.stderr, flush=True)
        print(f"http://{host}:{args.port}/?token={token}", flush=True)
        print(t("ui.app.stop", args.lang), file=sys.stderr, flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        _stop(proc)
        return 130
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def port_free(ip: str, port: int) -> bool:
    """Whether nothing listens on ``port`` yet (Voilà would fail, or another app answer)."""
    import socket

    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _stop_with(launcher: int):
    """What the server's process runs before Voilà starts (Linux): the kernel sends it SIGTERM
    when the launcher dies, even killed outright (SIGKILL, an out-of-memory kill), so Voilà
    shuts its kernels down instead of serving on with nobody to stop it. ``None`` elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here, not in the child

    def run() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
        if os.getppid() != launcher:  # the launcher died before the line above
            os._exit(1)

    return run


def wait_listening(proc: subprocess.Popen, host: str, port: int, timeout: float = 120) -> bool:
    """Wait until the server accepts connections on ``port`` (without asking it for a page,
    which would start a kernel); ``False`` if it exited first or never listened."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen) -> None:
    """Stop Voilà once, so that it shuts its kernels down; force it if it hangs.

    SIGTERM, not SIGINT: a server started from a script may have SIGINT ignored, and a second
    signal during Voilà's shutdown would abort the kernels' shutdown.
    """
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
