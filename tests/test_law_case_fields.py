"""The case fields the 2025-26 legal data needs: optional, validated, asked in the intake."""

from datetime import date

import pytest

from ddkit.case import CaseError, load_case, parse_case, sensitive_paths
from ddkit.i18n import LANGS, t
from ddkit.ui.fields import field_help
from ddkit.ui.steps import SHOWN_IF, STEPS, is_shown, step_specs

from .conftest import practice_case_files

NEW_FIELDS = (
    "person.state",
    "person.presence_proof_since",
    "criminal_history.category",
    "proceedings.order_in_absentia",
    "proceedings.protection_granted",
    "proceedings.removal_country",
    "immigration.tps_country",
    "immigration.tps_until",
)


def test_every_new_field_is_optional_and_old_files_still_load():
    case = parse_case({"person": {"name": "Ana Ficticia"}})
    assert case.version == 1
    assert case.person.state is None and case.person.presence_proof_since is None
    assert case.proceedings.order_in_absentia is False
    assert case.proceedings.protection_granted is None
    assert case.immigration.tps_country is None and case.immigration.tps_until is None
    for path in practice_case_files():
        assert load_case(path).version == 1


def test_the_new_fields_read_what_people_write():
    case = parse_case(
        {
            "person": {"name": "Ana Ficticia", "state": "tx", "presence_proof_since": "2019-03-01"},
            "proceedings": {"stage": "final_order", "order_in_absentia": True,
                            "protection_granted": "cat", "removal_country": "Mexico"},
            "immigration": {"tps_country": "Honduras", "tps_until": "2025-09-08"},
            "criminal_history": [{"offense": "Shoplifting", "category": "shoplifting",
                                  "disposition": "arrested_only"}],
        }
    )  # fmt: skip
    assert case.person.state == "TX"
    assert case.person.presence_proof_since == date(2019, 3, 1)
    assert case.proceedings.protection_granted == "cat"
    assert case.immigration.tps_until == date(2025, 9, 8)
    assert case.criminal_history[0].category == "shoplifting"
    assert case.criminal_history[0].disposition == "arrested_only"


@pytest.mark.parametrize(
    ("data", "path", "code"),
    [
        ({"person": {"name": "A", "state": "Texas"}}, "person.state", "state"),
        ({"person": {"name": "A", "presence_proof_since": "2019-02-30"}},
         "person.presence_proof_since", "date_impossible"),
        ({"proceedings": {"protection_granted": "asylum"}}, "proceedings.protection_granted", "choice"),
        ({"criminal_history": [{"offense": "x", "category": "fraud"}]},
         "criminal_history.0.category", "choice"),
        ({"immigration": {"tps": "Haiti"}}, "immigration.tps", "unknown"),
    ],
)  # fmt: skip
def test_a_bad_new_field_gets_a_plain_message_naming_it(data, path, code):
    data.setdefault("person", {"name": "Ana Ficticia"})
    with pytest.raises(CaseError) as caught:
        parse_case(data)
    problem = caught.value.problems[0]
    assert (problem.path, problem.code) == (path, code)
    assert path in caught.value.message("es")


def test_protection_and_the_removal_country_are_sensitive():
    marked = sensitive_paths()
    assert {"proceedings.protection_granted", "proceedings.removal_country"} <= marked
    assert "person.state" not in marked


def test_every_new_field_is_asked_with_help_in_both_languages():
    asked = {spec.path for step in STEPS for spec in step_specs(step)}
    for path in NEW_FIELDS:
        if path.startswith("criminal_history."):
            continue  # asked in each row (ddkit.ui.rows)
        assert path in asked, path
    for lang in LANGS:
        for path in NEW_FIELDS:
            assert field_help(path, lang), (path, lang)
        assert t("choice.category.assault_on_officer", lang)
        assert t("choice.disposition.arrested_only", lang)
        assert t("choice.protection_granted.withholding", lang)


def test_questions_about_a_final_order_show_only_with_a_final_order():
    for path in ("proceedings.order_in_absentia", "proceedings.protection_granted",
                 "proceedings.removal_country"):  # fmt: skip
        assert SHOWN_IF[path] == ("proceedings.stage", "final_order")
        assert not is_shown(path, {"proceedings.stage": "in_proceedings"}.get)
        assert is_shown(path, {"proceedings.stage": "final_order"}.get)


def test_the_documented_example_is_a_valid_case():
    import re
    from pathlib import Path

    from ddkit.case import parse_case_text

    text = (Path(__file__).parent.parent / "docs" / "case-file.md").read_text(encoding="utf-8")
    example = parse_case_text(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))
    assert example.person.presence_proof_since == date(2009, 9, 15)
    assert example.criminal_history[0].category == "other"
