"""`ddkit assess` and `ddkit policies` from the shell: documented JSON, clear errors, exit 2."""

import json
import subprocess
import sys

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
