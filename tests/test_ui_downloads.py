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


def test_missing_signer_fields_are_named_plainly_and_marked_where_they_are(offer):
    focused = []
    for key, box in offer.signer.items():
        box.focus = lambda key=key: focused.append(key)
    offer.signer["city"].value = "Springfield"
    offer.buttons["docx"].click()
    notice = html.unescape(offer.notice.value)
    assert offer.link.children == ()
    title = t("letters.signer.name.label", "en")
    assert title in notice and "signer." not in notice and "family_member" not in notice
    assert "--set" not in notice and "below" not in notice and "above" in notice
    for key in signer_keys("family_member", "en"):
        mark = offer.marks[key].value
        if key == "city":  # filled in: not marked
            assert mark == "" and "ddkit-invalid" not in offer.signer[key]._dom_classes
        elif key in ("name", "relationship", "story", "state", "phone"):  # the template needs
            assert mark == t("ui.words.issue", "en", field=t(f"letters.signer.{key}.label", "en"),
                             reason=t("ui.reason.needed", "en"))  # fmt: skip
            assert "ddkit-invalid" in offer.signer[key]._dom_classes
    assert focused == ["name"]  # the first box marked
    offer.signer["name"].value = "Ana Ejemplo (fictional)"
    offer.form.set_lang("es")  # the marks and the message follow the screen language
    assert t("ui.reason.needed", "es") in offer.marks["relationship"].value
    assert "arriba" in html.unescape(offer.notice.value)


def test_the_discretion_request_in_spanish_names_its_title_not_its_id(offer):
    """Issue 15: in Spanish, the discretion request with the signer's form empty."""
    from ddkit.ui.words import letter_title

    form = offer.form
    form.go_to("custody")  # detained: a release to ask for, so the request is not refused
    form.field("custody.detained").input.value = True
    form.field("custody.facility").input.value = "Centro de Ejemplo (ficticio)"
    walk_to_review(form)
    form.ui.save.click()
    offer = form.saved.letters
    form.set_lang("es")
    offer.lang.value = "es"
    offer.kind.value = "pd_request"
    offer.buttons["docx"].click()
    notice = html.unescape(offer.notice.value)
    assert letter_title("pd_request", "es") in notice
    for word in ("pd_request", "signer.", "--set", "abajo", "clave=valor"):
        assert word not in notice
    for key in signer_keys("pd_request", "es"):
        if key in ("name", "relationship", "city", "state", "phone", "email"):
            assert offer.marks[key].value.startswith(t(f"letters.signer.{key}.label", "es"))


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


def test_a_refused_discretion_request_says_why_in_plain_words(offer):
    """Nothing to ask ICE for: the screen says so, without the command line's override."""
    offer.form.set_lang("es")
    offer.lang.value = "es"
    offer.kind.value = "pd_request"
    offer.buttons["docx"].click()
    notice = html.unescape(offer.notice.value)
    assert t("letters.refused.head", "es") in notice
    assert "--attorney-approved" not in notice and "pd_request" not in notice
    assert offer.link.children == ()


def test_an_oversized_signer_field_is_refused(offer):
    for key, value in SIGNER.items():
        offer.signer[key].value = value
    offer.signer["name"].value = "x" * 5000
    offer.buttons["docx"].click()
    assert offer.link.children == ()
    assert offer.marks["name"].value == t("ui.words.issue", "en",
        field=t("letters.signer.name.label", "en"), reason=t("ui.reason.too_long", "en", max=200))  # fmt: skip
    assert offer.marks["city"].value == ""
    assert "200" in html.unescape(offer.notice.value)
