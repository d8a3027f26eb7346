"""The case model: normalization, validation and messages in both languages."""

from datetime import date, timedelta

import pytest

from ddkit.case import Case, CaseError, load_case, parse_case, parse_case_text, sensitive_paths


def person(**fields):
    return {"person": {"name": "Ana Ficticia", **fields}}


@pytest.mark.parametrize(
    "typed",
    ["A12345678", "012-345-678", "A 012 345 678", "a012345678", "A012.345.678", "12345678"],
)
def test_a_numbers_normalize_to_a_and_nine_digits(typed):
    assert parse_case(person(a_number=typed)).person.a_number == "A012345678"


def test_a_nine_digit_number_keeps_its_digits():
    assert parse_case(person(a_number="A123-456-789")).person.a_number == "A123456789"


@pytest.mark.parametrize("typed", ["A1234", "A12345678901", "B12345678", "A12-34X-678", "A-12"])
def test_malformed_a_numbers_are_rejected_by_field(typed):
    with pytest.raises(CaseError) as caught:
        parse_case(person(a_number=typed))
    (problem,) = caught.value.problems
    assert problem.path == "person.a_number"
    assert problem.code == "a_number"
    assert typed not in caught.value.message("en")  # never echo what was typed (INP-4)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("31/02/2020", "date_format"),
        ("2021-02-29", "date_impossible"),
        ("2999-01-01", "date_range"),
        ("tomorrow", "date_format"),
        (20200101, "date_format"),
    ],
)
def test_impossible_or_malformed_dates_are_rejected(typed, code):
    with pytest.raises(CaseError) as caught:
        parse_case({**person(), "proceedings": {"next_hearing": typed}})
    assert [(p.path, p.code) for p in caught.value.problems] == [("proceedings.next_hearing", code)]


def test_date_of_birth_in_the_future_or_too_long_ago_is_an_error():
    future = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(CaseError) as caught:
        parse_case(person(date_of_birth=future))
    assert caught.value.problems[0].code == "dob_future"
    with pytest.raises(CaseError) as caught:
        parse_case(person(date_of_birth="1900-01-01"))
    assert caught.value.problems[0].code == "dob_too_old"


def test_every_problem_is_listed_at_once_in_english_and_spanish():
    data = {
        "person": {"name": "", "a_number": "123"},
        "custody": {"detained": "maybe", "state": "ZZ"},
        "proceedings": {"stage": "deported", "prior_removals": -1},
        "equities": {"us_citizen_children": "two"},
        "typo": 1,
    }
    with pytest.raises(CaseError) as caught:
        parse_case(data, source="maria.yaml")
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "person.name",
        "person.a_number",
        "custody.detained",
        "custody.state",
        "proceedings.stage",
        "proceedings.prior_removals",
        "equities.us_citizen_children",
        "typo",
    ]
    english, spanish = caught.value.message("en"), caught.value.message("es")
    assert english.startswith("maria.yaml has problems:")
    assert spanish.startswith("Hay problemas en maria.yaml:")
    assert "expected one of: none, in_proceedings, final_order" in english
    assert "se espera un número A" in spanish
    assert "not part of the case format" in english


def test_a_name_is_required():
    with pytest.raises(CaseError) as caught:
        parse_case({"person": {}})
    assert [(p.path, p.code) for p in caught.value.problems] == [("person.name", "missing")]


def test_invisible_and_control_characters_are_removed_from_names():
    case = parse_case(person(name="\u202eAna\u200b Ficticia\x00"))
    assert case.person.name == "Ana Ficticia"


def test_overlong_text_is_capped_with_a_clear_message():
    with pytest.raises(CaseError) as caught:
        parse_case(person(name="x" * 10_000))
    assert caught.value.problems[0].code == "too_long"
    assert "at most 200 characters" in caught.value.message("en")


def test_html_and_sql_in_names_are_kept_literally():
    hostile = "Robert'); DROP TABLE clients;-- <img src=x onerror=alert(1)>"
    assert parse_case(person(name=hostile)).person.name == hostile


def test_sensitive_fields_are_marked_in_the_model():
    marked = sensitive_paths()
    for path in (
        "person.name",
        "person.aliases",
        "person.a_number",
        "person.date_of_birth",
        "person.address",
        "person.zip",
        "custody.facility",
        "criminal_history",
        "equities.serious_health_condition",
    ):
        assert path in marked
    assert "consent.public_campaign" not in marked
    assert "proceedings.stage" not in marked


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file_empty"),
        (b"   \n", "file_empty"),
        (b"person: [unclosed", "not_yaml"),
        (b"- just\n- a list\n", "not_mapping"),
        (b"\xff\xfe\x00bad", "not_utf8"),
    ],
)
def test_broken_files_give_one_clear_problem(content, code):
    with pytest.raises(CaseError) as caught:
        parse_case_text(content, "x.yaml")
    assert [p.code for p in caught.value.problems] == [code]


def test_a_missing_file_is_a_case_error(tmp_path):
    with pytest.raises(CaseError) as caught:
        load_case(tmp_path / "nope.yaml")
    assert caught.value.problems[0].code == "file_missing"


def test_json_files_load_too(tmp_path):
    path = tmp_path / "case.json"
    path.write_text('{"person": {"name": "Ana Ficticia", "date_of_birth": "1990-01-31"}}')
    assert load_case(path).person.date_of_birth == date(1990, 1, 31)


def test_defaults_describe_a_person_with_no_case_yet():
    case = Case.model_validate(person())
    assert case.proceedings.stage == "none"
    assert not case.custody.detained
    assert not case.consent.public_campaign


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("78704", "78704"), ("78704-1234", "78704"), (" 787041234 ", "78704"), ("02134", "02134"),
     (78704, "78704"), ("", None), (None, None)],
)  # fmt: skip
def test_a_zip_code_keeps_its_five_digits(typed, kept):
    assert parse_case(person(zip=typed)).person.zip == kept


@pytest.mark.parametrize(("typed", "code"), [("7870", "zip"), ("78704-12", "zip"), ("TX787", "zip"),
                                             (2345, "zip_quotes"), (True, "zip")])  # fmt: skip
def test_a_bad_zip_code_is_named_without_repeating_it(typed, code):
    with pytest.raises(CaseError) as caught:
        parse_case(person(zip=typed))
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == ("person.zip", code)
    for lang in ("en", "es"):
        assert str(typed) not in caught.value.message(lang).replace("78704", "")
