"""Names on the organization server: user names, and the PostgreSQL roles behind them.

PostgreSQL roles belong to the whole database server, not to one database, and a server may
already have roles with powers (``postgres``). So every role the kit makes carries the
organization's *prefix* (from its database name, kept in the store at ``org init``):

- groups ``<prefix>_members``, ``<prefix>_volunteers``, ``<prefix>_coordinators`` (no login);
- one login role ``<prefix>.<name>`` per hub user. A user name has no ``.``, so a user role can
  never be mistaken for a group, nor a hub user named ``postgres`` for the server's superuser.
"""

from __future__ import annotations

import re

from ddkit.errors import UserError

ROLES = ("volunteer", "coordinator")
MAX_NAME = 32
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_PREFIX_CHARS = re.compile(r"[^a-z0-9_]")
MAX_PREFIX = 24


def check_name(name: str) -> str:
    """A hub user name as the organization keeps it: 1 to 32 of ``a-z 0-9 _ -``, lower case.

    The same rule is the hub's ``username_pattern``, so every hub user can have a role.

    >>> check_name(" Ana ")
    'ana'
    >>> check_name("ana.b")
    Traceback (most recent call last):
    ddkit.errors.UserError: org.error.bad_name
    """
    cleaned = name.strip().lower() if isinstance(name, str) else ""
    if not _NAME.match(cleaned):
        raise UserError("org.error.bad_name", max=MAX_NAME)
    return cleaned


def check_role(role: str) -> str:
    """``volunteer`` or ``coordinator``."""
    if role not in ROLES:
        raise UserError("org.error.bad_role")
    return role


def prefix_for(database: str) -> str:
    """The role prefix for an organization whose database is called ``database``.

    >>> prefix_for("Rapid-Response Network 2026")
    'rapid_response_network_2'
    """
    cleaned = _PREFIX_CHARS.sub("_", database.lower()).strip("_")[:MAX_PREFIX].rstrip("_")
    return cleaned or "ddkit"


def user_role(prefix: str, name: str) -> str:
    """The login role of hub user ``name``.

    >>> user_role("rrn", "ana")
    'rrn.ana'
    """
    return f"{prefix}.{check_name(name)}"


def group_role(prefix: str, group: str) -> str:
    """A group role: ``members``, ``volunteers`` or ``coordinators``.

    >>> group_role("rrn", "coordinators")
    'rrn_coordinators'
    """
    return f"{prefix}_{group}"


def name_of(prefix: str, role: str | None) -> str | None:
    """The hub user name inside a role name; any other role is shown whole (the admin's).

    >>> name_of("rrn", "rrn.ana"), name_of("rrn", "postgres"), name_of("rrn", None)
    ('ana', 'postgres', None)
    """
    if role is None:
        return None
    head = prefix + "."
    return role[len(head) :] if role.startswith(head) else role
