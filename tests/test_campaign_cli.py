"""``ddkit plan`` and ``ddkit offices`` from the shell (``ddkit track``: test_track_cli.py)."""

import json
import stat

import pytest
from icalendar import Calendar

from ddkit.cli import main

from .conftest import practice_case_files

MOTHER = next(p for p in practice_case_files() if p.stem == "02_final_order_mother")


@pytest.mark.parametrize("path", practice_case_files(), ids=lambda p: p.stem)
def test_plan_works_on_every_practice_case(path, capsys):
    assert main(["plan", "--case", str(path), "--on", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Campaign plan")
    assert "| Date | Task |" in out


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "ics", "png", "svg"])
def test_plan_writes_every_format(tmp_path, fmt, capsys):
    out = tmp_path / f"plan.{fmt}"
    args = ["plan", "--case", str(MOTHER), "--on", "2026-12-01", "-o", str(out), "--lang", "es"]
    assert main(args) == 0
    assert out.stat().st_size > 100
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if fmt == "ics":
        assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "plan." in capsys.readouterr().err


def test_plan_takes_the_format_from_the_option_over_the_suffix(tmp_path):
    out = tmp_path / "plan.txt"
    assert main(["plan", "--case", str(MOTHER), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith('"Date"')


def test_plan_bad_input_exits_2_with_a_clear_message(tmp_path, capsys):
    assert main(["plan", "--case", str(MOTHER), "--on", "2026-02-30"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["plan", "--case", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err
    assert main(["plan", "--case", str(MOTHER), "--format", "png"]) == 2
    assert "-o" in capsys.readouterr().err


def test_offices_json_has_the_documented_keys(capsys):
    assert main(["offices", "--state", "GA", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["office"] for r in rows] == ["Atlanta"]
    assert set(rows[0]) == {
        "office", "address", "city", "state", "zip", "phone", "area", "as_of", "source",
    }  # fmt: skip
    assert rows[0]["as_of"] == "2026-04"


def test_offices_without_a_state_lists_all_25(capsys):
    assert main(["offices", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 25


def test_offices_text_shows_the_verify_note_and_missing_phones(capsys):
    assert main(["offices", "--state", "LA"]) == 0
    out = capsys.readouterr().out
    assert "New Orleans" in out and "missing from our source" in out
    assert "Verify before you call" in out


def test_a_texas_county_says_it_cannot_tell(capsys):
    assert main(["offices", "--state", "TX", "--county", "travis", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 5
    assert "can't tell" in captured.err and "Travis" in captured.err


def test_a_split_county_finds_one_office(capsys):
    assert main(["offices", "--state", "NY", "--county", "Queens", "--format", "json"]) == 0
    assert [r["office"] for r in json.loads(capsys.readouterr().out)] == ["New York City"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--state", "ZZ"], "Choose one of: AK"),
        (["--state", "CA", "--county", "Travis"], "Alameda"),
        (["--county", "Kings"], "Choose one of"),
    ],
)
def test_offices_bad_input_exits_2_listing_choices(args, says, capsys):
    assert main(["offices", *args]) == 2
    assert says in capsys.readouterr().err
