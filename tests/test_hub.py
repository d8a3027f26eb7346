"""The organization server from the database's side (issue 12, sections 1-3): a real
JupyterHub started with the deployment's configuration (tests/hub_helpers.py), each person's
server given its own PostgreSQL role by the hub, and PostgreSQL refusing what it must.

Connected with the very credentials the hub gave a person's server, not with the test's own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = [pytest.mark.hub, pytest.mark.slow]


def _database(world) -> str:
    return world.url.rsplit("/", 1)[1]


def test_each_server_has_its_own_role_and_a_password_only_the_hub_and_it_know(hub_world):
    env = hub_world.server_environment("ana")
    given = urlsplit(env["DDKIT_DATABASE_URL"])
    assert unquote(given.username) == f"{_database(hub_world)}.ana"
    password = unquote(given.password or "")
    assert len(password) >= 32
    # Nothing of the hub's own reaches a person's server: not the administrator's URL, nor
    # where the master key is kept.
    assert not {"DDKIT_ORG_ADMIN_URL", "DDKIT_KEY_FILE", "DDKIT_HUB_DIR"} & set(env)
    assert env["JUPYTER_CONFIG_PATH"].endswith("server/intake")
    # PostgreSQL holds a SCRAM verifier of exactly that password (never the password).
    with hub_world.sql() as admin:
        (stored,) = admin.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (unquote(given.username),)
        ).fetchone()
    assert _scram_matches(stored, password)
    other = urlsplit(hub_world.server_environment("bea")["DDKIT_DATABASE_URL"])
    assert unquote(other.username).endswith(".bea") and other.password != given.password


def _scram_matches(stored: str, password: str) -> bool:
    method, rest = stored.split("$", 1)
    params, keys = rest.split("$")
    iterations, salt = params.split(":")
    stored_key, _server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                 int(iterations))  # fmt: skip
    client = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and hashlib.sha256(client).digest() == base64.b64decode(
        stored_key
    )


def test_as_b_s_role_a_s_rows_are_not_there_and_audit_rows_cannot_change(hub_world):
    import psycopg

    bea_url = hub_world.server_environment("bea")["DDKIT_DATABASE_URL"]
    a_case = hub_world.cases["ana"]
    with hub_world.sql(url=bea_url) as con:
        assert con.execute("SELECT current_user").fetchone()[0].endswith(".bea")
        assert con.execute("SELECT * FROM cases WHERE id = %s", (a_case,)).fetchall() == []
        assert con.execute("SELECT * FROM save_keys WHERE case_id = %s", (a_case,)).fetchall() == []
        ids = {row[0] for row in con.execute("SELECT id FROM cases").fetchall()}
        assert hub_world.cases["bea"] in ids and a_case not in ids
        assert con.execute("SELECT count(*) FROM audit").fetchone()[0] >= 1  # her own rows
        for statement in ("UPDATE audit SET action = 'changed'", "DELETE FROM audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(statement)
    with hub_world.sql() as admin:
        assert admin.execute("SELECT count(*) FROM audit WHERE case_id = %s",
                             (a_case,)).fetchone()[0] >= 1  # fmt: skip


def test_the_idle_culler_runs_as_a_hub_service(hub_world):
    services = hub_world.hub.api("GET", "/services").json()
    assert "idle-culler" in services
    assert "IdleCuller" in hub_world.hub.log_text()  # the culler's own log lines: it runs


def test_a_hub_whose_port_was_taken_meanwhile_starts_on_new_ports(tmp_path, monkeypatch):
    """The test hub's ports are picked free just before it starts; should another process
    take one first, the hub starts again on new ones instead of failing every hub test."""
    import socket

    from ddkit.org import testhub
    from ddkit.org.admin import init_org
    from tests.hub_helpers import check_prerequisites
    from tests.org_helpers import PASSPHRASE, org_database

    check_prerequisites()
    key = tmp_path / "master.key"
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    key.chmod(0o600)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        real = testhub.free_port
        # The first port is the proxy's, the second the hub's own: give it the taken one.
        given = iter([real(), taken.getsockname()[1]])
        monkeypatch.setattr(testhub, "free_port", lambda: next(given, None) or real())
        with org_database() as url:
            init_org(url, PASSPHRASE)
            hub = testhub.LocalHub(tmp_path / "hub", url, key, groups={"intake": []})
            try:
                hub.start()
                assert hub._healthy() and hub.port != taken.getsockname()[1]
                assert "address already in use" in hub.log_text().lower()
            finally:
                hub.stop()
