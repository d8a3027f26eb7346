"""``ddkit org`` without a server: a laptop's store is refused plainly, and names are checked."""

from __future__ import annotations

import pytest

from ddkit.cli import main


@pytest.mark.parametrize("url", ["sqlite:////tmp/x/store.db", "/home/ana/store.db", ""])
def test_every_org_command_refuses_a_laptop_store(url, monkeypatch, capsys):
    monkeypatch.delenv("DDKIT_ORG_ADMIN_URL", raising=False)
    for argv in (["init"], ["add-user", "ana", "--role", "volunteer"], ["remove-user", "ana"],
                 ["assign", "0" * 32, "ana"], ["audit"], ["users"]):  # fmt: skip
        assert main(["org", *argv, "--database-url", url]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert ("SQLite" in err) if url else ("--database-url" in err)


@pytest.mark.parametrize("name", ["", "ana.b", "postgres;drop", "_ana", "x" * 33, "ana b"])
def test_a_bad_user_name_is_refused_before_any_connection(name, capsys):
    url = "postgresql://nobody@127.0.0.1:1/nothing"  # never reached: the name fails first
    assert main(["org", "add-user", name, "--role", "volunteer", "--database-url", url]) == 2
    assert "1 to 32 characters" in capsys.readouterr().err
