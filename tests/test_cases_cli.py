"""``ddkit cases``: import, list, show, export, purge from the shell. All people fictional."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date

import pytest
import yaml

from ddkit.case import case_to_dict, load_case
from ddkit.cli import main
from tests.conftest import practice_case_files
from tests.test_store import PASSPHRASE, open_test_store


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A store in the test's data folder, opened by the CLI through DDKIT_PASSPHRASE."""
    for name in ("DDKIT_KEY_FILE", "DDKIT_RETENTION_DAYS", "DDKIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    open_test_store(tmp_path / "ddkit-data" / "store.db").close()  # cheap Argon2id settings
    return tmp_path


@pytest.fixture
def files():
    return practice_case_files()[:3]


CODE = re.compile(r"^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$")  # no 0, O, 1 or I


def test_import_prints_the_new_code_and_the_same_file_twice_is_one_case(capsys, env, files):
    code, out, err = run(capsys, "cases", "import", str(files[0]))
    assert code == 0 and err == ""
    case_code = out.strip()
    assert CODE.match(case_code)
    assert run(capsys, "cases", "import", str(files[0]))[1].strip() == case_code
    code, out, _ = run(capsys, "cases", "list", "--format", "json")
    rows = json.loads(out)
    assert [row["code"] for row in rows] == [case_code] and len(rows[0]["id"]) == 32


def test_list_shows_summaries_without_names(capsys, env, files):
    codes = [run(capsys, "cases", "import", str(f))[1].strip() for f in files]
    code, out, _ = run(capsys, "cases", "list")
    assert code == 0
    for case_code in codes:
        assert case_code in out
    for path in files:
        case = load_case(path)
        assert case.person.name not in out
        assert (case.person.a_number or "A-none") not in out
    rows = json.loads(run(capsys, "cases", "list", "--format", "json")[1])
    assert set(rows[0]) == {
        "code", "id", "created", "updated", "stage", "detained", "fictional", "flags"
    }  # fmt: skip
    assert not any(len(word) == 32 for word in out.split())  # the long id stays internal
    code, out, _ = run(capsys, "cases", "list", "--lang", "es")
    assert "caso de práctica" in out


def test_an_empty_store_says_so(capsys, env):
    assert run(capsys, "cases", "list")[1].strip() == "The store holds no cases."


def test_show_prints_the_case_back_by_its_code_or_its_id(capsys, env, files):
    case_code = run(capsys, "cases", "import", str(files[0]))[1].strip()
    code, out, _ = run(capsys, "cases", "show", case_code)
    assert code == 0
    assert yaml.safe_load(out) == case_to_dict(load_case(files[0]))
    spoken = case_code.lower().replace("-", " ")  # as written down from a phone call
    code, out, _ = run(capsys, "cases", "show", spoken, "--format", "json")
    assert json.loads(out) == case_to_dict(load_case(files[0]))
    case_id = json.loads(run(capsys, "cases", "list", "--format", "json")[1])[0]["id"]
    assert (
        run(capsys, "cases", "show", case_id.upper())[1]
        == run(capsys, "cases", "show", case_code)[1]
    )


def test_a_code_that_is_not_there_or_not_a_code_says_so_in_words(capsys, env, files):
    run(capsys, "cases", "import", str(files[0]))
    code, out, err = run(capsys, "cases", "show", "ZZZ-ZZ9", "--lang", "es")
    assert code == 2 and out == "" and "ZZZ-ZZ9" in err and "código" in err
    code, _, err = run(capsys, "cases", "show", "K7M-0QX")  # a zero is never in a code
    assert code == 2 and "K7M-4QX" in err and "0QX" not in err and "Traceback" not in err


def test_export_writes_a_dated_redacted_file_and_full_on_request(capsys, env, files):
    for f in files:
        run(capsys, "cases", "import", str(f))
    code, out, err = run(capsys, "cases", "export")
    path = out.strip()
    assert code == 0 and err == ""
    assert path == str(env / "ddkit-data" / "exports" / f"cases-{date.today().isoformat()}.csv")
    text = open(path, encoding="utf-8-sig").read()
    assert load_case(files[0]).person.name not in text
    code, out, err = run(capsys, "cases", "export", "--full", "--format", "xlsx", "-o", str(env))
    assert out.strip().endswith(".xlsx") and os.path.dirname(out.strip()) == str(env)
    assert "A-numbers" in err  # the warning that comes with a full export


def test_purge_one_or_all(capsys, env, files):
    codes = [run(capsys, "cases", "import", str(f))[1].strip() for f in files]
    code, out, _ = run(capsys, "cases", "purge", codes[0])
    assert code == 0 and codes[0] in out
    code, _, err = run(capsys, "cases", "show", codes[0])
    assert code == 2 and "No case" in err
    code, _, err = run(capsys, "cases", "purge", "--all")  # not a terminal: needs --yes
    assert code == 2 and "--yes" in err
    code, out, _ = run(capsys, "cases", "purge", "--all", "--yes")
    assert code == 0 and "2" in out
    assert json.loads(run(capsys, "cases", "list", "--format", "json")[1]) == []
    code, _, err = run(capsys, "cases", "purge")
    assert code == 2 and "--all" in err


def test_withdrawing_consent_by_code_is_audited_and_ends_every_public_task(capsys, env, files):
    from ddkit.campaign.plan import plan

    case_code = run(capsys, "cases", "import", str(files[0]))[1].strip()
    code, out, _ = run(capsys, "cases", "withdraw-consent", case_code, "--on", "2026-12-02")
    assert code == 0 and case_code in out
    with open_test_store(env / "ddkit-data" / "store.db") as store:
        case_id = store.find(case_code)
        case = store.load(case_id)
        assert store.audit_log()[-1][1:] == (case_id, "consent_withdrawn")
    assert not case.consent.public_campaign and not case.consent.congressional_contact
    assert case.consent.withdrawn_on == date(2026, 12, 2)
    from ddkit.assess import assess

    table = plan(case, assess(case, date(2026, 12, 2)))
    assert not table["public"].any() and "congressional_inquiry" not in set(table["task"])


def test_the_summary_pdf_is_named_by_the_code_and_holds_no_a_number_by_default(capsys, env, files):
    import io

    import pypdf

    case = load_case(files[1])
    case_code = run(capsys, "cases", "import", str(files[1]))[1].strip()
    code, out, err = run(
        capsys, "cases", "summary", case_code, "--lang", "es", "--on", "2026-12-02"
    )
    path = out.strip()
    assert code == 0 and err == ""
    assert os.path.basename(path) == f"summary-{case_code}-20261202.pdf"
    assert os.stat(path).st_mode & 0o777 == 0o600
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert case_code in text and "Resumen del caso" in text
    assert case.person.name not in text and case.person.a_number[1:] not in text.replace("-", "")
    code, out, _ = run(
        capsys, "cases", "summary", case_code, "--include-identifiers", "-o", str(env)
    )
    text = pypdf.PdfReader(io.BytesIO(open(out.strip(), "rb").read())).pages[0].extract_text()
    assert case.person.name in " ".join(text.split())
    with open_test_store(env / "ddkit-data" / "store.db") as store:
        actions = [action for _, _, action in store.audit_log()]
    assert actions[-2:] == ["summary", "summary_ids"]


def test_purge_all_asks_in_a_terminal(capsys, env, files, monkeypatch):
    run(capsys, "cases", "import", str(files[0]))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert run(capsys, "cases", "purge", "--all")[0] == 1
    monkeypatch.setattr("builtins.input", lambda prompt: "sí")
    assert run(capsys, "cases", "purge", "--all", "--lang", "es")[0] == 0


def test_a_bad_case_file_or_id_exits_2_with_a_plain_message(capsys, env, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person:\n  a_number: A12\n")
    code, out, err = run(capsys, "cases", "import", str(bad))
    assert code == 2 and out == "" and "bad.yaml" in err and "Traceback" not in err
    code, _, err = run(capsys, "cases", "import", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err
    code, _, err = run(capsys, "cases", "show", "not-an-id")
    assert code == 2 and "Traceback" not in err


def test_a_wrong_or_missing_passphrase_exits_2_plainly(capsys, env, monkeypatch):
    monkeypatch.setenv("DDKIT_PASSPHRASE", "certainly not the passphrase")
    code, out, err = run(capsys, "cases", "list", "--lang", "es")
    assert (code, out) == (2, "")
    assert err.strip() == "Esa contraseña no abre este archivo de casos."
    monkeypatch.delenv("DDKIT_PASSPHRASE")
    code, _, err = run(capsys, "cases", "list")
    assert code == 2 and "DDKIT_PASSPHRASE" in err


def test_the_passphrase_is_asked_in_a_terminal_twice_for_a_new_store(capsys, tmp_path, monkeypatch):
    for name in ("DDKIT_PASSPHRASE", "DDKIT_KEY_FILE", "DDKIT_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter([PASSPHRASE, PASSPHRASE + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, _, err = run(capsys, "cases", "list", "--store", str(tmp_path / "new.db"))
    assert code == 2 and "different" in err
    answers = iter([PASSPHRASE, PASSPHRASE, PASSPHRASE])
    assert run(capsys, "cases", "list", "--store", str(tmp_path / "new.db"))[0] == 0
    assert run(capsys, "cases", "list", "--store", str(tmp_path / "new.db"))[0] == 0  # asked once


def test_a_key_file_made_by_the_kit_opens_the_store(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("DDKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    key = tmp_path / "ddkit.key"
    code, out, _ = run(capsys, "cases", "keyfile", str(key))
    assert code == 0 and str(key) in out and key.stat().st_mode & 0o777 == 0o600
    assert run(capsys, "cases", "keyfile", str(key))[0] == 2  # never overwritten
    monkeypatch.setenv("DDKIT_KEY_FILE", str(key))
    assert run(capsys, "cases", "list", "--store", str(tmp_path / "k.db"))[0] == 0


def test_demo_mode_says_nothing_is_kept(capsys, env, monkeypatch):
    monkeypatch.setenv("DDKIT_DEMO", "1")
    code, _, err = run(capsys, "cases", "list")
    assert code == 0 and "Demo mode" in err


def test_the_console_command_runs_without_a_traceback(env, files):
    result = subprocess.run(
        [sys.executable, "-m", "ddkit.cli", "cases", "import", str(files[0])],
        capture_output=True,
        text=True,
        env={**os.environ, "DDKIT_DATA_DIR": str(env / "ddkit-data")},
    )
    assert result.returncode == 0 and CODE.match(result.stdout.strip())
    assert result.stderr == ""
