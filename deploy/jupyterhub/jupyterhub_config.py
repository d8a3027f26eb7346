# ddkit on JupyterHub: one server for an organization (README.md beside this file).
#
# A plain JupyterHub loads it with `jupyterhub -f jupyterhub_config.py`; The Littlest
# JupyterHub (TLJH) loads it from /opt/tljh/config/jupyterhub_config.d/. It sets sign-in,
# groups, each person's server and the idle culler; it leaves the proxy, the port, HTTPS and
# (under TLJH) the spawner to the installation.
#
# The hub reads, from its environment:
#   DDKIT_ORG_ADMIN_URL  the administrator's PostgreSQL URL (the role that ran ddkit org init)
#   DDKIT_KEY_FILE       the organization's master key file, mode 600 (/etc/ddkit/master.key)
#   DDKIT_HUB_DIR        a folder of the hub's own (/srv/ddkit)
#   DDKIT_HUB_WORKSHOP   the workshop notebooks committee members open in JupyterLab
#   DDKIT_HUB_ADMIN      the hub administrator's user name (admin)
import os
import sys

from ddkit.org.hub import (
    FAILED_LOGINS,
    GROUPS,
    LOCKOUT_S,
    MIN_PASSWORD,
    HubSettings,
    pre_spawn_hook,
)
from ddkit.org.names import MAX_NAME

c = get_config()  # noqa: F821
settings = HubSettings.from_env()

# ---------------------------------------------------------------- sign-in
# NativeAuthenticator: people sign up with a user name and a password; an administrator
# approves each sign-up at /hub/authorize before it can sign in.
c.JupyterHub.authenticator_class = "native"
c.NativeAuthenticator.open_signup = False  # every sign-up waits for approval
c.NativeAuthenticator.minimum_password_length = MIN_PASSWORD  # 12
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allow_2fa = True  # each person may turn on a TOTP code at sign-up
c.NativeAuthenticator.allowed_failed_logins = FAILED_LOGINS  # 5 wrong ones, then locked out
c.NativeAuthenticator.seconds_before_next_try = LOCKOUT_S  # for ten minutes
c.NativeAuthenticator.ask_email_on_signup = False  # the kit asks for nothing it does not need
c.Authenticator.allow_all = True  # NativeAuthenticator itself admits only approved people
c.Authenticator.admin_users = {os.environ.get("DDKIT_HUB_ADMIN", "admin")}
# The same names as `ddkit org add-user` takes, so every hub user can have a database role.
c.Authenticator.username_pattern = rf"^[a-z0-9][a-z0-9_-]{{0,{MAX_NAME - 1}}}$"
c.JupyterHub.cookie_max_age_days = 1  # sign in again every day on a shared laptop

# ---------------------------------------------------------------- groups
# intake: the Voilà intake app only. committee: the campaign app and JupyterLab on the
# workshop. admin: as committee, plus the hub's admin pages. Put people in them at
# /hub/admin; someone in no group gets no server.
c.JupyterHub.load_groups = {name: {"users": []} for name in GROUPS}

# ---------------------------------------------------------------- each person's server
# Their own PostgreSQL role and the master key come through the environment, set by the
# hook (ddkit.org.hub); the hub's own settings never reach a user's server.
c.Spawner.pre_spawn_hook = lambda spawner: pre_spawn_hook(spawner, settings)
c.Spawner.default_url = "/voila/render/intake.ipynb"  # the hook sets each person's own
c.Spawner.mem_limit = "1G"  # honoured by spawners that can (TLJH's systemd spawner)
c.Spawner.start_timeout = 300  # a loaded 2-core server starts a kernel slowly
c.Spawner.http_timeout = 300
c.JupyterHub.allow_named_servers = False
c.JupyterHub.shutdown_on_logout = True  # signing out stops the server and its kernels

# ---------------------------------------------------------------- idle culler
# A server unused for an hour is stopped; its next page starts a fresh one. Added to the
# services and roles the installation has (TLJH has its own), never replacing them.
c.JupyterHub.services.append(
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
)
c.JupyterHub.load_roles.append(
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
)

# ---------------------------------------------------------------- the hub itself
# Where the hub keeps its database and cookie secret is the installation's (TLJH: /opt/tljh/
# state; plain JupyterHub: the folder it starts in, README.md).
c.JupyterHub.tornado_settings.update(
    {
        "headers": {
            "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": "frame-ancestors 'none'",
        }
    }
)
