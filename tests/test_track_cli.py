"""`ddkit track` on the encrypted case store: log, mark done, undo, show, export, import."""

import json

import pytest

from ddkit.cli import main
from ddkit.store.codes import case_code
from tests.test_store import PASSPHRASE, fictional_case, open_test_store


@pytest.fixture
def case_id(tmp_path, monkeypatch):
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    with open_test_store(tmp_path / "ddkit-data" / "store.db") as store:
        return store.save(fictional_case(1))


def test_log_show_done_and_undo_by_the_case_code(case_id, capsys):
    code = case_code(case_id)
    assert main(["track", "call", "--case-id", code, "--count", "3", "--on", "2026-11-30"]) == 0
    assert main(["track", "letter", "--case-id", code, "--kind", "faith_leader"]) == 0
    assert main(["track", "done", "--case-id", code, "--task", "legal_consult"]) == 0
    out = capsys.readouterr().out
    assert f"Logged 3 for {code} on 2026-11-30: calls." in out and "Legal consult" in out
    assert main(["track", "show", "--case-id", case_id, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["calls"] == {"2026-11-30": 3}
    assert data["done"][0]["task"] == "legal_consult"
    assert "caller" not in data["entries"][0]  # ids and counts only: no names on the screen
    entry = next(e["id"] for e in data["entries"] if e["what"] == "action")
    assert main(["track", "undo", "--case-id", code, "--entry", entry]) == 0
    assert main(["track", "show", "--case-id", code, "--lang", "es"]) == 0
    assert "Tareas del plan hechas: 0" in capsys.readouterr().out


def test_the_callers_name_is_asked_never_an_option(case_id, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Ana Ficticia\nA note\n"))
    assert main(["track", "call", "--case-id", case_id, "--details"]) == 0
    with open_test_store(tmp_path / "ddkit-data" / "store.db") as store:
        [entry] = store.tracker(case_id).entries
    assert (entry.caller, entry.note) == ("Ana Ficticia", "A note")
    with pytest.raises(SystemExit):
        main(["track", "call", "--case-id", case_id, "--caller", "Ana"])


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["call", "--case-id", "Ana María"], "That is not a case code"),
        (["call"], "code or id"),
        (["done", "--task", "wash_the_car"], "not a task of this case's plan"),
        (["letter"], "Give the letter kind"),
        (["letter", "--kind", "cousin"], "family_member"),
        (["call", "--count", "0"], "--count"),
        (["call", "--on", "2026-13-01"], "YYYY-MM-DD"),
        (["call", "--on", "2999-01-01"], "future"),
        (["undo", "--entry", "0" * 32], "No such entry"),
        (["export", "--format", "json"], "csv or xlsx"),
        (["import", "case-0042"], "no old tracker file"),
    ],
)
def test_bad_input_gets_a_plain_message(case_id, capsys, argv, says):
    if "--case-id" not in argv and argv != ["call"] and argv[0] != "export":
        argv = [*argv, "--case-id", case_id]
    assert main(["track", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and "Ana" not in err


def test_export_writes_a_private_spreadsheet(case_id, tmp_path, capsys):
    assert main(["track", "signature", "--case-id", case_id, "--count", "12"]) == 0
    assert main(["track", "export", "-o", str(tmp_path), "--format", "xlsx"]) == 0
    path = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("Wrote ")
    assert path.endswith(".xlsx") and "trackers-" in path
