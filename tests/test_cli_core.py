"""`ddkit assess` and `ddkit policies` from the shell: documented JSON, clear errors, exit 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ddkit.cli import main

from .conftest import practice_case_files


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", practice_case_files(), ids=lambda p: p.stem)
def test_assess_prints_the_documented_json_for_every_practice_case(capsys, path):
    code, out, err = run(capsys, "assess", str(path), "--on", "2026-12-01", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["on"] == "2026-12-01"
    assert data["policy"]["id"] == "enforcement-2025" and data["policy"]["in_force"] is True
    assert data["interventions"][0]["id"] == "legal_referral"
    assert [i["rank"] for i in data["interventions"]] == list(
        range(1, len(data["interventions"]) + 1)
    )
    for item in data["interventions"]:
        assert item["deadline"] is None or len(item["deadline"]) == 10
    assert isinstance(data["factors"]["mitigating"], list)


def test_text_and_markdown_in_spanish(capsys):
    path = str(practice_case_files()[0])
    code, out, _ = run(capsys, "assess", path, "--on", "2026-12-01", "--lang", "es")
    assert code == 0 and "Consulta legal" in out and "no es asesoría legal" in out
    code, out, _ = run(capsys, "assess", path, "--format", "markdown", "--on", "2026-12-01")
    assert code == 0 and out.startswith("## Assessment on 2026-12-01")


def test_a_named_policy_is_applied_and_flagged_when_not_in_force(capsys):
    path = str(practice_case_files()[0])
    code, out, _ = run(
        capsys,
        "assess",
        path,
        "--on",
        "2026-12-01",
        "--policy",
        "mayorkas-2021",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["policy"]["in_force"] is False
    assert "policy_not_in_force" in {f["id"] for f in data["flags"]}


BAD_FILES = {
    "missing": None,
    "empty": "",
    "not_yaml": "person: [unclosed\n",
    "not_mapping": "- a\n- b\n",
    "no_name": "person:\n  a_number: A123456789\n",
    "bad_a_number": "person:\n  name: Ana Ficticia\n  a_number: A12\n",
    "impossible_date": "person:\n  name: Ana Ficticia\n  date_of_birth: 1990-02-30\n",
    "wrong_type": "person:\n  name: Ana Ficticia\ncustody:\n  detained: perhaps\n",
}
EXPECTED_WORDS = {
    "missing": "does not exist",
    "empty": "is empty",
    "not_yaml": "not valid YAML",
    "not_mapping": "named sections",
    "no_name": "person.name: this field is required",
    "bad_a_number": "person.a_number: expected an A-number",
    "impossible_date": "person.date_of_birth: this date does not exist",
    "wrong_type": "custody.detained: expected yes or no",
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_files_exit_2_with_a_short_message_naming_file_and_field(capsys, tmp_path, kind):
    path = tmp_path / f"{kind}.yaml"
    if BAD_FILES[kind] is not None:
        path.write_text(BAD_FILES[kind])
    code, out, err = run(capsys, "assess", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"{kind}.yaml has problems:")
    assert EXPECTED_WORDS[kind] in err
    assert "Traceback" not in err


def test_a_bad_date_option_and_unknown_policy_are_clear(capsys):
    path = str(practice_case_files()[0])
    code, _, err = run(capsys, "assess", path, "--on", "2026-13-01")
    assert code == 2 and "--on: expected a date" in err
    code, _, err = run(capsys, "assess", path, "--policy", "nope")
    assert code == 2 and "unknown policy 'nope'" in err


def test_policies_lists_frameworks_and_marks_the_default(capsys):
    code, out, _ = run(capsys, "policies", "--on", "2024-01-01", "--format", "json")
    data = json.loads(out)
    default = [p["id"] for p in data["policies"] if p["default"]]
    assert code == 0 and default == ["mayorkas-2021"]
    code, out, _ = run(capsys, "policies", "--lang", "es")
    assert "* enforcement-2025" in out and "vigente" in out


def test_the_console_script_runs_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person: {name: Ana Ficticia, a_number: nope}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "ddkit.cli", "assess", str(bad), "--lang", "es"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "person.a_number: se espera un número A" in proc.stderr
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ many cases in one run


def test_many_files_print_each_assessment_as_one_file_alone_would(capsys):
    paths = [str(p) for p in practice_case_files()[:3]]
    code, out, err = run(capsys, "assess", *paths, "--on", "2026-12-01", "--format", "json")
    assert code == 0 and err == ""
    listed = json.loads(out)
    assert [item["file"] for item in listed] == paths
    for path, item in zip(paths, listed, strict=True):
        _, alone, _ = run(capsys, "assess", path, "--on", "2026-12-01", "--format", "json")
        assert item["assessment"] == json.loads(alone)


def test_a_folder_is_every_case_file_in_it_in_order_with_headings(capsys, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in practice_case_files():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "older").mkdir()  # a subfolder is not looked into
    (folder / "older" / "00_old.yaml").write_text("person: {name: Ana Ficticia}\n")
    code, out, err = run(capsys, "assess", str(folder), "--on", "2026-12-01", "--lang", "es")
    assert code == 0 and err == ""
    headings = [line for line in out.splitlines() if line.startswith("== ")]
    expected = sorted(p.name for p in practice_case_files())
    assert headings == [f"== {name} ==" for name in expected]
    assert out.count("no es asesoría legal") == len(expected)  # each one whole, in Spanish
    code, out, _ = run(capsys, "assess", str(folder), "--format", "markdown", "--on", "2026-12-01")
    assert out.startswith(f"# {expected[0]}\n## Assessment on 2026-12-01")


def test_the_shipped_practice_cases_folder_assesses_cleanly(capsys):
    folder = practice_case_files()[0].parent  # as a trainer would type it
    code, out, err = run(capsys, "assess", str(folder), "--format", "json", "--on", "2026-12-01")
    assert code == 0 and err == ""  # its answers live in a subfolder, not among the cases
    assert [Path(item["file"]).name for item in json.loads(out)] == [
        p.name for p in practice_case_files()
    ]


def test_a_bad_file_among_good_ones_is_named_and_the_others_still_assessed(capsys, tmp_path):
    good = practice_case_files()[0]
    (tmp_path / "a_good.yaml").write_bytes(good.read_bytes())
    (tmp_path / "b_bad.yaml").write_text(BAD_FILES["bad_a_number"])
    (tmp_path / "c_good.json").write_text(json.dumps({"person": {"name": "Ana Ficticia"}}))
    (tmp_path / "notes.txt").write_text("not a case")  # not a case file: left alone
    code, out, err = run(capsys, "assess", str(tmp_path), "--format", "json")
    assert code == 2
    assert [Path(item["file"]).name for item in json.loads(out)] == ["a_good.yaml", "c_good.json"]
    assert err.startswith("b_bad.yaml has problems:") and EXPECTED_WORDS["bad_a_number"] in err
    assert "notes.txt" not in err and "Traceback" not in err


def test_a_folder_without_case_files_is_said_plainly(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing to assess")
    code, out, err = run(capsys, "assess", str(tmp_path))
    assert code == 2 and out == ""
    assert err.strip() == f"{tmp_path.name} has no case files (.yaml, .yml or .json)."
    code, _, err = run(capsys, "assess", str(tmp_path), "--lang", "es")
    assert "no tiene archivos de casos" in err


def test_a_folder_that_cannot_be_read_is_said_plainly(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(
        Path, "iterdir", refuse
    )  # as for a folder of another user (tests run as root)
    code, out, err = run(capsys, "assess", str(folder))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip() == "locked cannot be read (check that the folder is yours and exists)."
