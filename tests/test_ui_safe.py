"""The escape helper, the server-side checks and the questions generated from the model."""

from __future__ import annotations

import base64
import re
from datetime import date

import pytest

from ddkit.ui import safe
from ddkit.ui.fields import FieldSpec, field_label, field_specs
from ddkit.ui.inputs import from_case_value, to_case_value
from ddkit.ui.validate import check_value
from tests.ui_helpers import XSS_PAYLOADS


def test_safe_html_escapes_the_five_characters():
    assert safe.safe_html("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#x27;"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_every_helper_escapes_what_it_is_given(payload):
    markups = [
        safe.blocks_markup([("h3", payload), ("dt", payload), ("dd", payload), ("p", payload)]),
        safe.notice_markup(payload, "error"),
        safe.text_block(payload).value,
        safe.download_markup(b"x", payload, payload),
    ]
    for markup in markups:
        assert "<script" not in markup and "<img" not in markup and "<svg" not in markup
        assert "<iframe" not in markup and "<details" not in markup


def test_blocks_refuse_tags_outside_the_list():
    with pytest.raises(ValueError):
        safe.blocks_markup([("script", "x")])


def test_a_download_link_carries_the_file_and_a_safe_name():
    markup = safe.download_markup(b"%PDF-1.4 data", "../../letter <x>.pdf", "Save")
    name = re.search(r'download="([^"]+)"', markup).group(1)
    assert "/" not in name and "<" not in name and not name.startswith(".")
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", markup).group(1)
    assert base64.b64decode(encoded) == b"%PDF-1.4 data"
    assert "data:application/pdf;base64," in markup


def test_checks_reject_what_the_screen_never_offers():
    text = FieldSpec("person.name", "text", required=True, max_length=200)
    assert check_value(text, "x" * 201).code == "too_long"
    assert check_value(text, 12).code == "text"
    assert check_value(text, "Rosa (fictional)") is None
    choice = FieldSpec("proceedings.hearing_type", "choice", choices=("master", "bond"))
    assert check_value(choice, "") is None  # "not known"
    assert check_value(choice, "other").code == "choice"
    multi = FieldSpec("proceedings.pending_relief", "multi", choices=("asylum", "tps"))
    assert check_value(multi, ["asylum", "asylum"]).code == "choice"
    assert check_value(multi, ["nope"]).code == "choice"
    count = FieldSpec("equities.us_citizen_children", "int", minimum=0, maximum=30)
    assert check_value(count, -1).code == "min"
    assert check_value(count, 31).code == "max"
    assert check_value(count, True).code == "int"
    day = FieldSpec("custody.detained_since", "date")
    assert check_value(day, "2024-01-01").code == "date_format"
    assert check_value(day, date(2024, 1, 1)) is None
    assert check_value(FieldSpec("x.flag", "bool"), "yes").code == "bool"


def test_a_problem_never_carries_the_value():
    problem = check_value(FieldSpec("person.name", "text", max_length=3), "Rosa")
    assert "Rosa" not in problem.model_dump_json()


def test_field_specs_follow_the_model():
    from ddkit.case import Equities, Person, Proceedings

    person = {s.name: s for s in field_specs(Person, "person.")}
    assert person["name"].kind == "text" and person["name"].required
    assert person["aliases"].kind == "lines" and person["aliases"].max_items == 20
    assert person["address"].kind == "long"
    assert person["entry_manner"].choices[-1] == "unknown"
    assert person["entry_manner"].default == "unknown"
    proceedings = {s.name: s for s in field_specs(Proceedings, "proceedings.")}
    assert proceedings["prior_removals"].maximum == 50
    assert proceedings["pending_relief"].kind == "multi"
    assert not proceedings["hearing_type"].required
    equities = {s.name: s for s in field_specs(Equities, "equities.")}
    assert equities["primary_caregiver"].kind == "bool"


def test_labels_come_from_the_catalogs():
    assert field_label("person.name", "es") == "Nombre completo"
    assert field_label("fictional", "en").startswith("Practice case")


@pytest.mark.parametrize(
    "spec,value",
    [
        (FieldSpec("person.aliases", "lines"), ["Rosa", "Rosita"]),
        (FieldSpec("custody.detained_since", "date"), "2024-05-01"),
        (FieldSpec("criminal_history.sentence_days", "opt_int"), 30),
        (FieldSpec("proceedings.hearing_type", "choice", choices=("bond",)), "bond"),
        (FieldSpec("person.phone", "text"), None),
    ],
)
def test_values_go_to_the_widget_and_back(spec, value):
    back = to_case_value(spec, from_case_value(spec, value))
    assert back == (str(value) if spec.kind == "opt_int" else value)
