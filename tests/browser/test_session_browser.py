"""Issue 11 in headless Chromium through ``ddkit app``: unlock, my cases, the case page, the lock.

The server here has no passphrase set, so every page starts on the unlock screen, as on a
volunteer's laptop. Every person typed is fictional. The browser's own widget state is read
from Voilà's widget manager, to check that nothing of a case stays there after a lock.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
from pathlib import Path

import pytest

from tests.browser.conftest import PASSPHRASE, TIMEOUT_MS, IntakePage, Server
from tests.browser.test_intake_browser import audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.serial,
    pytest.mark.xdist_group("browser"),
]

NAME = "Marisol Inventada Núñez (ficticia)"
A_NUMBER = "A000000404"
SHOTS = Path(__file__).resolve().parents[2] / ".cache" / "screens"  # ignored by git
# Every widget model the page holds, with its state, as Voilà's widget manager has it.
WIDGET_STATE = """async () => {
  const app = window.jupyterapp;
  let manager = app._widgetManager;
  if (!manager && app._widgetManagerPromise) manager = await app._widgetManagerPromise.promise;
  const models = await Promise.all(Object.values(manager._models));
  return JSON.stringify(models.map(m => m.get_state(true)));
}"""
# Where the keyboard is: the focused element's label, or its own words.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e) return "";
  const named = e.labels && e.labels.length ? e.labels[0].textContent : "";
  return (named || e.getAttribute("aria-label") || e.textContent || "").trim();
}"""
# Elements that stick out of the window (the layout check at tablet and desktop widths).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll(".ddkit-form, .ddkit-form *")) {
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && (box.right > width + 1 || box.left < -1))
      out.push(e.tagName + "." + e.className + " " + Math.round(box.left) + ".." + Math.round(box.right));
  }
  const scroller = document.scrollingElement;
  if (scroller.scrollWidth > scroller.clientWidth + 1) out.push("page scrolls sideways");
  return out.slice(0, 8);
}"""


NO_PASSPHRASE = {"DDKIT_PASSPHRASE": None}  # the volunteer types it, as on their laptop
# The heaviest steps in the kernel: the store opened or made (Argon2id) and the session built,
# and the first case page (the assessment, the plan and the letters load then). On a 2-core
# machine running other suites beside this one they have taken longer than TIMEOUT_MS.
SLOW_MS = 3 * TIMEOUT_MS


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a store that already holds one fictional case (imported by the command line).

    Each test that uses it needs only that case, so the tests do not depend on each other's
    order or on running in the same process.
    """
    folder = tmp_path_factory.mktemp("session-app")
    _import_case(folder / "data")
    served = Server(folder / "data", folder / "server.log", NO_PASSPHRASE, lang="es")
    yield served
    served.stop()


