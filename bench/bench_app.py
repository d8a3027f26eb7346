"""The intake app: time to the first question in Chromium, and kernel memory per session.

The floor is a bare one-widget notebook (``bench/bare_widget.ipynb``) served by Voilà with the
very same settings as ``ddkit app`` (token, preheated kernel, culling, stripped sources), in
the same run, page loads interleaved so that machine noise hits both alike. The goal is a
ratio of at most 1.3. ``DDKIT_BENCH_QUICK=1`` makes one page load each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INTAKE = ROOT / "notebooks" / "apps" / "intake.ipynb"
BARE = Path(__file__).resolve().with_name("bare_widget.ipynb")
CHROMIUM = Path(os.environ.get("DDKIT_CHROMIUM", "/usr/bin/chromium"))
FIRST_QUESTION = ".widget-text input"  # the name box in both notebooks
PASSPHRASE = "bench passphrase, throwaway store"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


class Served:
    """One notebook behind Voilà with ``ddkit app``'s own settings, on a free port."""

    def __init__(self, notebook: Path, data_dir: Path):
        from ddkit.commands import app

        self.port = _free_port()
        self.token = "bench" + os.urandom(12).hex()
        self.run_dir = Path(tempfile.mkdtemp(prefix="bench-app-", dir=data_dir))
        self.sockets = app.kernel_sockets_dir()  # the kernels talk as the app's do
        config = app.voila_config(self.port, "127.0.0.1", self.token, self.run_dir, self.sockets)
        app.prepare_run_dir(self.run_dir, config, self.sockets)
        env = app.app_env(self.run_dir, "en")
        # The real encrypted store, as `ddkit app` uses it (in a throwaway folder).
        env.update(DDKIT_DEMO="0", DDKIT_DATA_DIR=str(data_dir), DDKIT_PASSPHRASE=PASSPHRASE)
        self.proc = subprocess.Popen(
            app.voila_command(notebook, self.run_dir, []),
            cwd=self.run_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not app.wait_listening(self.proc, "127.0.0.1", self.port):
            raise RuntimeError(f"Voilà did not start for {notebook.name}")
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"

    def kernel(self, kernel_id: str):
        import psutil

        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if kernel_id in " ".join(child.cmdline()):
                    return child
            except psutil.Error:
                continue
        return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        shutil.rmtree(self.run_dir, ignore_errors=True)
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _memory_mb(process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.rss / 2**20, info.uss / 2**20


def load_once(browser, served: Served, answer: bool = False):
    """Seconds from navigation to the first question visible; the page's kernel RSS/USS then,
    and (with ``answer``) again after a first answer has opened the store and saved a draft."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), lambda r: r.abort())
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(served.url, wait_until="commit")
        page.wait_for_selector(FIRST_QUESTION, state="visible", timeout=120_000)
        seconds = time.perf_counter() - start
        page.wait_for_timeout(1000)  # let the kernel settle before weighing it
        config = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        )
        kernel = served.kernel(config.get("kernelId", "")) if config else None
        memory = _memory_mb(kernel) if kernel is not None else None
        after = None
        if answer and kernel is not None:
            page.fill(FIRST_QUESTION, "Rosa Ejemplo (fictional)")
            page.keyboard.press("Tab")
            page.wait_for_timeout(3000)  # the draft is saved, the store is open
            after = _memory_mb(kernel)
    finally:
        context.close()
    return seconds, memory, after


def run() -> list[tuple[str, str]]:
    if not CHROMIUM.exists():
        return [("app: time to first question", f"skipped: no Chromium at {CHROMIUM}")]
    from playwright.sync_api import sync_playwright

    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    runs, settle = (1, 3.0) if quick else (5, 5.0)
    data_dir = Path(tempfile.mkdtemp(prefix="ddkit-bench-app-"))
    servers = {}
    try:
        servers = {"bare": Served(BARE, data_dir), "intake": Served(INTAKE, data_dir)}
        times = {name: [] for name in servers}
        memory = {name: [] for name in servers}
        memory["answered"] = []
        time.sleep(settle * 2)  # both pools heated
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for _ in range(runs):
                for name, served in servers.items():  # interleaved
                    seconds, mem, after = load_once(browser, served, name == "intake")
                    times[name].append(seconds)
                    if mem:
                        memory[name].append(mem)
                    if after:
                        memory["answered"].append(after)
                    time.sleep(settle)  # the pool heats its next kernel
            browser.close()
    finally:
        for served in servers.values():
            served.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return _figures(times, memory)


def _figures(times: dict, memory: dict) -> list[tuple[str, str]]:
    intake, bare = statistics.median(times["intake"]), statistics.median(times["bare"])
    out = [
        (
            "app: time to first question (Chromium)",
            f"{intake:.2f} s vs {bare:.2f} s bare one-widget floor"
            f" (x{intake / bare:.2f}, goal <= 1.3; median of {len(times['intake'])})",
        )
    ]
    if memory["intake"] and memory["bare"]:
        rss, uss = (statistics.median(m[i] for m in memory["intake"]) for i in (0, 1))
        floor_rss, floor_uss = (statistics.median(m[i] for m in memory["bare"]) for i in (0, 1))
        out.append(
            (
                "app: kernel memory per session (RSS / USS)",
                f"{rss:.0f} / {uss:.0f} MB vs {floor_rss:.0f} / {floor_uss:.0f} MB bare floor"
                f" (x{rss / floor_rss:.2f} RSS, +{uss - floor_uss:.0f} MB USS)",
            )
        )
    if memory["answered"]:
        rss, uss = (statistics.median(m[i] for m in memory["answered"]) for i in (0, 1))
        out.append(
            (
                "app: kernel memory after the first answer",
                f"{rss:.0f} / {uss:.0f} MB RSS / USS (encrypted store open, a draft saved)",
            )
        )
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
