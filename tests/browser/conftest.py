"""Browser test set-up: Debian's Chromium through Playwright, the app served by ``ddkit app``.

Without ``/usr/bin/chromium`` these tests skip with the reason shown; under ``CI=true`` a
missing browser (or a missing axe-core) fails the run instead. axe-core comes from npm, into
``.cache/axe`` at the top of the repository (ignored by git), the first time it is needed.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ddkit.i18n import t
from ddkit.ui.fields import field_label

collect_ignore = ["fault_site", "render_site"]  # loaded by one test's server only, never by pytest
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DDKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE_DIR = ROOT / ".cache" / "axe"
SCREENS = ROOT / ".cache" / "screens"  # ignored by git
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PASSPHRASE = "practice passphrase for tests only"  # a throwaway store in a temp folder
IN_CI = os.environ.get("CI", "").lower() == "true"
TIMEOUT_MS = 90_000
# What a failed test's report shows of the tabs and servers it had (see pytest_runtest_makereport).
OPEN_PAGES: list[IntakePage] = []
LIVE_SERVERS: list[Server] = []
LEFT_BEHIND: list[tuple[str, str]] = []  # what was closed while the test's exception was raised
EVENTS_KEPT = 60  # a tab's last events: its websockets, errors and failed requests
LOG_LINES_KEPT = 80


def missing(reason: str):
    """Skip with a visible reason on a user's machine; fail under CI."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``ddkit app`` on a free port, with its URL and its log (Voilà and the kernels)."""

    def __init__(self, data_dir: Path, log_path: Path,
                 extra_env: dict[str, str | None] | None = None, lang: str = "en"):  # fmt: skip
        self.port = free_port()
        self.log_path = log_path
        env = dict(os.environ, DDKIT_DATA_DIR=str(data_dir), DDKIT_DEMO="0")
        env["DDKIT_PASSPHRASE"] = PASSPHRASE
        env.update(extra_env or {})
        for name in [k for k, v in env.items() if v is None]:  # None: leave the setting out
            del env[name]
        env.pop("DDKIT_DATABASE_URL", None)
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ddkit.cli", "app", "--port", str(self.port), "--lang", lang],
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=env,
            text=True,
            start_new_session=True,
            cwd=ROOT,
        )
        LIVE_SERVERS.append(self)
        # The launcher prints the URL once the port listens (it polls, never GETs /).
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1"):
            self.stop()
            raise RuntimeError(f"the app did not start; see {log_path}")

    def stop(self) -> None:
        if self in LIVE_SERVERS:
            LIVE_SERVERS.remove(self)
            if sys.exc_info()[1] is not None:  # stopped in a ``finally`` of a failing test
                LEFT_BEHIND.append((f"server log {self.log_path.name}", self.log_tail()))
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def kernel_pids(self) -> list[int]:
        """The process ids of this server's kernels (every process below it running ipykernel)."""
        parents: dict[int, int] = {}
        commands: dict[int, bytes] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                commands[int(entry.name)] = (entry / "cmdline").read_bytes()
            except OSError:  # gone meanwhile
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])

        def below_server(pid: int) -> bool:
            while pid > 1:
                pid = parents.get(pid, 0)
                if pid == self.proc.pid:
                    return True
            return False

        return [pid for pid, command in commands.items()
                if b"ipykernel" in command and below_server(pid)]  # fmt: skip

    def log_tail(self) -> str:
        """The log's last lines, for a failed test's report."""
        if not self.log.closed:
            self.log.flush()
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError as exc:
            return f"(no log: {exc})"
        return "\n".join(lines[-LOG_LINES_KEPT:])


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from npm into .cache/axe when missing."""
    if not AXE_JS.exists():
        try:
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--prefix",
                    str(AXE_DIR),
                    "axe-core@4",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ],  # fmt: skip
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            missing(f"axe-core could not be installed with npm ({type(exc).__name__})")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app")
    served = Server(folder / "data", folder / "server.log")
    yield served
    served.stop()


class IntakePage:
    """One browser tab on the intake app, driven the way a volunteer would."""

    def __init__(self, browser, url: str, lang: str = "en", *, wait: bool = True):
        self.context = browser.new_context(viewport={"width": 1200, "height": 1000})
        # No test reaches the internet. Every request the page makes to another host is
        # refused and kept: the kit's page asks none (no CDN, no web font).
        self.outside: list[str] = []

        def refuse(route) -> None:
            self.outside.append(route.request.url)
            route.abort()

        self.context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), refuse)
        self.page = self.context.new_page()
        # Generous: on a loaded 2-core machine one kernel round trip can take many seconds.
        self.page.set_default_timeout(TIMEOUT_MS)
        self.dialogs: list[str] = []

        def dismiss(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", dismiss)
        self.events: list[str] = []
        self._watch()
        OPEN_PAGES.append(self)
        self.page.goto(url, wait_until="commit")  # then wait for the widgets themselves
        if not wait:  # the caller waits for what its page shows first
            self.lang = lang
            return
        self.lang = "en"
        self.start_intake()
        if lang != "en":
            self.switch(lang)

    def start_intake(self) -> None:
        """Wait for the first screen; from the list of cases, press New intake."""
        name = self.input("person.name")
        new = self.button("ui_session.cases.new")
        name.or_(new).first.wait_for(timeout=TIMEOUT_MS)
        if not name.is_visible():
            new.click()
            name.wait_for(timeout=TIMEOUT_MS)

    # ------------------------------------------------------------ finding things

    def text(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def input(self, path: str):
        return self.page.get_by_label(field_label(path, self.lang), exact=True)

    def button(self, key: str, **values):
        return self.page.get_by_role("button", name=self.text(key, **values), exact=True)

    def heading(self) -> str:
        return self.page.locator(".ddkit-form h3").first.inner_text()

    def body(self) -> str:
        return self.page.inner_text("body")

    # ------------------------------------------------------------ doing things

    def switch(self, lang: str) -> None:
        self.page.get_by_role("button", name={"en": "English", "es": "Español"}[lang]).click()
        self.lang = lang
        self.wait_text(self.text("ui.button.next"))

    def fill(self, path: str, value: str) -> None:
        self.fill_labelled(field_label(path, self.lang), value)

    def fill_labelled(self, label: str, value: str) -> None:
        box = self.page.get_by_label(label, exact=True)
        box.fill(value)
        box.press("Tab")  # text boxes send their value when they lose focus

    def check(self, path: str) -> None:
        self.input(path).check()

    def wait_text(self, text: str, timeout: float = TIMEOUT_MS) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)

    def step(self) -> int:
        """The number of the step on screen (1 to 8)."""
        return int(re.search(r"\d+", self.heading()).group(0))

    def go_next(self) -> None:
        number = self.step()
        self.button("ui.button.next").click()
        self.wait_heading(number + 1)

    def go_back(self) -> None:
        number = self.step()
        self.button("ui.button.back").click()
        self.wait_heading(number - 1)

    def wait_heading(self, number: int) -> None:
        self.page.locator(".ddkit-form h3").filter(
            has_text=re.compile(rf"^\D*\b{number}\b")  # the first number: this step's
        ).first.wait_for(timeout=TIMEOUT_MS)

    def walk_to_review(self) -> None:
        while self.step() < 8:
            self.go_next()

    def xss_fired(self):
        return self.page.evaluate("() => document.body.dataset.xss")

    def close(self) -> None:
        if self in OPEN_PAGES:
            OPEN_PAGES.remove(self)
            if sys.exc_info()[1] is not None:  # closed in a ``finally`` of a failing test
                LEFT_BEHIND.append(("tab", self.describe()))
        self.context.close()

    # ------------------------------------------------------------ when a test fails

    def _watch(self) -> None:
        """Keep the tab's last events with their time: the kernel's websocket opening and
        closing, errors in the page and requests that failed (what a timeout cannot say)."""
        start = time.monotonic()

        def note(what: str) -> None:
            self.events.append(f"{time.monotonic() - start:7.1f} s  {what}")
            del self.events[:-EVENTS_KEPT]

        def websocket(socket) -> None:
            where = _no_query(socket.url)
            note(f"websocket open {where}")
            socket.on("close", lambda _s: note(f"websocket closed {where}"))
            socket.on("socketerror", lambda error: note(f"websocket error {where}: {error}"))

        def console(message) -> None:
            if message.type == "error":
                note(f"console {message.type}: {message.text[:300]}")

        self.page.on("websocket", websocket)
        self.page.on("console", console)
        self.page.on("pageerror", lambda error: note(f"page error: {str(error)[:300]}"))
        self.page.on("crash", lambda _p: note("the tab crashed"))
        self.page.on(
            "requestfailed",
            lambda request: note(
                f"request failed: {request.method} {_no_query(request.url)} ({request.failure})"
            ),
        )

    def describe(self) -> str:
        """What the tab shows and what happened in it (fictional data only, no token), and a
        screenshot in .cache/screens."""
        lines = [f"at {_no_query(self.page.url)}"]
        try:
            SCREENS.mkdir(parents=True, exist_ok=True)
            shot = SCREENS / f"failed-{int(time.time() * 1000)}.png"
            self.page.screenshot(path=str(shot), full_page=True, timeout=10_000)
            lines.append(f"screenshot: {shot}")
            lines += ["text on the page:", self.page.inner_text("body", timeout=10_000)[:3000]]
        except Exception as exc:  # noqa: BLE001 - a dead tab still has its events to show
            lines.append(f"(the page could not be read: {type(exc).__name__}: {exc})")
        return "\n".join(lines + ["events:", *self.events])


def _no_query(url: str) -> str:
    """A URL without its query (where the app's token is)."""
    return url.split("?", 1)[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report shows each tab it had open or closed on the way out:
    its text, a screenshot, its websocket and error events, and the app server's log."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call":
        return
    left, LEFT_BEHIND[:] = list(LEFT_BEHIND), []
    if not report.failed:
        return
    sections = left + [("tab", page.describe()) for page in OPEN_PAGES]
    sections += [(f"server log {s.log_path.name}", s.log_tail()) for s in LIVE_SERVERS]
    for title, text in sections:
        report.sections.append((f"Captured {title}", text))