class SessionPage(IntakePage):
    """A tab that starts on the unlock screen (no passphrase is set for the server)."""

    def __init__(self, browser, url: str, lang: str = "es"):
        super().__init__(browser, url, lang, wait=False)
        self.page.get_by_label(self.text("ui.unlock.label"), exact=True).wait_for()

    def unlock(self) -> None:
        self.page.get_by_label(self.text("ui.unlock.label"), exact=True).fill(PASSPHRASE)
        self.button("ui.unlock.button").click()
        self.lock_button().wait_for(timeout=SLOW_MS)

    def open_case(self, search: str | None = None) -> None:
        """Press the fictional person's line in my cases (found by ``search`` first), then
        wait for the case page."""
        row = self.page.get_by_role("button", name=re.compile(re.escape(NAME))).first
        if search is not None:
            before = row.element_handle()
            box = self.page.get_by_label(self.text("ui_session.cases.search"), exact=True)
            box.fill(search)
            box.press("Enter")
            # A search closes the lines and makes them again: wait until the line pressed is
            # the new one (a press on a line already closed reaches nobody).
            self.page.wait_for_function("line => !line.isConnected", arg=before)
        row.click()
        self.wait_text(self.text("ui_session.case.dates"), timeout=SLOW_MS)

    def lock_button(self):
        return self.page.get_by_role("button", name=self.text("ui_session.lock"))

    def label(self, path: str) -> str:
        from ddkit.ui.fields import field_label

        return field_label(path, self.lang)

    def state(self) -> str:
        return self.page.evaluate(WIDGET_STATE)

    def state_without(self, *words: str) -> str:
        """The widget state once none of ``words`` is in it (the browser forgets a closed
        widget a moment after its close message); fails if one is still there after 15 s."""
        for _ in range(30):
            state = self.state()
            if not any(word in state for word in words):
                return state
            self.page.wait_for_timeout(500)
        found = [word for word in words if word in state]
        pytest.fail(f"still in the browser's widget state: {found}")

    def focused(self) -> str:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, name: str, limit: int = 120) -> None:
        """Press Tab until the keyboard is on the element called ``name``."""
        for _ in range(limit):
            if self.focused() == name:
                return
            self.page.keyboard.press("Tab")
        pytest.fail(f"{name!r} cannot be reached with Tab")

    def press(self, name: str) -> None:
        self.tab_to(name)
        self.page.keyboard.press("Enter")

    def layout(self, where: str) -> None:
        """At 800 and at 1280 px: a screenshot, and no element wider than the window."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (800, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=str(SHOTS / f"{where}-{width}.png"), full_page=True)
            assert self.page.evaluate(TOO_WIDE) == [], f"{where} at {width} px"
        self.page.set_viewport_size({"width": 1200, "height": 1000})


@pytest.fixture
def tab(browser, server):
    opened: list[SessionPage] = []

    def open_tab(lang: str = "es") -> SessionPage:
        page = SessionPage(browser, server.url, lang)
        opened.append(page)
        return page

    yield open_tab
    for page in opened:
        page.close()


def test_a_whole_intake_in_spanish_by_keyboard_from_unlock_to_the_case_page(
    browser, tmp_path, axe_source
):
    fresh = Server(tmp_path / "data", tmp_path / "server.log", NO_PASSPHRASE, lang="es")
    page = SessionPage(browser, fresh.url, "es")
    try:
        _whole_intake_by_keyboard(page, axe_source)
    finally:
        page.close()
        fresh.stop()


def _whole_intake_by_keyboard(page: SessionPage, axe_source: str) -> None:
    audit(page, axe_source, "unlock")
    page.layout("unlock")
    page.tab_to(page.text("ui.unlock.label"))
    page.page.keyboard.type(PASSPHRASE)
    page.press(page.text("ui.unlock.button_new"))  # the first passphrase creates the store
    page.input("person.name").wait_for(timeout=SLOW_MS)
    audit(page, axe_source, "step 1")
    page.layout("step-1")
    page.page.mouse.wheel(0, 600)  # a long step scrolled: Back and Next stay in reach
    page.page.wait_for_timeout(300)
    box = page.button("ui.button.next").bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 1000
    page.tab_to(page.label("person.name"))
    page.page.keyboard.type(NAME)
    page.tab_to(page.label("person.a_number"))
    page.page.keyboard.type(A_NUMBER)
    page.tab_to(page.label("fictional"))
    page.page.keyboard.press("Space")
    for number in range(2, 9):
        page.press(page.text("ui.button.next"))
        page.wait_heading(number)
        if number == 2:
            page.tab_to(page.label("custody.detained"))
            page.page.keyboard.press("Space")
        if number == 6:  # consent: explained, then both consents
            audit(page, axe_source, "consent")
            page.tab_to(page.label("consent.explained_by"))
            page.page.keyboard.type("Voluntaria Ana (ficticia)")
            for path in ("consent.public_campaign", "consent.congressional_contact"):
                page.tab_to(page.label(path))
                page.page.keyboard.press("Space")
    audit(page, axe_source, "review")
    page.press(page.text("ui.button.save"))
    page.wait_text(page.text("ui_session.case.dates"), timeout=SLOW_MS)
    body = page.body()
    assert NAME in body and not re.search(r"\b[0-9a-f]{32}\b", body)  # the code, not the id
    assert re.search(r"\b[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}\b", body)
    audit(page, axe_source, "case page")
    page.layout("case-page")
    assert not page.dialogs


def test_the_whole_passphrase_reaches_the_kernel_before_the_press_on_a_slow_kernel(
    browser, tmp_path
):
    """A passphrase typed and the button pressed while the kernel is busy (stopped here, as a
    slow laptop's kernel is for a moment) makes the store with the whole passphrase.

    A box that sent its value at each key lost that race: the browser kept the later letters
    back until the kernel answered the first, and sent the press at once, so the store was
    made with the passphrase's first letter (refused as too short) or its first dozen.
    """
    from ddkit.store import open_store

    fresh = Server(tmp_path / "data", tmp_path / "server.log", NO_PASSPHRASE, lang="en")
    page = SessionPage(browser, fresh.url, "en")
    try:
        kernels = fresh.kernel_pids()
        assert kernels, "the app's kernels were found"
        page.page.get_by_label(page.text("ui.unlock.label"), exact=True).click()
        for pid in kernels:
            os.kill(pid, signal.SIGSTOP)
        try:
            page.page.keyboard.type(PASSPHRASE)
            page.button("ui.unlock.button_new").click()
            page.page.wait_for_timeout(1000)  # the press has left the browser
        finally:
            for pid in kernels:
                os.kill(pid, signal.SIGCONT)
        opened, said = page.lock_button(), page.page.locator(".ddkit-form [role=status]")
        opened.or_(said).first.wait_for(timeout=SLOW_MS)
        assert opened.is_visible(), page.body()
    finally:
        page.close()
        fresh.stop()
    open_store(tmp_path / "data" / "store.db", PASSPHRASE, demo=False).close()


def test_reopen_from_the_list_withdraw_consent_then_lock_now(tab, axe_source):
    page = tab("es")
    page.unlock()
    page.wait_text(page.text("ui_session.cases.heading"))
    audit(page, axe_source, "my cases")
    page.layout("my-cases")
    page.open_case(search="marisol")
    page.wait_text(page.text("ui_session.case.plan"))
    public = page.text("ui_session.case.public_task")
    assert public in page.body()  # consent given: public tasks are planned
    page.button("ui_session.case.withdraw").click()
    page.wait_text(page.text("ui_session.case.withdrawn"))
    plan = page.page.get_by_text(page.text("ui_session.case.plan"), exact=True)
    assert plan.is_visible() and public not in page.body()
    page.wait_text(page.text("ui_session.case.no_public").split(":")[0])
    audit(page, axe_source, "case page after withdrawing")
    assert NAME in page.state()
    page.lock_button().click()
    page.page.get_by_label(page.text("ui.unlock.label"), exact=True).wait_for()
    page.wait_text(page.text("ui_session.locked"))
    page.state_without(NAME, "Marisol", A_NUMBER, "base64")
    audit(page, axe_source, "locked")
    # The unlock screen has the header too: the kit's name and the language.
    page.page.get_by_role("button", name="English").click()
    page.lang = "en"
    page.wait_text(page.text("ui.unlock.intro"))
    page.wait_text(page.text("ui_session.locked"))  # the message follows the language
    assert page.text("ui_session.kit") in page.body()
    page.unlock()
    page.wait_text(page.text("ui_session.cases.heading"))  # the session opens in English
    assert page.outside == []  # nothing asked of another host: no CDN, no web font


def test_the_summary_pdf_opens_with_no_a_number_by_default(tab):
    import pypdf

    page = tab("es")
    page.unlock()
    page.open_case()
    page.wait_text(page.text("ui_session.case.summary_heading"))
    page.button("ui_session.case.summary_prepare").click()
    link = page.page.locator("a.ddkit-download", has_text="summary-")
    link.wait_for()
    with page.page.expect_download() as info:
        link.click()
    download = info.value
    assert re.fullmatch(r"summary-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-\d{8}\.pdf",
                        download.suggested_filename)  # fmt: skip
    reader = pypdf.PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1 and "Resumen del caso" in text
    assert "A000-000-404" not in text and "A000000404" not in text and "Marisol" not in text


def test_the_idle_lock_leaves_nothing_of_the_case_in_the_browser(browser, tmp_path, axe_source):
    # A case to open: made by the command line, as an organizer's import would be.
    _import_case(tmp_path / "data")
    server = Server(tmp_path / "data", tmp_path / "server.log",
                    {**NO_PASSPHRASE, "DDKIT_LOCK_MINUTES": "0.25"}, lang="es")  # fmt: skip
    page = None
    try:
        page = SessionPage(browser, server.url, "es")
        page.unlock()
        page.open_case()
        assert NAME in page.state()
        # No input for 15 seconds: the lock comes by itself.
        page.page.get_by_label(page.text("ui.unlock.label"), exact=True).wait_for(
            timeout=TIMEOUT_MS
        )
        page.wait_text(page.text("ui_session.locked"))
        state = page.state_without(NAME, "Marisol", A_NUMBER, "base64")
        assert json.loads(state)  # the state was read: the unlock screen's widgets
        audit(page, axe_source, "locked by the idle timer")
    finally:
        if page is not None:
            page.close()
        server.stop()


def _import_case(data_dir: Path) -> None:
    """Save the fictional case in the store of ``data_dir`` (created with it if new)."""
    import os
    import subprocess
    import sys

    import yaml

    case = {"fictional": True, "person": {"name": NAME, "a_number": A_NUMBER},
            "custody": {"detained": True, "state": "IL"},
            "proceedings": {"stage": "in_proceedings", "next_hearing": "2027-01-20"},
            "consent": {"public_campaign": True, "congressional_contact": True}}  # fmt: skip
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir.parent / "case.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, DDKIT_DATA_DIR=str(data_dir), DDKIT_PASSPHRASE=PASSPHRASE)
    env.pop("DDKIT_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "ddkit.cli", "cases", "import", str(path)],
                   check=True, env=env, capture_output=True)  # fmt: skip
