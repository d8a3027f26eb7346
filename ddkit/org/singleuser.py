"""Inside an intake volunteer's own server (started by the hub): only what the intake app needs.

JupyterHub's single-user server is a whole Jupyter server. For the ``intake`` group the kit
keeps only the Voilà app: its page, and the kernel it talks to. Every other Jupyter API (the
files and their contents, terminals, sessions, notebook conversion, settings) answers 403,
whatever the page asks, and JupyterLab is not loaded at all (``server/intake/``).
"""

from __future__ import annotations

from jupyterhub.singleuser.extension import JupyterHubAuthorizer

# The Jupyter resources the Voilà intake app uses: its kernel, the kernel's description, and
# the server's status. The kernel itself accepts only widget messages (no code, DEP-2).
INTAKE_RESOURCES = frozenset({"kernels", "kernelspecs", "api"})


class IntakeAuthorizer(JupyterHubAuthorizer):
    """The hub's check (is this the server's own user?), then: only the intake app's resources."""

    def is_authorized(self, handler, user, action, resource) -> bool:
        if resource not in INTAKE_RESOURCES:
            self.log.warning("refused for an intake server: %s %s", action, resource)
            return False
        return super().is_authorized(handler, user, action, resource)
