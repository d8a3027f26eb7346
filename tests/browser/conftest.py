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
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PASSPHRASE = "practice passphrase for tests only"  # a throwaway store in a temp folder
IN_CI = os.environ.get("CI", "").lower() == "true"
TIMEOUT_MS = 90_000


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
        # The launcher prints the URL once the port listens (it polls, never GETs /).
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1"):
            self.stop()
            raise RuntimeError(f"the app did not start; see {log_path}")

    def stop(self) -> None:
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
        self.context.close()
