"""ICE field offices: every state and territory, split counties, the source note."""

import csv
from pathlib import Path

import pytest

from ddkit.campaign.offices import counties, county_key, find_office, table
from ddkit.errors import UserError

STATES_AND_TERRITORIES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI MP"
).split()
SPLIT = ("CA", "NY", "TX")
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ice-field-offices.csv"


def test_the_table_has_the_25_offices_with_source_and_as_of():
    tab = table()
    assert len(tab.offices) == 25
    assert "April 2026" in tab.source and "September 2025" in tab.source
    assert tab.as_of == "2026-04"


def test_dallas_and_new_orleans_have_no_phone_and_say_so():
    tab = table()
    missing = {o.office for o in tab.offices if o.phone is None}
    assert missing == {"Dallas", "New Orleans"}


@pytest.mark.parametrize("state", STATES_AND_TERRITORIES)
def test_every_state_and_territory_finds_its_office(state):
    match = find_office(state.lower())
    assert match.state == state
    if state in SPLIT:
        assert match.status == "county_needed"
        assert len(match.offices) >= 2
        assert all(o.state == state for o in match.offices)
    else:
        assert match.status == "found"
        assert len(match.offices) == 1


def test_territories_go_to_the_offices_that_list_them():
    assert find_office("PR").offices[0].office == "Miami"
    assert find_office("VI").offices[0].office == "Miami"
    assert find_office("GU").offices[0].office == "San Francisco"
    assert find_office("MP").offices[0].office == "San Francisco"
    assert find_office("DC").offices[0].office == "Washington"


@pytest.mark.parametrize(
    ("state", "county", "office"),
    [
        ("CA", "Los Angeles", "Los Angeles"),
        ("CA", "san luis obispo county", "Los Angeles"),
        ("CA", "Imperial", "San Diego"),
        ("CA", "San Diego", "San Diego"),
        ("CA", "Alameda", "San Francisco"),
        ("CA", "Fresno", "San Francisco"),
        ("NY", "Kings", "New York City"),
        ("NY", "Brooklyn", "New York City"),
        ("NY", "Staten Island", "New York City"),
        ("NY", "Westchester", "New York City"),
        ("NY", "Erie", "Buffalo"),
        ("NY", "Saint Lawrence", "Buffalo"),
    ],
)
def test_split_counties_find_their_office(state, county, office):
    match = find_office(state, county)
    assert match.status == "found"
    assert [o.office for o in match.offices] == [office]


def test_a_texas_county_lists_the_candidates_without_guessing():
    match = find_office("TX", "Travis")
    assert match.status == "county_unknown"
    assert match.county == "Travis"
    names = {o.office for o in match.offices}
    assert names == {"Dallas", "El Paso", "Harlingen", "Houston", "San Antonio"}


def test_the_county_table_covers_every_county_of_the_split_states():
    assert len(counties("CA")) == 58
    assert len(counties("NY")) == 62
    assert len(counties("TX")) == 254
    assert all(c.office for c in counties("CA") + counties("NY"))
    assert not any(c.office for c in counties("TX"))
    listed = {c.name for c in counties("CA") if c.basis == "listed"}
    assert listed == {
        "Los Angeles", "Orange", "Riverside", "San Bernardino", "Ventura", "Santa Barbara",
        "San Luis Obispo", "San Diego", "Imperial",
    }  # fmt: skip


def test_an_unknown_state_lists_the_choices():
    with pytest.raises(UserError) as err:
        find_office("XX")
    message = err.value.message("en")
    assert "Choose one of" in message and "PR" in message and "WY" in message
    assert "Elijan" in err.value.message("es")


def test_a_county_not_in_the_state_lists_the_state_counties():
    with pytest.raises(UserError) as err:
        find_office("CA", "Travis")
    message = err.value.message("en")
    assert "Alameda" in message and "Yuba" in message


def test_county_names_are_matched_loosely():
    assert county_key("DeWitt County") == "dewitt"
    assert county_key("condado de San Diego") == "san diego"
    assert find_office("TX", "dewitt").county == "DeWitt"
    assert find_office("NY", "St Lawrence").county == "St. Lawrence"


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not beside the repo")
def test_the_shipped_table_matches_the_reference_facts():
    shipped = Path(__file__).resolve().parents[1] / "ddkit" / "data" / "ice-field-offices.csv"
    read = lambda p: list(csv.DictReader(p.open(encoding="utf-8")))  # noqa: E731
    assert read(shipped) == read(REFERENCE)
