"""The test deployment: the real ``deploy/jupyterhub`` configuration on this machine only.

``make hub`` runs it (``python -m ddkit.org.testhub``), and so do the hub tests and the load
bench. It is the deployment's own ``jupyterhub_config.py`` plus what a single machine needs:
JupyterHub on 127.0.0.1, configurable-http-proxy from the checkout's ``build/node``, every
person's server as a process of this user (``SimpleLocalProcessSpawner``: fine for a test,
not for an organization, see ``deploy/jupyterhub/README.md``), and the hub's state in one
folder.

People are added the way an organization adds them: a PostgreSQL role with ``ddkit org
add-user``, a sign-up on the hub's own page, the administrator's approval, a hub group.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ddkit.org.hub import DEPLOY, ROOT

CHP = ROOT / "build" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
ADMIN = "admin"
PORT_TRIES = 3  # starts of the hub when a port it was given is taken meanwhile
READY_S = 240  # a loaded 2-core machine starts the hub and the proxy slowly
TEST_SCOPES = ["admin:users", "admin:groups", "admin:servers", "access:servers", "read:users",
               "list:services", "read:services"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalHub:
    """JupyterHub with the deployment's configuration, on 127.0.0.1, in ``state``.

    Args:
        state: the hub's folder (its database, cookie secret, logs, people's homes).
        admin_url: the organization database's administrator URL (``ddkit org init`` done).
        key_file: the organization's master key file (mode 600).
        groups: hub group -> user names, loaded at start (as an administrator would set).
        settings: extra lines of hub configuration (a test's lock-out count, say).
    """

    def __init__(self, state: Path, admin_url: str, key_file: Path,
                 groups: dict[str, list[str]] | None = None, settings: str = "",
                 port: int | None = None):  # fmt: skip
        self.state = Path(state)
        self.admin_url, self.key_file = admin_url, Path(key_file)
        self.groups = groups or {}
        self.settings = settings
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.proc: subprocess.Popen | None = None
        self.children: list = []
        self.log_path = self.state / "hub.log"

    # ------------------------------------------------------------ start and stop

    def config_text(self) -> str:
        home = self.state / "home" / "{username}"
        groups = {name: {"users": users} for name, users in self.groups.items()}
        return f"""\
# Written by ddkit.org.testhub: the deployment's configuration, on this machine only.
c = get_config()  # noqa: F821
load_subconfig({str(DEPLOY / "jupyterhub_config.py")!r})  # noqa: F821
c.JupyterHub.bind_url = {self.url + "/"!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{str(CHP)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.db_url = {"sqlite:///" + str(self.state / "jupyterhub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(self.state / "jupyterhub_cookie_secret")!r}
c.JupyterHub.pid_file = {str(self.state / "jupyterhub.pid")!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(home)!r}
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {["--allow-root"] if os.getuid() == 0 else []!r}  # CI runs as root
c.Authenticator.admin_users = {{{ADMIN!r}}}
c.JupyterHub.load_groups = {{**c.JupyterHub.load_groups, **{groups!r}}}
c.JupyterHub.services.append({{"name": "ddkit-test", "api_token": {self.token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "ddkit-test", "scopes": {TEST_SCOPES!r}, "services": ["ddkit-test"]}}
)
{self.settings}
"""

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DDKIT_", "JUPYTER"))}
        env.update(
            DDKIT_ORG_ADMIN_URL=self.admin_url,
            DDKIT_KEY_FILE=str(self.key_file),
            DDKIT_HUB_DIR=str(self.state),
            DDKIT_HUB_ADMIN=ADMIN,
            PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        return env

    def start(self) -> LocalHub:
        """Start the hub and wait until it answers (or fail with the end of its log).

        The ports are picked free just before, so another process may take one first (a
        kernel starting elsewhere, say): then the hub is started again on new ports, twice at
        most, rather than failing every test that needs it."""
        if not CHP.exists():
            raise RuntimeError(f"no configurable-http-proxy at {CHP}: run make hub-deps")
        self.state.mkdir(parents=True, exist_ok=True, mode=0o700)
        for attempt in range(1, PORT_TRIES + 1):
            if self._start_once():
                return self
            taken = "address already in use" in self.log_tail().lower()  # the hub or its proxy
            if not taken or attempt == PORT_TRIES:
                break
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        raise RuntimeError("the hub stopped at start:\n" + self.log_tail())

    def _start_once(self) -> bool:
        """One start: ``True`` once it answers, ``False`` if it stopped (nothing of it left)."""
        (self.state / "jupyterhub_config.py").write_text(self.config_text(), encoding="utf-8")
        log = open(self.log_path, "a")  # noqa: SIM115 - the child writes to it; closed below
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
                cwd=self.state,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._stop_orphaned_proxy()  # it would hold its ports for the next start
                self.proc = None
                return False
            if self._healthy():
                return True
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("the hub did not answer in time:\n" + self.log_tail())

    def _stop_orphaned_proxy(self) -> None:
        """Stop the proxy of a hub that died at start: it runs in its own session, so it
        outlives the hub, and JupyterHub names it in ``jupyterhub-proxy.pid``."""
        import psutil

        try:
            proxy = psutil.Process(int((self.state / "jupyterhub-proxy.pid").read_text()))
            if "configurable-http-proxy" in " ".join(proxy.cmdline()):
                proxy.kill()
        except (OSError, ValueError, psutil.Error):
            pass

    def _healthy(self) -> bool:
        import requests

        try:
            return requests.get(self.url + "/hub/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Stop the hub (it stops everyone's server), then anything of it still running."""
        import psutil

        if self.proc is None:
            return
        try:
            self.children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            self.children = []
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for child in self.children:  # servers outlive a hub that was killed
            try:
                child.kill()
            except psutil.Error:
                pass
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # ------------------------------------------------------------ the hub's API

    def api(self, method: str, path: str, **kwargs):
        import requests

        return requests.request(
            method, self.url + "/hub/api" + path,
            headers={"Authorization": f"token {self.token}"}, timeout=60, **kwargs,
        )  # fmt: skip

    def add_to_group(self, name: str, group: str) -> None:
        if self.api("GET", f"/users/{name}").status_code == 404:  # not signed in yet
            self.api("POST", f"/users/{name}").raise_for_status()
        self.api("POST", f"/groups/{group}/users", json={"users": [name]}).raise_for_status()

    def stop_server(self, name: str) -> None:
        """Stop ``name``'s server and wait until the hub says it is gone."""
        self.api("DELETE", f"/users/{name}/server")
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{name}").json()
            if not model.get("servers"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{name}'s server did not stop")

    def server_pid(self, name: str) -> int | None:
        """The process id of ``name``'s running server (this machine's spawner keeps it)."""
        model = self.api("GET", f"/users/{name}").json()
        state = (model.get("servers") or {}).get("", {}).get("state") or {}
        return state.get("pid")

    # ------------------------------------------------------------ people

    def session(self):
        """A new browser-like HTTP session on the hub (cookies kept)."""
        import requests

        return requests.Session()

    def form(self, session, path: str, data: dict, allow_redirects: bool = True):
        """Post a hub form as its page would (with the page's XSRF token)."""
        page = session.get(self.url + path, timeout=60)
        found = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        fields = dict(data)
        if found:
            fields["_xsrf"] = found.group(1)
        return session.post(self.url + path, data=fields, timeout=120,
                            allow_redirects=allow_redirects)  # fmt: skip

    def sign_up(self, name: str, password: str, two_factor: bool = False):
        data = {"username": name, "signup_password": password,
                "signup_password_confirmation": password}  # fmt: skip
        if two_factor:
            data["2fa"] = "on"
        return self.form(self.session(), "/hub/signup", data)

    def sign_in(self, name: str, password: str, session=None):
        """Sign in on the hub's login page; returns ``(session, response)``."""
        session = session or self.session()
        answer = self.form(session, "/hub/login", {"username": name, "password": password})
        return session, answer

    def admin_session(self, password: str):
        session, answer = self.sign_in(ADMIN, password)
        if "hub/login" in answer.url:
            raise RuntimeError("the administrator could not sign in")
        return session

    def approve(self, admin, name: str) -> None:
        """Approve a waiting sign-up, as the administrator does at /hub/authorize (the link
        there switches approval on and off)."""
        admin.get(self.url + f"/hub/authorize/{name}", timeout=60).raise_for_status()

    def add_person(self, admin, name: str, password: str, group: str | None,
                   role: str | None) -> None:  # fmt: skip
        """Everything an organization does for a newcomer: role, sign-up, approval, group."""
        from ddkit.org.admin import add_user

        if role:
            add_user(self.admin_url, name, role)
        self.sign_up(name, password)
        self.approve(admin, name)
        if group:
            self.add_to_group(name, group)


# ---------------------------------------------------------------- make hub


def _prepare(server_url: str, state: Path) -> tuple[str, Path]:
    """The organization database ``ddkit_hub`` on ``server_url`` and its key file."""
    import psycopg

    from ddkit.org.admin import init_org
    from ddkit.org.db import admin_url, libpq_url
    from ddkit.store.crypto import create_key_file, read_key_file

    server_url = admin_url(server_url)
    with psycopg.connect(libpq_url(server_url), autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = 'ddkit_hub'").fetchone():
            con.execute("CREATE DATABASE ddkit_hub")
    url = server_url.rsplit("/", 1)[0] + "/ddkit_hub"
    key = state / "master.key"
    if not key.exists():
        create_key_file(key)
    init_org(url, read_key_file(key))
    return url, key


def main(argv: list[str] | None = None) -> int:
    """``make hub``: the test deployment with practice accounts, until Ctrl+C."""
    import argparse

    parser = argparse.ArgumentParser(prog="make hub", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DDKIT_HUB_DATABASE_URL")
                        or os.environ.get("DDKIT_TEST_POSTGRES_URL"))  # fmt: skip
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not args.database_url:
        print("make hub needs a PostgreSQL server: DDKIT_HUB_DATABASE_URL=postgresql://"
              "postgres@127.0.0.1:5432/postgres make hub", file=sys.stderr)  # fmt: skip
        return 2
    state = ROOT / "build" / "hub"
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    url, key = _prepare(args.database_url, state)
    hub = LocalHub(state, url, key, port=args.port).start()
    accounts = state / "accounts.json"
    try:
        people = json.loads(accounts.read_text()) if accounts.exists() else {}
        if not people:
            people = {name: secrets.token_urlsafe(12) for name in (ADMIN, "ana", "cora")}
            hub.sign_up(ADMIN, people[ADMIN])
            admin = hub.admin_session(people[ADMIN])
            hub.add_person(admin, "ana", people["ana"], "intake", "volunteer")
            hub.add_person(admin, "cora", people["cora"], "committee", "coordinator")
            from ddkit.paths import open_private

            with open_private(accounts, "w") as handle:
                json.dump(people, handle)
        print(f"\nThe test hub is at {hub.url}/  (Ctrl+C stops it)")
        print("Practice accounts (also in build/hub/accounts.json):")
        roles = {ADMIN: "hub administrator", "ana": "intake volunteer",
                 "cora": "committee coordinator"}  # fmt: skip
        for name, password in people.items():
            print(f"  {name:6} {password}   {roles.get(name, '')}")
        sys.stdout.flush()
        while hub.proc.poll() is None:
            time.sleep(1)
        return hub.proc.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        hub.stop()


if __name__ == "__main__":
    sys.exit(main())
