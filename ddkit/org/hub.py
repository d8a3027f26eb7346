"""The hub's side of the organization server: what each signed-in person's server gets.

``deploy/jupyterhub/jupyterhub_config.py`` calls :func:`pre_spawn_hook` before it starts a
person's own server. The hook:

- decides where they land from their hub group (:func:`kind_of`): ``intake`` gets the Voilà
  intake app and nothing else; ``committee`` (and ``admin``) the campaign app, plus JupyterLab
  on the workshop; someone in no group gets no server, with a plain message;
- gives that server a fresh password for the person's own PostgreSQL login role (made by
  ``ddkit org add-user``). Only its SCRAM verifier goes to PostgreSQL, so the password is in
  no server log; the password itself reaches the person's server through its environment
  only, never through a file;
- gives it the organization's master key the same way (the hub reads the key file; the user
  servers never need to read it), and the kit's safeguards for Jupyter (config folders in
  ``deploy/jupyterhub/server/``).

Nothing here imports JupyterHub: the hook only sets attributes of the spawner it is given.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from ddkit.org.names import check_name, user_role

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy" / "jupyterhub"
GROUPS = ("intake", "committee", "admin")
# Where each kind of person lands, under /user/<name>/ (the notebooks' paths in their folder).
LANDING = {
    "intake": "/voila/render/intake.ipynb",
    "committee": "/voila/render/apps/campaign.ipynb",
}
# Sign-in (NativeAuthenticator): the shortest password, and the lock-out after wrong ones.
MIN_PASSWORD = 12
FAILED_LOGINS = 5
LOCKOUT_S = 600
SCRAM_ITERATIONS = 4096  # PostgreSQL's own default for scram-sha-256

# What a person sees when their server cannot start (JupyterHub shows it on its page). The
# hub does not know their language, so both are said.
NO_GROUP = (
    "Your account is approved but has no place in the organization yet: ask a coordinator to "
    "add you to intake or committee. / Tu cuenta está aprobada pero aún no tiene un lugar en "
    "la organización: pide a una coordinadora que te añada a intake o committee."
)
NO_ROLE = (
    "Your account has no access to the organization's cases yet: ask a coordinator to run "
    "ddkit org add-user for you. / Tu cuenta aún no tiene acceso a los casos de la "
    "organización: pide a una coordinadora que ejecute ddkit org add-user para ti."
)


class SpawnRefused(Exception):
    """A person's server is not started; the message is theirs to read (no secret in it)."""


def _shown(message: str):
    """The error JupyterHub shows as it is, on its error page and its spawn-pending page."""
    from tornado import web

    error = web.HTTPError(403, message.replace("%", "%%"))
    error.jupyterhub_message = message
    return error


@dataclass(frozen=True)
class HubSettings:
    """What the hub needs to know, from its environment (see ``deploy/jupyterhub/README.md``).

    Attributes:
        admin_url: the administrator's PostgreSQL URL (``DDKIT_ORG_ADMIN_URL``).
        key_file: the organization's master key file, mode 600 (``DDKIT_KEY_FILE``).
        workshop: the folder committee members open in JupyterLab (``DDKIT_HUB_WORKSHOP``,
            default: the checkout's ``notebooks/``).
        state: a folder of the hub's own (``DDKIT_HUB_DIR``): the intake app's one-notebook
            folder is made there.
    """

    admin_url: str
    key_file: Path
    workshop: Path
    state: Path

    @classmethod
    def from_env(cls, environ: dict | None = None) -> HubSettings:
        from ddkit.org.db import admin_url

        env = os.environ if environ is None else environ
        return cls(
            admin_url=admin_url(env.get("DDKIT_ORG_ADMIN_URL") or None),
            key_file=Path(env.get("DDKIT_KEY_FILE") or "/etc/ddkit/master.key"),
            workshop=Path(env.get("DDKIT_HUB_WORKSHOP") or ROOT / "notebooks"),
            state=Path(env.get("DDKIT_HUB_DIR") or "/srv/ddkit"),
        )


