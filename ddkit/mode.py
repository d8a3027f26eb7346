"""Demo mode: on Binder or another public host the kit holds fictional data only.

Binder's own FAQ says never to share sensitive information there (SECURITY.md finding 12).
In demo mode nothing real is stored: the store is in memory and saving real data is refused.
"""

from __future__ import annotations

import os

# Environment variables that mybinder.org / BinderHub sessions carry.
_BINDER_VARS = ("BINDER_SERVICE_HOST", "BINDER_REPO_URL", "BINDER_REF_URL", "BINDER_LAUNCH_HOST")


def on_binder(environ: dict[str, str] | None = None) -> bool:
    """Whether this looks like a Binder session.

    >>> on_binder({"BINDER_SERVICE_HOST": "10.0.0.1"})
    True
    >>> on_binder({})
    False
    """
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in _BINDER_VARS):
        return True
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX", "")
    return "binder" in env.get("JUPYTERHUB_BASE_URL", "") or prefix.startswith("/binder/")


def is_demo(environ: dict[str, str] | None = None) -> bool:
    """Whether the kit runs in demo mode (Binder, or ``DDKIT_DEMO=1``; ``DDKIT_DEMO=0`` never).

    >>> is_demo({"DDKIT_DEMO": "1"})
    True
    >>> is_demo({"DDKIT_DEMO": "0", "BINDER_SERVICE_HOST": "x"})
    False
    """
    env = os.environ if environ is None else environ
    forced = env.get("DDKIT_DEMO", "").strip().lower()
    if forced in ("1", "true", "yes"):
        return True
    if forced in ("0", "false", "no"):
        return False
    return on_binder(env)
