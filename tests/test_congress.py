"""Members of Congress by ZIP code or state, from the data shipped in ddkit/data/congress.

The known answers below were read from the shipped files (snapshot of 2026-06-15).
"""

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from ddkit.campaign.congress import SHIPPED, check_zip, congress
from ddkit.campaign.congress_files import parse_zctas
from ddkit.campaign.congress_text import lookup_dict, lookup_text
from ddkit.cli import main
from ddkit.errors import UserError

SNAPSHOT = "2026-06-15"


def names(members):
    return [m.name for m in members]


def test_a_zip_code_inside_one_district_gives_two_senators_and_one_representative():
    found = congress().lookup(zip_code="78701")
    assert found.zip.seats == (("TX", 37),) and found.confirmed
    [texas] = found.targets
    assert names(texas.senators) == ["John Cornyn", "Ted Cruz"]
    assert [(d, names(ms)) for d, ms in texas.house] == [(37, ["Lloyd Doggett"])]
    assert texas.house[0][1][0].phone == "202-225-4865"


def test_a_zip_code_that_crosses_a_district_line_lists_both_districts_for_the_user_to_confirm():
    found = congress().lookup(zip_code="78704")
    assert found.zip.crosses and not found.confirmed
    assert [(d, names(ms)) for d, ms in found.targets[0].house] == [
        (35, ["Greg Casar"]),
        (37, ["Lloyd Doggett"]),
    ]
    confirmed = congress().lookup(zip_code="78704", district="35")
    assert confirmed.confirmed and names(confirmed.members)[-1] == "Greg Casar"


def test_a_zip_code_across_a_state_line_lists_each_states_senators():
    found = congress().lookup(zip_code="30165")
    assert [t.state for t in found.targets] == ["AL", "GA"]
    assert all(len(t.senators) == 2 for t in found.targets)


def test_an_at_large_state_has_one_representative_for_the_whole_state():
    found = congress().lookup(zip_code="05401")
    [vermont] = found.targets
    assert vermont.house[0][0] == 0 and names(vermont.house[0][1]) == ["Becca Balint"]
    assert names(vermont.senators) == ["Bernard Sanders", "Peter Welch"]
    assert "VT (at large)" in lookup_text(found, congress().source, "en")


def test_dc_has_a_delegate_and_no_senators():
    found = congress().lookup(zip_code="20001")
    [dc] = found.targets
    assert not dc.has_senators and dc.senators == ()
    [norton] = dc.house[0][1]
    assert (norton.name, norton.role, norton.votes) == ("Eleanor Holmes Norton", "delegate", False)
    text = lookup_text(found, congress().source, "en")
    assert "Delegate, DC" in text and "DC has no senators" in text


@pytest.mark.parametrize(
    ("how", "role", "name"),
    [
        ({"zip_code": "00601"}, "resident_commissioner", "Pablo José Hernández"),
        ({"state": "GU"}, "delegate", "James C. Moylan"),
        ({"state": "vi"}, "delegate", None),
    ],
)
def test_a_territory_has_its_delegate_and_no_senators(how, role, name):
    found = congress().lookup(**how)
    [place] = found.targets
    assert not place.has_senators
    [member] = [m for _, ms in place.house for m in ms]
    assert member.role == role and (name is None or member.name == name)
    assert "no senators" in lookup_text(found, congress().source, "en")
    assert "no tiene senadores" in lookup_text(found, congress().source, "es")


def test_a_vacant_seat_says_so_instead_of_naming_nobody():
    found = congress().lookup(state="TX", district="23")
    assert found.targets[0].house == ((23, ()),)
    assert "may be vacant" in lookup_text(found, congress().source, "en")


def test_the_cli_prints_the_districts_the_members_and_the_datas_date(capsys):
    assert main(["congress", "--zip", "78704"]) == 0
    out = capsys.readouterr().out
    assert "TX-35, TX-37" in out and "confirm the district" in out
    for who in ("John Cornyn", "Ted Cruz", "Greg Casar", "Lloyd Doggett", "202-225-5645"):
        assert who in out
    assert f"snapshot of {SNAPSHOT}" in out and "unitedstates/congress-legislators" in out
    assert "public domain" in out and "2024-11-12" in out