def kind_of(groups) -> str | None:
    """Where a person with these hub groups lands: ``committee``, ``intake`` or ``None``.

    The wider group wins: an admin or committee member gets the campaign app and JupyterLab.

    >>> kind_of(["intake"]), kind_of(["intake", "committee"]), kind_of(["admin"]), kind_of([])
    ('intake', 'committee', 'committee', None)
    """
    names = set(groups)
    if names & {"committee", "admin"}:
        return "committee"
    if "intake" in names:
        return "intake"
    return None


def scram_verifier(password: str, salt: bytes | None = None,
                   iterations: int = SCRAM_ITERATIONS) -> str:  # fmt: skip
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802, RFC 7677).

    Sending the verifier instead of the password keeps the password out of the server's
    logs and statistics.

    >>> scram_verifier("pencil", salt=b"0123456789abcdef").split("$")[0]
    'SCRAM-SHA-256'
    """
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def set_password(admin: str, name: str) -> tuple[str, str]:
    """Give ``name``'s login role a new random password; returns ``(role, password)``.

    Raises :class:`SpawnRefused` when the person has no role (never added, or removed).
    """
    from ddkit.org.admin import org_prefix, role_of
    from ddkit.org.db import connect
    from ddkit.org.policies import _id

    password = secrets.token_urlsafe(32)
    with connect(admin) as con, con.cursor() as cur:
        prefix = org_prefix(cur)
        if role_of(cur, prefix, name) is None:
            raise SpawnRefused(NO_ROLE)
        role = user_role(prefix, name)
        verifier = scram_verifier(password).replace("'", "''")  # base64: never has a quote
        cur.execute(f"ALTER ROLE {_id(role)} PASSWORD '{verifier}'")
    return role, password


def intake_folder(state: Path) -> Path:
    """The folder an intake server serves: the intake app's notebook and nothing else."""
    folder = state / "apps" / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "notebooks" / "apps" / "intake.ipynb", folder / "intake.ipynb")
    return folder


def server_environment(settings: HubSettings, kind: str, role: str, password: str,
                       passphrase: str) -> dict[str, str]:  # fmt: skip
    """The environment of a person's server and its kernels (their only secrets)."""
    from ddkit.org.db import url_for

    return {
        "DDKIT_DATABASE_URL": url_for(settings.admin_url, role, password),
        "DDKIT_PASSPHRASE": passphrase,
        "DDKIT_DEMO": "0",
        "DDKIT_HUB": "1",
        # The kit's Jupyter settings (one folder per kind) and a kernel without history.
        "JUPYTER_CONFIG_PATH": str(DEPLOY / "server" / kind),
        "JUPYTER_PATH": str(DEPLOY / "share" / "jupyter"),
    }


async def pre_spawn_hook(spawner, settings: HubSettings | None = None) -> None:
    """Prepare ``spawner`` for its person: landing, folder, database role, master key.

    Raises:
        tornado.web.HTTPError: 403 for someone in no group or with no role in the
            organization's database, with a message JupyterHub shows them as it is.
    """
    from ddkit.store.crypto import read_key_file

    settings = settings or HubSettings.from_env()
    try:
        name = check_name(spawner.user.name)
        kind = kind_of(group.name for group in spawner.user.groups)
        if kind is None:
            raise SpawnRefused(NO_GROUP)
        role, password = await asyncio.to_thread(set_password, settings.admin_url, name)
    except SpawnRefused as refused:
        raise _shown(str(refused)) from None
    passphrase = read_key_file(settings.key_file)
    # A new dict: the configured one may be shared by every spawner.
    spawner.environment = {
        **spawner.environment,
        **server_environment(settings, kind, role, password, passphrase),
    }
    spawner.default_url = LANDING[kind]
    spawner.notebook_dir = str(
        intake_folder(settings.state) if kind == "intake" else settings.workshop
    )
    # An intake server reads no one's ~/.jupyter: nothing there can undo its limits.
    spawner.disable_user_config = kind == "intake"
