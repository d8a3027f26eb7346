"""The app entry: demo mode, a store opened only when needed, and the on-screen unlock."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest

from ddkit.i18n import t
from ddkit.ui import app
from ddkit.ui.intake import IntakeForm

store_module = pytest.importorskip("ddkit.store")
PASSPHRASE = "practice passphrase for tests only"


def _texts(widget) -> str:
    """Every text shown by a widget tree (labels, HTML, descriptions)."""
    found = []
    for attr in ("value", "description"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            found.append(html.unescape(value))
    for child in getattr(widget, "children", ()):
        found.append(_texts(child))
    return "\n".join(found)


def _fast_store():
    from ddkit.store.crypto import KdfParams

    # Created with cheap Argon2 settings; the store keeps them, so unlocking stays quick.
    return store_module.open_store(
        passphrase=PASSPHRASE,
        demo=False,
        kdf=KdfParams(time_cost=1, memory_kib=8192, parallelism=1),
    )


def test_demo_mode_shows_the_banner_and_opens_no_store_until_needed(monkeypatch):
    opened = []
    monkeypatch.setattr(app, "_open_store", lambda demo: opened.append(demo))
    widget = app.intake_app("es", demo=True)
    assert t("ui.demo.banner", "es") in _texts(widget)
    assert opened == []


def test_without_a_passphrase_the_app_asks_for_one(monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("DDKIT_KEY_FILE", raising=False)
    widget = app.intake_app("en", demo=False)
    assert t("ui.unlock.intro_new", "en", min=12) in _texts(widget)  # no store yet
    assert t("ui.unlock.button_new", "en") in _texts(widget)
    (screen,) = widget.children
    assert any(isinstance(w, widgets.Password) for w in screen.children)


def test_the_first_time_the_passphrase_creates_the_store(monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    unlock = app.Unlock("es")
    assert t("ui.unlock.intro_new", "es", min=12) in _texts(unlock.widget)
    unlock.passphrase.value = "short"
    unlock.button.click()
    assert t("store.error.weak_passphrase", "es", min=12) in html.unescape(unlock.message.value)
    assert "código de error" not in html.unescape(unlock.message.value)


def test_a_wrong_passphrase_is_refused_plainly_then_slowed_down(monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    _fast_store().close()
    unlock = app.Unlock("en")
    assert t("ui.unlock.intro", "en") in _texts(unlock.widget)  # the store exists now
    unlock.passphrase.value = "a wrong guess typed here"
    unlock.button.click()
    assert unlock.passphrase.value == ""  # never left in the synced widget state
    shown = html.unescape(unlock.message.value)
    assert t("ui.unlock.wrong", "en") in shown
    assert "wrong guess" not in shown
    unlock.passphrase.value = PASSPHRASE
    unlock.button.click()  # too soon after a wrong try
    assert t("ui.unlock.wait", "en") in html.unescape(unlock.message.value)
    assert unlock.passphrase.value == ""


def test_the_right_passphrase_opens_the_wizard(monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    _fast_store().close()
    unlock = app.Unlock("es")
    unlock.passphrase.value = PASSPHRASE
    unlock.button.click()
    assert unlock.passphrase.value == ""
    assert t("ui.button.next", "es") in _texts(unlock.widget)


def test_an_unlocked_form_saves_to_the_encrypted_store(monkeypatch):
    from tests.ui_helpers import FICTIONAL_NAME, fill_person, walk_to_review

    store = _fast_store()
    form = IntakeForm(store, lang="en", demo=False)
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    assert store.load(form.case_id).person.name == FICTIONAL_NAME
    with pytest.raises(store_module.UnknownCase):
        store.load_draft(form.draft_id)  # the draft went once the case was saved
    store.close()


def test_the_screen_language_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DDKIT_LANG", "es_US")
    assert app.pick_lang() == "es"
    assert app.pick_lang("en") == "en"
    monkeypatch.setenv("DDKIT_LANG", "fr")
    assert app.pick_lang() == "en"


# ---------------------------------------------------------------- decided when shown (issue 14)


@pytest.fixture
def no_passphrase(monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("DDKIT_KEY_FILE", raising=False)


def test_a_page_built_before_the_store_existed_says_so_once_shown(no_passphrase):
    """A preheated kernel builds the page, then the store is made, then the page is shown."""
    from ddkit.ui.shown import page_shown

    widget = app.intake_app("es", demo=False)
    assert t("ui.unlock.intro_new", "es", min=12) in _texts(widget)
    _fast_store().close()  # another volunteer's page creates the store meanwhile
    page_shown()
    shown = _texts(widget)
    assert t("ui.unlock.intro", "es") in shown and t("ui.unlock.button", "es") in shown
    assert t("ui.unlock.intro_new", "es", min=12) not in shown


def test_a_stale_page_is_corrected_when_the_passphrase_is_sent(no_passphrase):
    unlock = app.Unlock("en")
    assert t("ui.unlock.intro_new", "en", min=12) in _texts(unlock.widget)
    _fast_store().close()  # made after this page was shown, without a reload
    unlock.passphrase.value = "a brand new passphrase for a new store"
    unlock.button.click()
    assert t("ui.unlock.wrong", "en") in html.unescape(unlock.message.value)
    assert t("ui.unlock.intro", "en") in _texts(unlock.widget)  # the store is there
    assert t("ui.unlock.intro_new", "en", min=12) not in _texts(unlock.widget)


def test_a_refused_first_passphrase_leaves_no_store_behind(no_passphrase):
    unlock = app.Unlock("en")
    unlock.passphrase.value = "short"
    unlock.button.click()
    assert t("store.error.weak_passphrase", "en", min=12) in html.unescape(unlock.message.value)
    assert not app.store_exists()  # the empty file it left is no store
    assert t("ui.unlock.intro_new", "en", min=12) in _texts(app.Unlock("en").widget)


def test_an_empty_passphrase_is_asked_for_in_plain_words(no_passphrase):
    unlock = app.Unlock("es")
    unlock.button.click()
    shown = html.unescape(unlock.message.value)
    assert t("ui.unlock.empty", "es") in shown
    assert "DDKIT_" not in shown  # no settings of the command line on screen


def test_page_shown_waits_for_the_page_in_a_preheated_kernel(no_passphrase, monkeypatch):
    """In a preheated kernel, what depends on the disk is decided after Voilà hands it over."""
    import voila.utils

    from ddkit.ui.shown import page_shown

    widget = app.intake_app("en", demo=False)
    events = []

    def handed_over(url=None):
        _fast_store().close()  # the store was made while this kernel waited in the pool
        events.append("page asked for")

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(voila.utils, "wait_for_request", handed_over)
    page_shown()
    assert events == ["page asked for"]
    assert t("ui.unlock.intro", "en") in _texts(widget)


def test_a_passphrase_set_before_the_page_shows_opens_the_wizard(no_passphrase, monkeypatch):
    from ddkit.ui.shown import page_shown

    widget = app.intake_app("en", demo=False)
    assert t("ui.unlock.intro_new", "en", min=12) in _texts(widget)
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    page_shown()
    assert t("ui.button.next", "en") in _texts(widget)


# ---------------------------------------------------------------- my cases and the lock (issue 11)


_BEFORE: set[str] = set()  # widgets other tests left behind in this process


@pytest.fixture(autouse=True)
def _widgets_before():
    from ddkit.ui.session import live_widgets

    _BEFORE.clear()
    _BEFORE.update(live_widgets())


def _widget_state() -> str:
    """The state of every widget made since the test began, as the browser would hold it."""
    import json

    from ddkit.ui.session import live_widgets

    made = [w for key, w in list(live_widgets().items()) if key not in _BEFORE]
    return json.dumps([w.get_state() for w in made], default=str, ensure_ascii=False)


def _saved_case(name: str) -> str:
    from ddkit.case import parse_case

    store = _fast_store()
    case_id = store.save(parse_case({"fictional": True, "person": {"name": name}}))
    store.close()
    return case_id


def test_right_after_unlocking_the_list_of_cases_shows_then_lock_now_forgets_it(no_passphrase):
    from ddkit.store.codes import case_code

    case_id = _saved_case("Rosa Inventada (fictional)")
    root = app.IntakeApp("en", demo=False)
    root.screen.passphrase.value = PASSPHRASE
    root.screen.button.click()
    shown = _texts(root.widget)
    assert t("ui_session.cases.heading", "en") in shown
    assert "Rosa Inventada (fictional)" in shown and case_code(case_id) in shown
    assert case_id not in shown
    root.session.lock_button.click()
    assert isinstance(root.screen, app.Unlock) and root.session is None
    assert t("ui_session.locked", "en") in _texts(root.widget)
    assert "Rosa Inventada" not in _widget_state()
    root.screen.passphrase.value = PASSPHRASE
    root.screen.button.click()
    assert "Rosa Inventada (fictional)" in _texts(root.widget)
    root.session.lock()


def test_a_passphrase_set_for_the_session_still_needs_typing_after_a_lock(
    no_passphrase, monkeypatch
):
    _saved_case("Rosa Inventada (fictional)")
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    root = app.IntakeApp("es", demo=False)
    assert root.session is not None and "Rosa Inventada" in _texts(root.widget)
    root.session.lock()
    assert isinstance(root.screen, app.Unlock)
    root.show()  # the page shown again: still locked
    assert isinstance(root.screen, app.Unlock) and "Rosa Inventada" not in _widget_state()


def test_wrong_passphrases_keep_slowing_down_after_a_lock(no_passphrase):
    _saved_case("Rosa Inventada (fictional)")
    root = app.IntakeApp("en", demo=False)
    root.screen.passphrase.value = PASSPHRASE
    root.screen.button.click()
    root.session.lock()
    root.screen.passphrase.value = "a wrong guess typed here"
    root.screen.button.click()
    root.screen.passphrase.value = PASSPHRASE  # at once: it must wait
    root.screen.button.click()
    assert t("ui.unlock.wait", "en") in html.unescape(root.screen.message.value)
    assert root.session is None


def test_the_idle_lock_locks_the_app(no_passphrase):
    _saved_case("Rosa Inventada (fictional)")
    root = app.IntakeApp("en", demo=False)
    root.screen.passphrase.value = PASSPHRASE
    root.screen.button.click()
    session = root.session
    session.idle.seconds, session.idle.last = 60, session.idle.clock() - 61
    assert session.idle.check()
    assert isinstance(root.screen, app.Unlock) and "Rosa Inventada" not in _widget_state()


def test_the_unlock_screen_has_the_header_and_switches_language_message_included(no_passphrase):
    _saved_case("Rosa Inventada (fictional)")
    root = app.IntakeApp("en", demo=False)
    unlock = root.screen
    assert t("ui_session.kit", "en") in _texts(unlock.widget)
    header = next(w for w in unlock.widget.children if "ddkit-header" in w._dom_classes)
    assert unlock.language in header.children and unlock.language.value == "en"
    unlock.passphrase.value = "a wrong guess typed here"
    unlock.button.click()
    unlock.language.value = "es"
    shown = _texts(unlock.widget)
    for words in (t("ui_session.kit", "es"), t("ui.unlock.intro", "es"),
                  t("ui.unlock.button", "es"), t("ui.unlock.label", "es"),
                  t("ui.unlock.wrong", "es"), t("ui.language", "es")):  # fmt: skip
        assert words in shown
    assert t("ui.unlock.wrong", "en") not in shown and t("ui.unlock.intro", "en") not in shown
    unlock.backoff.not_before = 0  # the wait after the wrong try is over
    unlock.passphrase.value = PASSPHRASE
    unlock.button.click()
    assert root.session.lang == "es"  # the session opens in the language chosen
    assert t("ui_session.cases.heading", "es") in _texts(root.widget)
    root.session.lock()
    assert root.screen.lang == "es" and root.screen.language.value == "es"


def test_on_the_hub_a_lock_offers_to_sign_out_instead_of_a_passphrase(no_passphrase, monkeypatch):
    _saved_case("Rosa Inventada (fictional)")
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)  # the hub gives the server the key
    monkeypatch.setenv("DDKIT_HUB", "1")
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/")
    root = app.IntakeApp("es", demo=False)
    assert "Rosa Inventada" in _texts(root.widget)
    root.session.lock()
    shown = _texts(root.widget)
    assert t("ui_session.hub_locked", "es") in shown and 'href="/hub/logout"' in shown
    assert t("ui.unlock.label", "es") not in shown  # no passphrase the volunteer never had
    root.show()  # the page shown again: still locked
    assert "Rosa Inventada" not in _texts(root.widget) and "Rosa Inventada" not in _widget_state()
