"""`ddkit law` and the law in `ddkit assess`, from the shell: sources, confidence, exit 2."""

import json

import pytest

from ddkit.cli import main

from .conftest import PRACTICE_DIR


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_law_in_texas_lists_the_developments_with_sources_and_confidence(capsys):
    code, out, err = run(capsys, "law", "--state", "TX", "--on", "2026-12-01")
    assert code == 0 and err == ""
    assert "TX" in out and "Fifth Circuit" in out and "2026-12-02" in out
    assert "Buenrostro-Mendez" in out and "Laken Riley" in out
    assert "Cunha v. Freden" not in out  # the Second Circuit's ruling does not hold in Texas
    assert "[confirmed]" in out and "[reported]" in out
    assert "https://" in out and "not legal advice" in out


def test_law_as_json_is_plain_data_with_each_development_sourced(capsys):
    code, out, _ = run(capsys, "law", "--state", "ny", "--on", "2026-12-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["state"] == "NY" and data["circuit"] == "2"
    assert data["law_reviewed"] == "2026-12-02" and data["law_may_be_outdated"] is False
    ids = {d["id"] for d in data["developments"]}
    assert "ca2-cunha-v-freden" in ids and "ca5-buenrostro-mendez" not in ids
    for item in data["developments"]:
        assert item["confidence"] in ("confirmed", "reported", "unverified")
        assert item["sources"] and item["in_force_on"] is True


def test_law_in_spanish(capsys):
    code, out, _ = run(capsys, "law", "--state", "TX", "--on", "2026-12-01", "--lang", "es")
    assert code == 0
    assert "Quinto Circuito" in out and "[confirmado]" in out and "no es asesoría legal" in out


def test_law_on_a_day_before_a_ruling_does_not_list_it(capsys):
    code, out, _ = run(capsys, "law", "--state", "TX", "--on", "2025-08-01", "--format", "json")
    ids = {d["id"] for d in json.loads(out)["developments"]}
    assert "bia-q-li" in ids and "bia-yajure-hurtado" not in ids


def test_law_since_lists_what_is_new_since_a_workshop(capsys):
    code, out, _ = run(capsys, "law", "--since", "2026-06-01", "--format", "json")
    data = json.loads(out)
    ids = {d["id"] for d in data["developments"]}
    assert code == 0 and data["since"] == "2026-06-01"
    assert {"ca5-bond-hearing-after-90-days", "tps-terminations"} <= ids
    assert "laken-riley-act" not in ids
    code, out, _ = run(capsys, "law", "--since", "2026-06-01", "--state", "NY")
    assert "ca5" not in out.lower() and "What changed after 2026-06-01" in out


def test_law_far_past_the_review_date_warns(capsys):
    code, out, _ = run(capsys, "law", "--on", "2027-06-01")
    assert code == 0 and "may have changed" in out


def test_law_for_american_samoa_says_ask_the_attorney(capsys):
    code, out, _ = run(capsys, "law", "--state", "AS", "--on", "2026-12-01")
    assert code == 0 and "American Samoa" in out and "ask the attorney" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["law", "--on", "2026-13-01"], "--on: expected a date written YYYY-MM-DD"),
        (["law", "--since", "last week"], "--since: expected a date written YYYY-MM-DD"),
        (["law", "--state", "XX"], "--state: expected a two-letter state or territory code"),
        (["law", "--state", "Texas", "--lang", "es"], "--state: se espera"),
    ],
)
def test_a_bad_date_or_state_exits_2_with_a_plain_message(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err


def test_assess_on_a_detained_person_in_texas_names_the_fifth_circuit(capsys, tmp_path):
    code, out, _ = run(capsys, "assess", str(PRACTICE_DIR / "01_detained_father.yaml"),
                       "--on", "2026-12-01", "--format", "json")  # fmt: skip
    data = json.loads(out)
    flags = {f["id"]: f["why"] for f in data["flags"]}
    assert "Fifth Circuit" in flags["no_bond_risk"]
    release = next(i for i in data["interventions"] if i["id"] == "release_request")
    assert any("habeas" in why for why in release["why"])
    moved = tmp_path / "held-in-new-york.yaml"
    text = (PRACTICE_DIR / "01_detained_father.yaml").read_text(encoding="utf-8")
    moved.write_text(text.replace("  state: TX\n  county: Harris", "  state: NY"), encoding="utf-8")
    code, out, _ = run(capsys, "assess", str(moved), "--on", "2026-12-01", "--format", "json")
    assert "no_bond_risk" not in {f["id"] for f in json.loads(out)["flags"]}


def test_assess_in_2027_raises_law_may_be_outdated(capsys):
    code, out, _ = run(capsys, "assess", str(PRACTICE_DIR / "01_detained_father.yaml"),
                       "--on", "2027-06-01")  # fmt: skip
    assert code == 0 and "The law may have changed since the review" in out
    assert "Legal data reviewed on 2026-12-02." in out
