"""The organization server for the hub tests: a real JupyterHub on 127.0.0.1 with the
deployment's configuration, configurable-http-proxy, and a throwaway organization database on
the test PostgreSQL server.

Three people, added the way an organization adds them (``ddkit org add-user``, sign-up on the
hub's page, the administrator's approval, a hub group): volunteers ana and bea (``intake``)
and coordinator cora (``committee``), plus the hub's administrator. Ana and Bea each have one
case saved under their own role before any test runs, so that no test depends on another.
Everyone here is fictional.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.org_helpers import PASSPHRASE, SERVER, as_user, libpq, org_database

IN_CI = os.environ.get("CI", "").lower() == "true"
PEOPLE = {"ana": ("intake", "volunteer"), "bea": ("intake", "volunteer"),
          "cora": ("committee", "coordinator")}  # fmt: skip


def missing(reason: str):
    """Skip with the reason on a developer's machine; under CI a missing piece fails."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@dataclass
class World:
    """The running organization server and what the tests need to know about it."""

    hub: object
    url: str  # the organization database's administrator URL
    passwords: dict[str, str]
    cases: dict[str, str] = field(default_factory=dict)  # person -> their seeded case id
    names: dict[str, str] = field(default_factory=dict)  # person -> that case's person name

    def store(self, name: str):
        """The case store as ``name``'s own role (the test server trusts local roles)."""
        from ddkit.store import open_store

        return open_store(as_user(self.url, name), PASSPHRASE)

    def sql(self, name: str | None = None, url: str | None = None):
        import psycopg

        target = url or (as_user(self.url, name) if name else self.url)
        return psycopg.connect(libpq(target), autocommit=True)

    def start_server(self, name: str) -> int:
        """Start ``name``'s server through the hub (as signing in would); its process id."""
        import time

        hub = self.hub
        hub.api("POST", f"/users/{name}/server")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            model = hub.api("GET", f"/users/{name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return server["state"]["pid"]
            time.sleep(0.5)
        raise RuntimeError(f"{name}'s server did not start:\n{hub.log_tail()}")

    def server_environment(self, name: str) -> dict[str, str]:
        """The environment ``name``'s running server was given by the hub."""
        pid = self.start_server(name)
        raw = Path(f"/proc/{pid}/environ").read_bytes()
        pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
        return {k.decode(): v.decode() for k, v in pairs}


def check_prerequisites() -> None:
    from ddkit.org.testhub import CHP

    if not SERVER:
        missing("set DDKIT_TEST_POSTGRES_URL to a PostgreSQL server to run the hub tests")
    if not CHP.exists():
        missing(f"no configurable-http-proxy at {CHP} (run make hub-deps)")


@contextmanager
def running_world(state: Path):
    """The organization database, the hub, its people and their seeded cases."""
    from ddkit.case import load_case
    from ddkit.org.admin import init_org
    from ddkit.org.testhub import ADMIN, LocalHub
    from tests.conftest import practice_case_files

    check_prerequisites()
    key = state / "master.key"
    state.mkdir(parents=True, exist_ok=True)
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    key.chmod(0o600)
    passwords = {name: f"{name} practice password {secrets.token_hex(4)}"
                 for name in (ADMIN, *PEOPLE)}  # fmt: skip
    with org_database() as url:
        init_org(url, PASSPHRASE)
        hub = LocalHub(state / "hub", url, key, groups={"intake": [], "committee": []})
        hub.start()
        try:
            hub.sign_up(ADMIN, passwords[ADMIN])
            admin = hub.admin_session(passwords[ADMIN])
            for name, (group, role) in PEOPLE.items():
                hub.add_person(admin, name, passwords[name], group, role)
            world = World(hub, url, passwords)
            files = practice_case_files()
            for name, path in (("ana", files[0]), ("bea", files[1])):
                case = load_case(path)
                with world.store(name) as store:
                    world.cases[name] = store.save(case, idempotency_key=f"seed-{name}")
                world.names[name] = case.person.name
            yield world
        finally:
            hub.stop()
