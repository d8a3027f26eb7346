"""Issue 14: every page says what is true of the case store, even from a preheated kernel.

``ddkit app`` keeps a kernel warm, which builds the next page as soon as the previous one was
taken. Here the store is created on the first page only *after* that warm kernel has built
the second page (a marker from ``render_site`` says when), as happens to a volunteer who
opens a new tab, reloads, or comes back the next morning. The second page must ask for the
store's passphrase, never say that there is no store.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ddkit.case import load_case
from tests.browser.conftest import PASSPHRASE, ROOT, TIMEOUT_MS, IntakePage, Server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

RENDER_SITE = Path(__file__).with_name("render_site")
MIN = 12  # ddkit.store.crypto.MIN_PASSPHRASE, as the intro says it


class UnlockPage(IntakePage):
    """A tab on the app when no passphrase is set: it opens on the passphrase screen."""

    def __init__(self, browser, url: str, lang: str = "en"):
        super().__init__(browser, url, lang, wait=False)
        self.page.get_by_label(self.text("ui.unlock.label"), exact=True).wait_for()

    def intro(self) -> str:
        return self.page.inner_text(".ddkit-form")

    def send(self, passphrase: str) -> None:
        box = self.page.get_by_label(self.text("ui.unlock.label"), exact=True)
        box.fill(passphrase)
        box.press("Tab")  # the box sends its value when it loses focus
        # "Open" or "Create", whichever the screen says now (the language toggle comes first).
        words = (self.text("ui.unlock.button"), self.text("ui.unlock.button_new"))
        name = re.compile("^(" + "|".join(re.escape(w) for w in words) + ")$")
        self.page.get_by_role("button", name=name).click()


def _server(tmp_path: Path, lang: str) -> tuple[Server, Path]:
    marks = tmp_path / "rendered"
    marks.mkdir()
    env = {"DDKIT_PASSPHRASE": "", "DDKIT_LANG": lang, "PYTHONPATH": str(RENDER_SITE),
           "DDKIT_TEST_RENDERED": str(marks)}  # fmt: skip
    return Server(tmp_path / "data", tmp_path / "server.log", env, lang=lang), marks


def _wait_for_kernels(marks: Path, count: int) -> None:
    """Wait until ``count`` kernels have built their page (the warm one included)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while len(list(marks.iterdir())) < count:
        if time.monotonic() > deadline:
            pytest.fail(f"only {len(list(marks.iterdir()))} of {count} kernels built their page")
        time.sleep(0.2)


def _says_there_is_a_store(page: UnlockPage) -> None:
    text = page.intro()
    assert page.text("ui.unlock.intro") in text
    assert page.text("ui.unlock.intro_new", min=MIN) not in text
    assert page.button("ui.unlock.button").is_visible()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_after_the_store_was_created_asks_for_its_passphrase(browser, tmp_path, lang):
    server, marks = _server(tmp_path, lang)
    pages = []
    try:
        first = UnlockPage(browser, server.url, lang)
        pages.append(first)
        assert first.text("ui.unlock.intro_new", min=MIN) in first.intro()
        assert first.button("ui.unlock.button_new").is_visible()
        _wait_for_kernels(marks, 2)  # the next page is built, before the store exists
        assert not (tmp_path / "data" / "store.db").exists()
        first.send(PASSPHRASE)
        first.input("person.name").wait_for()
        first.fill("person.name", "Ana Ejemplo (fictional)")
        assert (tmp_path / "data" / "store.db").exists()

        second = UnlockPage(browser, server.url, lang)  # a new tab, on the warm kernel
        pages.append(second)
        _says_there_is_a_store(second)
        second.page.reload()  # and a reload
        second.page.get_by_label(second.text("ui.unlock.label"), exact=True).wait_for()
        _says_there_is_a_store(second)
        second.send("a wrong guess at the passphrase")
        second.wait_text(second.text("ui.unlock.wrong"))
        _says_there_is_a_store(second)
        assert "wrong guess" not in second.body()
    finally:
        for page in pages:
            page.close()
        server.stop()


def test_a_store_imported_before_the_app_started_is_found(browser, tmp_path):
    env = dict(os.environ, DDKIT_DATA_DIR=str(tmp_path / "data"), DDKIT_PASSPHRASE=PASSPHRASE)
    env.pop("DDKIT_DATABASE_URL", None)
    case = ROOT / "notebooks" / "practice_cases" / "01_detained_father.yaml"
    subprocess.run([sys.executable, "-m", "ddkit.cli", "cases", "import", str(case)],
                   check=True, env=env, cwd=ROOT, capture_output=True)  # fmt: skip
    server, _ = _server(tmp_path, "en")
    page = None
    try:
        page = UnlockPage(browser, server.url)
        _says_there_is_a_store(page)
        page.send(PASSPHRASE)
        page.wait_text(page.text("ui_session.cases.heading"))  # right after unlocking: my cases
        name = load_case(case).person.name
        page.page.get_by_role("button", name=re.compile(re.escape(name))).click()
        page.wait_text(page.text("ui_session.case.dates"))
    finally:
        if page is not None:
            page.close()
        server.stop()
