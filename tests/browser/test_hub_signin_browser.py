"""Bad input at the hub's own sign-in and sign-up pages, in headless Chromium (issue 12 §3).

The hub is the one the other hub tests use (tests/hub_helpers.py); each test here signs up a
person of its own, so that a lock-out never touches anyone else. Everyone is fictional.
"""

from __future__ import annotations

import re

import pytest

from ddkit.org.hub import FAILED_LOGINS, MIN_PASSWORD, NO_GROUP, NO_ROLE
from tests.browser.test_hub_browser import HUB_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.hub]

WRONG = "Invalid username or password."


@pytest.fixture
def page(browser, hub_world):
    context = browser.new_context()
    context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), lambda r: r.abort())
    tab = context.new_page()
    tab.set_default_timeout(HUB_TIMEOUT_MS)
    yield tab
    context.close()


def submit_login(page, url: str, name: str, password: str) -> None:
    """Fill the hub's login page and wait for the hub's answer to it."""
    page.goto(url + "/hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    with page.expect_response(lambda r: "/hub/login" in r.url and
                              r.request.method == "POST"):  # fmt: skip
        page.locator("#login_submit").click()
    page.wait_for_load_state()


def first_words(message: str) -> str:
    return message.split(":")[0]


def test_wrong_passwords_lock_the_account_out_after_the_configured_count(page, hub_world):
    hub = hub_world.hub
    name, password = "dora", "dora practice password 42"
    admin = hub.admin_session(hub_world.passwords["admin"])
    hub.add_person(admin, name, password, "intake", None)  # approved; no database role
    # One wrong password fewer than the count, then hers: she is in (and told she has no
    # access to cases yet, since she has no database role).
    for attempt in range(FAILED_LOGINS - 1):
        submit_login(page, hub.url, name, f"not her password {attempt}")
        assert WRONG in page.inner_text("body")
    submit_login(page, hub.url, name, password)
    page.get_by_text(first_words(NO_ROLE)).first.wait_for()
    page.goto(hub.url + "/hub/logout")
    # The configured count of wrong passwords in a row: now even hers is refused.
    for attempt in range(FAILED_LOGINS):
        submit_login(page, hub.url, name, f"still not her password {attempt}")
        assert WRONG in page.inner_text("body")
    submit_login(page, hub.url, name, password)
    assert "/hub/login" in page.url and WRONG in page.inner_text("body")
    # The lock-out is hers alone: another person signs in at once.
    submit_login(page, hub.url, "cora", hub_world.passwords["cora"])
    page.wait_for_url(re.compile(r"/user/cora/"))


def test_a_sign_up_waits_for_the_administrator_s_approval(page, browser, hub_world):
    hub = hub_world.hub
    name, password = "eva", "eva practice password 77"
    page.goto(hub.url + "/hub/signup")
    short = "eva short"[: MIN_PASSWORD - 1]
    for typed in (short, password):
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill(typed)
        page.locator("#password_confirmation_input").fill(typed)
        page.locator("#signup_submit").click()
        page.wait_for_load_state()
        if typed == short:  # too short: refused, with the rule said
            page.get_by_text(f"at least {MIN_PASSWORD} characters").first.wait_for()
    page.get_by_text("Your information has been sent to the admin").first.wait_for()
    submit_login(page, hub.url, name, password)
    assert "has not been authorized by an administrator yet" in page.inner_text("body")
    # The administrator approves her on the hub's own page.
    admin = browser.new_context()
    try:
        tab = admin.new_page()
        tab.set_default_timeout(HUB_TIMEOUT_MS)
        submit_login(tab, hub.url, "admin", hub_world.passwords["admin"])
        tab.goto(hub.url + "/hub/authorize")
        tab.locator(f"a[href$='authorize/{name}']", has_text="Authorize").click()
        tab.locator(f"a[href$='authorize/{name}']", has_text="Unauthorize").wait_for()
    finally:
        admin.close()
    # Approved but in no group yet: signed in, and told plainly why there is no app.
    submit_login(page, hub.url, name, password)
    page.get_by_text(first_words(NO_GROUP)).first.wait_for()
    assert "/hub/login" not in page.url
