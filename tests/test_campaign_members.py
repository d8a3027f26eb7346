"""The chosen member of Congress in the plan, the congressional letters and the call script.

Every person here is fictional; the members and offices are the shipped public data.
"""

from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign.congress import congress
from ddkit.campaign.exports import plan_calendar, plan_markdown
from ddkit.campaign.offices import table
from ddkit.campaign.plan import plan
from ddkit.campaign.scripts import congressional_email, congressional_script, script_text
from ddkit.campaign.targets import congress_for_case
from ddkit.case import parse_case
from ddkit.cli import main
from ddkit.errors import UserError
from ddkit.law import reviewed
from ddkit.letters.formats import to_markdown
from ddkit.letters.render import render_letter

ON = date(2026, 12, 1)
STAFF = {"name": "Rita Ficticia", "title": "Caseworker", "email": "rita@example.org"}


def fictional(congress_ok=True, zip_code="78704", **custody):
    return parse_case(
        {
            "fictional": True,
            "person": {"name": "Tomás Ficticio", "a_number": "A000000999", "zip": zip_code},
            "custody": {"detained": True, "state": "CA", "county": "Imperial", **custody},
            "proceedings": {"stage": "final_order", "removal_date": "2026-12-20"},
            "consent": {"public_campaign": True, "congressional_contact": congress_ok},
        }
    )


def casar():
    return congress().member("C001131")


def test_the_case_s_zip_code_gives_its_districts_and_members():
    found = congress_for_case(fictional())
    assert found.status == "confirm"  # 78704 crosses TX-35 and TX-37
    assert {m.name for m in found.members} >= {"Greg Casar", "Lloyd Doggett", "Ted Cruz"}
    confirmed = congress_for_case(fictional(), district=35)
    assert confirmed.status == "found"
    assert [m.name for m in confirmed.members if m.chamber == "rep"] == ["Greg Casar"]


def test_no_consent_no_members():
    assert congress_for_case(fictional(congress_ok=False)).status == "no_consent"
    assert congress_for_case(fictional(congress_ok=False)).members == ()


def test_the_plan_names_the_office_the_members_and_the_dates():
    case = fictional()
    table_ = plan(case, assess(case, on=ON), ON)
    notes = dict(zip(table_["task"], table_["note"], strict=True))
    assert "San Diego field office" in notes["request_stay_of_removal"]
    inquiry = notes["congressional_inquiry"]
    assert "Greg Casar (Representative, TX-35)" in inquiry and "confirms the district" in inquiry
    assert "Congressional data of 2026-06-15" in inquiry
    day = reviewed().isoformat()
    assert f"Legal data reviewed on {day}" in notes["legal_consult"]
    assert f"Legal data reviewed on {day}" in plan_markdown(table_)
    assert f"X-WR-CALDESC:Legal data reviewed on {day}" in plan_calendar(table_).to_ical().decode()


def test_a_plan_without_consent_names_no_member():
    case = fictional(congress_ok=False)
    text = plan_markdown(plan(case, assess(case, on=ON), ON, lang="es"))
    assert "Casar" not in text and "Cornyn" not in text


def test_the_congressional_email_addresses_the_chosen_members_office():
    case = fictional()
    letter = render_letter("congressional_email", case, STAFF, on=ON, member=casar())
    text = to_markdown(letter)
    assert "Office of Representative Greg Casar (TX-35)" in letter.sender
    assert "446 Cannon House Office Building Washington DC 20515-4335" in letter.sender
    assert "on behalf of the office of Representative Greg Casar" in text
    assert "202-225-5645" in text  # the office's phone, as none was given
    assert "snapshot of 2026-06-15" in letter.meta["member_source"]
    assert "2026-06-15" not in text  # the data's date is for the committee, not for ICE


def test_the_spanish_email_names_the_office_without_gendered_titles():
    letter = render_letter("congressional_email", fictional(), STAFF, "es", on=ON, member=casar())
    text = to_markdown(letter)
    assert "la oficina de Greg Casar, de la Cámara de Representantes de EE. UU. (TX-35)" in text


@pytest.mark.parametrize("kind", ["congressional_email", "congressional_call_script"])
def test_nothing_is_addressed_to_a_congressional_office_without_consent(kind):
    with pytest.raises(UserError) as err:
        render_letter(kind, fictional(congress_ok=False), STAFF, on=ON, member=casar())
    assert err.value.key == "campaign.congress.no_consent"


def test_a_member_only_goes_in_the_congressional_letters():
    with pytest.raises(UserError) as err:
        render_letter("faith_leader", fictional(), {"name": "X"}, on=ON, member=casar())
    assert err.value.key == "campaign.cli.member_not_for_kind"


def test_the_call_script_names_the_member_and_the_office_phone():
    case = fictional()
    houston = table().office("Houston")
    script = script_text(congressional_script(case, assess(case, on=ON), "en", houston,
                                              member=casar()))  # fmt: skip
    assert "calling from the office of Representative Greg Casar" in script
    assert "202-225-5645" in script and "(281) 774-4816" in script


def test_the_email_draft_leaves_blanks_only_for_the_caseworker():
    case = fictional()
    text = to_markdown(congressional_email(case, assess(case, on=ON), "en", member=casar()))
    assert "\\[your name\\]" in text and "Office of Representative Greg Casar" in text
    assert "the office of \\[member of Congress\\]" not in text
    with pytest.raises(UserError):
        congressional_email(fictional(congress_ok=False), assess(case, on=ON), member=casar())


def test_ddkit_letter_takes_the_member_by_id(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    path.write_text(
        "fictional: true\nperson: {name: Tomás Ficticio, zip: '78704'}\n"
        "consent: {congressional_contact: true}\n",
        encoding="utf-8",
    )
    argv = ["letter", "congressional_call_script", "--case", str(path), "--member", "D000399",
            "--set", "name=Rita Ficticia", "-o", "-"]  # fmt: skip
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "the office of Representative Lloyd Doggett" in captured.out
    assert "snapshot of 2026-06-15" in captured.err
    assert main([*argv[:5], "ZZ999", *argv[6:]]) == 2
    assert "No member of Congress with that id" in capsys.readouterr().err
