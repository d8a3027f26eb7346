"""The congressional loader, on a FICTIONAL fixture in the unitedstates/congress-legislators format."""

import json
import shutil
from pathlib import Path

import pytest

from ddkit.campaign.congress import (
    CongressDataError,
    load_congress,
    load_district_offices,
    load_legislators,
    where_to_get,
)
from ddkit.errors import UserError

FIXTURE = Path(__file__).parent / "fixtures" / "congress"


@pytest.mark.parametrize("folder", [FIXTURE, FIXTURE / "json"], ids=["yaml", "json"])
def test_the_fixture_loads_from_yaml_and_json(folder):
    congress = load_congress(folder)
    assert congress.states() == ("OR", "PR", "VT")
    assert congress.districts("OR") == (1, 2)
    members = congress.for_state("or", 1)
    assert [m.name for m in members] == [
        "Alma Fictional-Senator",
        "Bruno Fictional-Senator",
        "Carmen Fictional-Rep",
    ]
    carmen = members[-1]
    assert carmen.chamber == "rep" and carmen.district == 1
    assert [o.city for o in carmen.offices] == ["Salem", "Bend"]
    assert members[0].phone == "202-555-0101"
    assert members[0].title("es") == "Senador/a"


def test_without_a_district_only_the_senators_come_back():
    congress = load_congress(FIXTURE)
    assert {m.chamber for m in congress.for_state("OR")} == {"sen"}
    assert congress.for_state("VT", 0)[0].name == "Elena Fictional-AtLarge"


def test_a_district_not_in_the_data_lists_the_choices():
    with pytest.raises(UserError) as err:
        load_congress(FIXTURE).for_state("OR", 7)
    assert "1, 2" in err.value.message("en")


def test_an_unknown_state_is_a_clear_error():
    with pytest.raises(UserError) as err:
        load_congress(FIXTURE).for_state("ZZ")
    assert "Choose one of" in err.value.message("en")


def test_a_folder_without_the_files_says_where_to_get_them(tmp_path):
    with pytest.raises(UserError) as err:
        load_congress(tmp_path)
    assert "unitedstates/congress-legislators" in err.value.message("en")
    assert "GitHub" in err.value.message("es")


def test_where_to_get_explains_the_zip_code_caveat():
    text = where_to_get("en")
    assert "unitedstates/congress-legislators project on GitHub" in text
    assert "ZIP" in text and "confirm" in text


def test_district_offices_are_optional(tmp_path):
    shutil.copy(FIXTURE / "legislators-current.yaml", tmp_path)
    congress = load_congress(tmp_path)
    assert all(m.offices == () for m in congress.members)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("- id: {bioguide: Z1}\n  name: {first: A}\n  terms: [\n", "line"),
        ("id: {bioguide: Z1}\n", "list of legislators"),
        ("- name: {first: A}\n  terms: [{type: sen, state: OR}]\n", "entry 1 has no id.bioguide"),
        ("- id: {bioguide: Z1}\n  name: {first: A}\n  terms: []\n", "entry 1 has no terms"),
        (
            "- id: {bioguide: Z1}\n  name: {first: A}\n  terms: [{type: rep, state: OR}]\n",
            "terms.district",
        ),
        ("- id: {bioguide: Z1}\n  terms: [{type: sen, state: OR}]\n", "entry 1 has no name"),
    ],
)
def test_a_malformed_file_fails_clearly(tmp_path, text, says):
    path = tmp_path / "legislators-current.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CongressDataError) as err:
        load_legislators(path)
    message = err.value.message("en")
    assert "legislators-current.yaml" in message and says in message
    assert "unitedstates/congress-legislators" in message
    assert err.value.message("es") != message


def test_a_malformed_json_offices_file_fails_clearly(tmp_path):
    path = tmp_path / "legislators-district-offices.json"
    path.write_text('[{"id": {"bioguide": "Z1"}, "offices": "nope"}]', encoding="utf-8")
    with pytest.raises(CongressDataError, match="bad_file") as err:
        load_district_offices(path)
    assert "entry 1 has no offices" in err.value.message("en")
    path.write_text(json.dumps({"not": "a list"})[:-3], encoding="utf-8")
    with pytest.raises(CongressDataError):
        load_district_offices(path)