def test_the_cli_speaks_spanish(capsys):
    assert main(["congress", "--zip", "78704", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert "abarca 2 distritos" in out and f"datos del {SNAPSHOT}" in out and "Demócrata" in out


def test_the_json_answer_has_the_districts_the_members_and_the_source(capsys):
    assert main(["congress", "--zip", "78704", "--district", "37", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["districts"] == [{"state": "TX", "district": 37, "vacant": False}]
    assert data["confirm_district"] is False
    [texas] = data["states"]
    assert [m["bioguide"] for m in texas["senators"]] == ["C001056", "C001098"]
    [doggett] = texas["house"]
    assert doggett["district_offices"][0]["city"] == "Austin"
    assert data["source"]["as_of"] == SNAPSHOT and data["source"]["members_license"] == "CC0-1.0"


def test_a_state_without_a_district_lists_its_districts(capsys):
    assert main(["congress", "--state", "tx"]) == 0
    out = capsys.readouterr().out
    assert "TX has 38 House districts" in out and "TX-35: Greg Casar" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--zip", "7870"], "5 digits"),
        (["--zip", "ABCDE"], "5 digits"),
        (["--zip", "787041"], "5 digits"),
        (["--zip", "99999"], "not in the kit's table"),
        (["--state", "ZZ"], "Unknown state or territory"),
        (["--state", "TX", "--district", "39"], "no such district"),
        (["--state", "TX", "--district", "thirty"], "A district is a number"),
        (["--zip", "78704", "--district", "21"], "Choose one of: TX-35, TX-37"),
        ([], "Give a ZIP code"),
        (["--zip", "78704", "--state", "TX"], "not both"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_code_2(capsys, argv, says):
    assert main(["congress", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_bad_zip_code_is_never_repeated_in_the_message():
    with pytest.raises(UserError) as err:
        congress().lookup(zip_code="55555")  # well-formed, but no such ZIP code area
    assert "55555" not in err.value.message("en") and "55555" not in err.value.message("es")


@pytest.mark.parametrize(("typed", "zip5"), [("78704-1234", "78704"), (" 787041234", "78704")])
def test_zip_plus_4_is_cut_to_five_digits(typed, zip5):
    assert check_zip(typed) == zip5


def test_the_zip_table_round_trips_its_compact_lines():
    index = parse_zctas((SHIPPED / "zcta-districts.txt").read_text(encoding="utf-8"))
    assert len(index) == 33774
    assert index["78704"] == (("TX", 35), ("TX", 37)) and index["20001"] == (("DC", 0),)


def test_the_shipped_copy_stays_small():
    size = sum(p.stat().st_size for p in SHIPPED.iterdir())
    assert size < 400_000


def test_importing_the_campaign_code_reads_no_congressional_data():
    """The data loads on the first look-up, never at import (so `ddkit assess` stays fast)."""
    script = textwrap.dedent(
        """
        import sys
        opened = []
        sys.addaudithook(lambda event, args: event == "open" and opened.append(str(args[0])))
        import ddkit.campaign, ddkit.campaign.congress, ddkit.campaign.congress_text
        import ddkit.campaign.plan, ddkit.campaign.scripts, ddkit.commands.congress
        from ddkit.cli import build_parser
        build_parser()
        before = [p for p in opened if "congress" in p and not p.endswith((".py", ".pyc"))]
        from ddkit.campaign.congress import congress
        congress().lookup(zip_code="78704")
        after = [p for p in opened if "data/congress" in p]
        print(len(before), len(after))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    before, after = map(int, out.stdout.split())
    assert before == 0 and after >= 3


def test_lookup_dict_and_text_agree_on_the_members():
    found = congress().lookup(zip_code="20001")
    data = lookup_dict(found, congress().source)
    assert data["states"][0]["house"][0]["title"] == "Delegate"
    assert data["states"][0]["has_senators"] is False


@pytest.fixture
def fresh_load(tmp_path, monkeypatch):
    """A private cache folder, and the copies read again from it (not from this process)."""
    from ddkit.campaign import congress as module

    monkeypatch.setenv("DDKIT_CACHE_DIR", str(tmp_path / "cache"))
    module._load.cache_clear()
    yield module._load
    module._load.cache_clear()


def refuse_to_parse(monkeypatch):
    from ddkit.campaign import congress_files

    def parse(folder):
        raise AssertionError(f"{folder} read again")

    monkeypatch.setattr(congress_files, "parse_copy", parse)


def test_a_copy_is_read_once_then_comes_from_the_data_cache(fresh_load, tmp_path, monkeypatch):
    other = tmp_path / "another-checkout"
    shutil.copytree(SHIPPED, other)
    first = fresh_load(str(other), 0.0)
    assert (tmp_path / "cache" / "congress.pickle").is_file()
    fresh_load.cache_clear()
    refuse_to_parse(monkeypatch)
    cached = fresh_load(str(SHIPPED), 0.0)  # the same bytes: kept, and shown where they are
    assert cached.source.folder == SHIPPED and first.source.folder == other
    assert cached.lookup(zip_code="78704").zip.seats == (("TX", 35), ("TX", 37))
    assert names(cached.targets("TX", 37).members) == names(first.targets("TX", 37).members)


def test_a_changed_copy_is_read_again_not_served_from_the_cache(fresh_load, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(SHIPPED, copy)
    assert fresh_load(str(copy), 0.0).house("TX", 37)[0].phone == "202-225-4865"
    members = copy / "members.csv"
    members.write_text(members.read_text().replace("202-225-4865", "202-555-0100"))
    fresh_load.cache_clear()
    assert fresh_load(str(copy), 0.0).house("TX", 37)[0].phone == "202-555-0100"
