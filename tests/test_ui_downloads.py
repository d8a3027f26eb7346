"""Letters after saving: pick a kind, fill the signer, get a DOCX or PDF link. People fictional."""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile

import pytest

from ddkit.i18n import t
from ddkit.ui.downloads import kinds_in, letters_available, signer_keys
from ddkit.ui.intake import IntakeForm
from tests.ui_helpers import FICTIONAL_NAME, FakeStore, fill_person, walk_to_review

pytestmark = pytest.mark.skipif(not letters_available(), reason="the letters module is absent")

SIGNER = {
    "name": "Ana Ejemplo (fictional)",
    "relationship": "her sister",
    "city": "Springfield",
    "state": "IL",
    "phone": "555-0100",
    "story": "I have known her <b>forever</b>.\n\nShe cares for her children & mine.",
}


@pytest.fixture
def offer():
    form = IntakeForm(FakeStore(), lang="en", demo=False)
    fill_person(form)
    walk_to_review(form)
    form.ui.save.click()
    offer = form.saved.letters
    offer.lang.value = "en"
    offer.kind.value = "family_member"
    return offer


def _file(offer) -> tuple[str, bytes]:
    markup = offer.link.children[0].value
    name = re.search(r'download="([^"]+)"', markup).group(1)
    return name, base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", markup).group(1))


def test_the_kinds_and_signer_fields_come_from_the_templates():
    assert "family_member" in kinds_in("en")
    keys = signer_keys("family_member", "en")
    assert keys[0] == "name" and "story" in keys


def test_missing_signer_fields_are_named_plainly(offer):
    offer.buttons["docx"].click()
    notice = html.unescape(offer.notice.value)
    assert "signer.name" in notice
    assert offer.link.children == ()


def test_a_docx_letter_comes_as_a_download_link_without_a_name_in_the_file_name(offer):
    for key, value in SIGNER.items():
        offer.signer[key].value = value
    offer.buttons["docx"].click()
    assert t("ui.letters.ready", "en") in html.unescape(offer.notice.value)
    name, data = _file(offer)
    assert name.startswith("family_member-") and name.endswith(".docx")
    assert "Rosa" not in name and "Ejemplo" not in name
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert FICTIONAL_NAME.split()[0] in document
    assert "&lt;b&gt;forever&lt;/b&gt;" in document  # shown literally, escaped in the XML


def test_a_pdf_letter_too(offer):
    for key, value in SIGNER.items():
        offer.signer[key].value = value
    offer.buttons["pdf"].click()
    name, data = _file(offer)
    assert name.endswith(".pdf") and data.startswith(b"%PDF")


def test_an_oversized_signer_field_is_refused(offer):
    for key, value in SIGNER.items():
        offer.signer[key].value = value
    offer.signer["name"].value = "x" * 5000
    offer.buttons["docx"].click()
    assert offer.link.children == ()
    assert "200" in html.unescape(offer.notice.value) or "200" in offer.form.ui.status.value
