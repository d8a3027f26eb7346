"""The field office a case's requests go to: custody when detained, else home. Fictional cases."""

import json
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign.targets import filing_office
from ddkit.case import parse_case
from ddkit.cli import main


def fictional(person=None, **sections):
    return parse_case({"fictional": True, "person": {"name": "Ana Ficticia", **(person or {})},
                       **sections})  # fmt: skip


def detained(held_in=None, county=None, **person):
    return fictional(person, custody={"detained": True, "state": held_in, "county": county})


@pytest.mark.parametrize(
    ("case", "basis", "status", "offices"),
    [
        (detained("CA", "Imperial"), "custody", "found", ["San Diego"]),
        (detained("AZ", state="GA", zip="30318"), "custody", "found", ["Phoenix"]),
        (detained("NY", "Kings"), "custody", "found", ["New York City"]),
        (detained("TX", "Harris"), "custody", "county_unknown",
         ["Dallas", "El Paso", "Harlingen", "Houston", "San Antonio"]),
        (detained("CA"), "custody", "county_needed", ["Los Angeles", "San Diego", "San Francisco"]),
        (detained(), "custody", "state_unknown", []),
        (fictional({"state": "GA"}), "home", "found", ["Atlanta"]),
        (fictional({"zip": "30318"}), "home", "found", ["Atlanta"]),
        (fictional({"zip": "20001"}), "home", "found", ["Washington"]),
        (fictional({"zip": "00601"}), "home", "found", ["Miami"]),
        (fictional({"zip": "78704"}), "home", "county_needed",
         ["Dallas", "El Paso", "Harlingen", "Houston", "San Antonio"]),
        (fictional({"zip": "30165"}), "home", "zip_states", ["Atlanta", "New Orleans"]),
        (fictional({"zip": "55555"}), "home", "zip_unknown", []),
        (fictional(), "home", "state_unknown", []),
    ],
)  # fmt: skip
def test_the_office_comes_from_custody_when_detained_else_from_home(case, basis, status, offices):
    where = filing_office(case)
    assert (where.basis, where.status) == (basis, status)
    assert sorted(o.office for o in where.offices) == sorted(offices)
    assert (where.office is not None) == (status == "found")


def test_a_county_the_user_gives_decides_a_home_in_a_split_state_and_texas_still_cannot_tell():
    home = fictional({"zip": "90210"})
    assert filing_office(home, county="Los Angeles").office.office == "Los Angeles"
    texas = filing_office(fictional({"zip": "78704"}), county="Travis")
    assert texas.status == "county_unknown" and texas.office is None
    assert "can't tell" in texas.text("en") and "no puede saber" in texas.text("es")


def test_the_sentence_names_the_office_and_why_in_both_languages():
    where = filing_office(detained("CA", "Imperial"))
    assert where.text("en") == (
        "File at ICE's San Diego field office: it has custody of the case "
        "(detained in Imperial County, CA)."
    )
    assert "San Diego" in where.text("es") and "condado de Imperial, CA" in where.text("es")


def test_the_stay_of_removal_reasons_name_the_office_to_file_at():
    case = detained("CA", "Imperial", zip="30318")
    case = case.model_copy(update={"proceedings": case.proceedings.model_copy(
        update={"stage": "final_order"})})  # fmt: skip
    stay = assess(case, on=date(2026, 12, 1)).intervention("stay_of_removal")
    reasons = [m["en"] for m in stay.why]
    assert any("San Diego field office" in r and "wrong office" in r for r in reasons)
    assert any("San Diego" in m["es"] for m in stay.why)


def test_no_stay_no_office_sentence():
    result = assess(detained("CA", "Imperial"), on=date(2026, 12, 1))
    assert not result.has("stay_of_removal")
    assert not any("field office:" in m["en"] for i in result.interventions for m in i.why)


def test_ddkit_offices_names_the_office_for_a_case(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    path.write_text(
        "fictional: true\nperson: {name: Ana Ficticia}\n"
        "custody: {detained: true, state: TX, county: Harris}\n",
        encoding="utf-8",
    )
    assert main(["offices", "--case", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The kit can't tell which field office has custody for Harris County")
    assert "wrong office" in out and "Houston" in out and "Verify before you call" in out
    assert main(["offices", "--case", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "county_unknown" and data["office"] is None
    assert {c["office"] for c in data["candidates"]} >= {"Houston", "San Antonio"}


def test_ddkit_offices_by_zip_code(capsys):
    assert main(["offices", "--zip", "30318", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Preséntenlo en la oficina de ICE de Atlanta")
    assert main(["offices", "--zip", "78704", "--county", "Travis"]) == 0
    assert "can't tell which field office covers Travis County, TX" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--zip", "7870"], "5 digits"),
        (["--zip", "30318", "--state", "GA"], "Give one of --case, --zip or --state"),
        (["--case", "no-such-file.yaml"], "does not exist"),
    ],
)
def test_ddkit_offices_refuses_bad_input_plainly(capsys, argv, says):
    assert main(["offices", *argv]) == 2
    assert says in capsys.readouterr().err
