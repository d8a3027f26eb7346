"""Every box a person types in sends its value when it loses focus, not at each key.

Why: the browser sends a box's key-by-key updates at most one per kernel round trip and keeps
the rest back, while a button's press goes at once. On a slow kernel the press then reached
the kernel before the last letters: the unlock screen made a new store with the first letters
of the passphrase only (seen in Chromium, tests/browser/test_session_browser.py). A box that
sends once, on leaving it, sends before the press that follows.
"""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

import ipywidgets as widgets  # noqa: E402

from ddkit.store.memory import MemoryStore  # noqa: E402
from ddkit.ui.app import Unlock  # noqa: E402
from ddkit.ui.campaign import CampaignApp  # noqa: E402
from ddkit.ui.downloads import kinds_in  # noqa: E402
from ddkit.ui.intake import IntakeForm  # noqa: E402
from ddkit.ui.session import Session, live_widgets  # noqa: E402
from tests.ui_helpers import FakeStore, fill_person, walk_to_review  # noqa: E402

TYPED = (widgets.Text, widgets.Textarea, widgets.Password)


def _made_by(build) -> list:
    """The typed boxes among the widgets ``build()`` makes."""
    before = set(live_widgets())
    build()
    made = [w for key, w in list(live_widgets().items()) if key not in before]
    return [w for w in made if isinstance(w, TYPED)]


def _letters_with_every_signer_box():
    form = IntakeForm(FakeStore(), lang="en", demo=False)
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    offer = form.saved.letters
    for lang in ("en", "es"):
        offer.lang.value = lang
        for kind in kinds_in(lang):
            offer.kind.value = kind


@pytest.mark.parametrize(
    "screen",
    [
        pytest.param(lambda: Unlock("en"), id="unlock screen"),
        pytest.param(lambda: Unlock("es", locked=True), id="unlock screen after a lock"),
        pytest.param(
            lambda: Session(MemoryStore(), "en", demo=True, seconds=None).start(), id="session"
        ),
        pytest.param(_letters_with_every_signer_box, id="letters of support"),
        pytest.param(lambda: CampaignApp("en", demo=False, store=MemoryStore()), id="campaign"),
        pytest.param(lambda: CampaignApp("es", demo=True), id="campaign, practice"),
    ],
)
def test_every_typed_box_sends_its_value_once_on_leaving_it(screen):
    boxes = _made_by(screen)
    assert boxes, "the screen has boxes to type in"
    sending_at_each_key = [
        f"{type(box).__name__} {box.description or box.placeholder!r}"
        for box in boxes
        if box.continuous_update
    ]
    assert sending_at_each_key == []
