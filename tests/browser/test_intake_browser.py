"""The intake app in headless Chromium, served by ``ddkit app`` from the test itself.

Every person typed here is fictional. The scenarios follow issue 4: a case filled in Spanish
with Back and Next, saved; opened from the list by its code after a reload; the assessment and a letter download;
XSS payloads in every free-text field; a failing store; an axe-core audit of every step; the
wizard from the keyboard.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import IntakePage, Server
from tests.test_ui_words import faults
from tests.ui_helpers import FICTIONAL_A_NUMBER, FICTIONAL_NAME

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

FAULT_SITE = Path(__file__).with_name("fault_site")
# XSS-1 .. XSS-5 (SECURITY.md 10.1), two rounds so each fits a 200-character field.
XSS_ROUNDS = (
    '<img src=x onerror="document.body.dataset.xss=1"><svg onload=alert(1)>'
    '<details open ontoggle=alert(1)><iframe srcdoc="<script>alert(1)</script>">',
    '"><script>alert(1)</script> javascript:alert(1) $$\\href{javascript:alert(1)}{x}$$'
    " </script><script>alert(1)</script>",
)
FREE_TEXT = {
    "person": ("person.name", "person.aliases", "person.country_of_birth", "person.languages",
               "person.address", "person.phone", "person.email"),
    "custody": ("custody.facility", "custody.county"),
    "equities": ("equities.community_ties", "equities.employment", "story"),
    "attorney": ("attorney.name", "attorney.organization", "attorney.phone", "attorney.email"),
}  # fmt: skip


@pytest.fixture
def tab(browser, server):
    opened: list[IntakePage] = []

    def open_tab(lang: str = "en") -> IntakePage:
        page = IntakePage(browser, server.url, lang)
        opened.append(page)
        return page

    yield open_tab
    for page in opened:
        page.close()


def fill_basics(page: IntakePage) -> None:
    page.fill("person.name", FICTIONAL_NAME)
    page.fill("person.a_number", FICTIONAL_A_NUMBER)
    page.check("fictional")


CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}\b")  # a case code: no 0, O, 1 or I


def draft_code(page: IntakePage) -> str:
    text = page.page.inner_text(".ddkit-form")
    assert not re.search(r"\b[0-9a-f]{32}\b", text)  # the long id never shows
    return CODE.search(text).group(0)


def audit(page: IntakePage, axe_source: str, where: str) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    page.page.evaluate(axe_source)
    found = page.page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.html.slice(0, 160)).join(' | '))"
    )
    assert found == [], where


def test_a_case_in_spanish_back_and_forth_saved_audited_with_its_letter(tab, axe_source):
    """Fill in Spanish, go back and forth, save, see the assessment, download a letter; run
    axe-core on every step on the way."""
    page = tab("es")
    fill_basics(page)
    page.fill("person.date_of_birth", "1990-04-12")
    audit(page, axe_source, "step 1")
    page.go_next()
    page.check("custody.detained")
    page.input("custody.facility").wait_for()
    page.fill("custody.facility", "Centro de Ejemplo (ficticio)")
    audit(page, axe_source, "step 2")
    page.go_next()
    page.go_back()
    page.go_back()
    assert page.input("person.name").input_value() == FICTIONAL_NAME
    assert page.input("person.date_of_birth").input_value() == "1990-04-12"
    page.go_next()
    assert page.input("custody.facility").input_value() == "Centro de Ejemplo (ficticio)"
    page.go_next()
    audit(page, axe_source, "step 3")
    page.go_next()
    page.button("ui.rows.add").click()
    page.fill("criminal_history.offense", "Cargo de ejemplo (ficticio)")
    for number in range(4, 8):
        audit(page, axe_source, f"step {number}")
        page.go_next()
    audit(page, axe_source, "review")
    body = page.body()
    assert FICTIONAL_NAME in body and "Centro de Ejemplo (ficticio)" in body
    page.button("ui.button.save").click()
    page.wait_text(page.text("ui_session.case.dates"))
    page.wait_text(page.text("assess.intervention.release_request"))
    download_a_letter(page)
    audit(page, axe_source, "after saving, with a letter")
    assert not page.dialogs


def download_a_letter(page: IntakePage) -> None:
    from ddkit.ui.downloads import letters_available

    if not letters_available():
        return
    page.page.get_by_label(page.text("ui.letters.lang"), exact=True).select_option(label="English")
    kinds = page.page.get_by_label(page.text("ui.letters.kind"), exact=True)
    kinds.select_option(label=_kind_title("organizational"))  # what this case may have
    signer = {
        "name": "Ana Ejemplo (fictional)",
        "title": "Coordinator",
        "organization": "Example Community Center",
        "city": "Springfield",
        "state": "IL",
        "phone": "555-0100",
        "email": "ana@example.org",
        "story": "We have known her for years.\n\nShe volunteers every week.",
    }
    for key, value in signer.items():
        page.fill_labelled(page.text(f"letters.signer.{key}.label"), value)
    page.button("ui.letters.prepare_pdf").click()
    link = page.page.locator("a.ddkit-download")
    link.wait_for()
    with page.page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("organizational-")
    assert "Rosa" not in download.suggested_filename
    assert Path(download.path()).read_bytes().startswith(b"%PDF")


def test_reload_and_open_the_draft_from_the_list_by_its_code(tab):
    first = tab("en")
    fill_basics(first)
    first.go_next()
    first.check("custody.detained")
    first.go_next()
    code = draft_code(first)
    first.page.reload()
    search = first.page.get_by_label(first.text("ui_session.cases.search"), exact=True)
    search.fill(code.lower())  # as written down from a phone call
    search.press("Enter")
    first.wait_text(first.text("ui_session.cases.count", shown=1, total=1))  # filtered
    row = first.page.get_by_role("button", name=re.compile(re.escape(code)))
    assert first.page.locator(".ddkit-case-row").count() == 1
    row.click()
    first.wait_text(first.text("ui.resume.loaded_draft"))
    first.wait_heading(3)
    first.go_back()
    assert first.input("custody.detained").is_checked()
    first.go_back()
    assert first.input("person.name").input_value() == FICTIONAL_NAME


def _kind_title(kind: str) -> str:
    from ddkit.letters.kinds import kind_info

    return kind_info(kind, "en").title


@pytest.mark.parametrize("payload", XSS_ROUNDS, ids=["xss-1-2", "xss-3-5"])
def test_xss_payloads_in_every_free_text_field_stay_inert(tab, payload):
    page = tab("en")
    for path in FREE_TEXT["person"]:
        page.fill(path, payload)
    page.fill("person.a_number", FICTIONAL_A_NUMBER)
    page.check("fictional")
    page.go_next()
    page.check("custody.detained")
    for path in FREE_TEXT["custody"]:
        page.fill(path, payload)
    page.go_next()
    page.go_next()
    page.button("ui.rows.add").click()
    page.fill("criminal_history.offense", payload)
    page.go_next()
    for path in FREE_TEXT["equities"]:
        page.fill(path, payload)
    page.go_next()
    page.go_next()
    for path in FREE_TEXT["attorney"]:
        page.fill(path, payload)
    page.go_next()
    assert page.body().count(payload) >= 10  # shown literally, as typed
    if payload == XSS_ROUNDS[0]:
        page.button("ui.button.save").click()
        page.wait_text(page.text("ui_session.case.dates"))
        page.button("ui_session.case.back").click()  # my cases: the name on a button
        search = page.page.get_by_label(page.text("ui_session.cases.search"), exact=True)
        search.fill(payload[:60])
        search.press("Enter")
        row = page.page.locator(".ddkit-case-row", has_text=payload[:40]).first
        row.wait_for()
        assert payload in row.inner_text()
    page.page.wait_for_timeout(500)  # time for any injected handler to run
    assert page.xss_fired() is None
    assert page.dialogs == []
    assert page.page.locator(".ddkit-form img, .ddkit-form svg, .ddkit-form iframe").count() == 0


def test_a_store_failure_shows_a_plain_message(browser, tmp_path):
    fault = str(FAULT_SITE)
    fault_env = {"PYTHONPATH": fault, "DDKIT_TEST_FAULT": "store_save"}
    server = Server(tmp_path / "data", tmp_path / "server.log", fault_env)
    page = None
    try:
        page = IntakePage(browser, server.url, "es")
        fill_basics(page)
        page.walk_to_review()
        page.button("ui.button.save").click()
        page.wait_text("código de error")
        body = page.body()
        assert "Traceback" not in body and "A123456789" not in body
        assert "disk I/O" not in body and "OperationalError" not in body
        assert page.text("ui_session.case.dates") not in body
        error_id = re.search(r"código de error:? ([0-9a-f]{8})", body).group(1)
        log = server.log_text()
        assert f"error_id={error_id}" in log
        assert "A123456789" not in log and FICTIONAL_NAME not in log
        assert FICTIONAL_A_NUMBER not in log and "Traceback" not in log
    finally:
        if page is not None:
            page.close()
        server.stop()


def test_the_wizard_works_from_the_keyboard(tab):
    page = tab("en")
    page.input("person.name").focus()
    page.page.keyboard.type(FICTIONAL_NAME)
    next_label = page.text("ui.button.next")
    for _ in range(60):  # Tab through the questions to the Next button
        page.page.keyboard.press("Tab")
        focused = page.page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == next_label:
            break
    else:
        pytest.fail("the Next button cannot be reached with Tab")
    page.page.keyboard.press("Enter")
    page.wait_heading(2)
    detained = page.input("custody.detained")
    detained.focus()
    page.page.keyboard.press("Space")
    page.input("custody.facility").wait_for()
    assert detained.is_checked()


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def test_a_letter_with_the_signer_form_empty_says_what_is_missing_where_it_is(tab):
    """Issue 15, as a volunteer would: in Spanish, on the case page after saving, the discretion
    request, "Preparar en Word (DOCX)" with the signer's form empty; on the way, the wizard's
    Next with the name empty."""
    from ddkit.letters.kinds import kind_info
    from ddkit.ui.downloads import letters_available, signer_keys

    if not letters_available():
        pytest.skip("the letters module is absent")
    page = tab("es")
    # The wizard first: Next with the name empty marks it next to its box, focus in it.
    page.button("ui.button.next").click()
    label = page.text("field.person.name.label")
    mark = page.text("ui.words.issue", field=label, reason=page.text("errors.missing"))
    page.page.get_by_text(mark, exact=True).wait_for()
    name = page.input("person.name")
    group = name.locator(f"xpath=ancestor::div[{_has_class('widget-vbox')}][1]")
    assert group.get_by_text(mark, exact=True).count() == 1
    page.page.wait_for_function("e => document.activeElement === e", arg=name.element_handle())
    assert faults(page.page.inner_text(".ddkit-form")) == []
    fill_basics(page)
    page.go_next()
    page.check("custody.detained")  # a release to ask for: the request is not refused
    page.input("custody.facility").wait_for()
    page.fill("custody.facility", "Centro de Ejemplo (ficticio)")
    page.walk_to_review()
    page.button("ui.button.save").click()
    page.wait_text(page.text("ui_session.case.dates"))  # the case page
    title = kind_info("pd_request", "es").title
    page.page.get_by_label(page.text("ui.letters.kind"), exact=True).select_option(label=title)
    page.page.get_by_label(page.text("letters.signer.name.label"), exact=True).wait_for()
    page.button("ui.letters.prepare_docx").click()
    page.wait_text(page.text("ui.words.letter_missing", title=title))
    notice = page.page.locator(".ddkit-form [role=status]").filter(has_text=title).inner_text()
    for word in ("pd_request", "signer.", "--set", "clave=valor", "abajo"):
        assert word not in notice
    assert faults(notice) == []  # no path, id, option or placeholder of any kind
    assert "arriba" in notice  # the signer's boxes are above the message
    needed = [k for k in signer_keys("pd_request", "es")
              if f"signer.{k}" in kind_info("pd_request", "es").needs]  # fmt: skip
    assert needed
    for key in needed:
        label = page.text(f"letters.signer.{key}.label")
        assert label in notice  # each field by the words on the form
        mark = page.text("ui.words.issue", field=label, reason=page.text("ui.reason.needed"))
        page.page.get_by_text(mark, exact=True).wait_for()
        box = page.page.get_by_label(label, exact=True)
        # Next to its box: the mark is in the box's own group, right under it.
        group = box.locator(f"xpath=ancestor::div[{_has_class('widget-vbox')}][1]")
        assert group.get_by_text(mark, exact=True).count() == 1
        assert box.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(160, 0, 0)"
    first = page.page.get_by_label(page.text(f"letters.signer.{needed[0]}.label"), exact=True)
    page.page.wait_for_function("e => document.activeElement === e", arg=first.element_handle())
    assert not page.dialogs
