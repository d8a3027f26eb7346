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
    assert any(isinstance(w, widgets.Password) for w in widget.children)


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
    unlock.passphrase.value = "not the passphrase at all"
    unlock.button.click()
    assert unlock.passphrase.value == ""  # never left in the synced widget state
    shown = html.unescape(unlock.message.value)
    assert t("store.error.wrong_passphrase", "en") in shown
    assert "not the passphrase" not in shown
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
