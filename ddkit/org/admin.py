"""What ``ddkit org`` does: set up the organization, add and remove people, assign cases, read
the audit log. Every function takes the administrator's URL (:func:`ddkit.org.db.admin_url`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from ddkit.errors import UserError
from ddkit.org import policies
from ddkit.org.db import connect, database_of
from ddkit.org.names import check_name, check_role, group_role, name_of, prefix_for, user_role

log = logging.getLogger("ddkit.org")
PREFIX_KEY = "org_prefix"


@dataclass(frozen=True)
class Member:
    """One person of the organization: hub user name and role."""

    name: str
    role: str  # volunteer | coordinator


def init_org(url: str, passphrase: str | None = None) -> str:
    """Create the store (with the master key) or check the key opens it, then the roles,
    identity columns, triggers, policies and grants. Safe to run again; returns the prefix.

    An existing store made with ``DDKIT_DATABASE_URL`` is brought over as it is: its cases
    have no creator, so only coordinators see them until they are assigned.
    """
    from ddkit.store import open_store

    open_store(url, passphrase, demo=False).close()  # tables and keys; wrong key fails here
    with connect(url) as con, con.cursor() as cur:
        prefix = _prefix(cur, url)
        invoker_views = con.info.server_version >= 150000  # see ddkit.store.migrate
        for statement in policies.all_statements(
            prefix, database_of(url), policies.case_keyed_tables(cur), invoker_views
        ):
            cur.execute(statement)
        cur.execute("DELETE FROM meta WHERE key = 'org_version'")
        cur.execute(
            "INSERT INTO meta (key, value) VALUES ('org_version', %s)",
            (str(policies.ORG_VERSION).encode(),),
        )
    return prefix


def _prefix(cur, url: str) -> str:
    row = cur.execute("SELECT value FROM meta WHERE key = %s", (PREFIX_KEY,)).fetchone()
    if row is not None:
        return bytes(row[0]).decode()
    prefix = prefix_for(database_of(url))
    cur.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", (PREFIX_KEY, prefix.encode()))
    return prefix


def org_prefix(cur) -> str:
    """The organization's role prefix; a database without ``ddkit org init`` is refused."""
    try:
        row = cur.execute("SELECT value FROM meta WHERE key = %s", (PREFIX_KEY,)).fetchone()
    except Exception:  # noqa: BLE001 - no meta table: not a store at all
        row = None
    if row is None:
        raise UserError("org.error.not_initialized")
    return bytes(row[0]).decode()


def _q(name: str) -> str:
    return policies._id(name)


def role_of(cur, prefix: str, name: str) -> str | None:
    """``volunteer``, ``coordinator`` or ``None`` for a user who is not (or no longer) here."""
    role = user_role(prefix, name)
    rows = cur.execute(
        "SELECT g.rolname FROM pg_roles u JOIN pg_auth_members m ON m.member = u.oid"
        " JOIN pg_roles g ON g.oid = m.roleid WHERE u.rolname = %s AND u.rolcanlogin",
        (role,),
    ).fetchall()
    groups = {r[0] for r in rows}
    if group_role(prefix, "coordinators") in groups:
        return "coordinator"
    if group_role(prefix, "volunteers") in groups:
        return "volunteer"
    return None


def add_user(url: str, name: str, role: str) -> Member:
    """Add a person (or change their role). They sign in on the hub with the same name."""
    name, role = check_name(name), check_role(role)
    with connect(url) as con, con.cursor() as cur:
        prefix = org_prefix(cur)
        login = user_role(prefix, name)
        exists = cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if not exists:
            left = cur.execute(
                "SELECT 1 FROM cases WHERE created_by = %s OR assigned_to = %s LIMIT 1",
                (login, login),
            ).fetchone()
            if left:  # a removed person's cases must not come back to a newcomer of that name
                raise UserError("org.error.name_was_used", name=name)
            cur.execute(
                f"CREATE ROLE {_q(login)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
                " NOREPLICATION NOBYPASSRLS INHERIT"
            )
        wanted = group_role(prefix, role + "s")
        other = group_role(prefix, ("coordinator" if role == "volunteer" else "volunteer") + "s")
        cur.execute(f"REVOKE {_q(other)} FROM {_q(login)}")
        cur.execute(f"GRANT {_q(wanted)} TO {_q(login)}")
        cur.execute(f"ALTER ROLE {_q(login)} LOGIN")
    return Member(name, role)


def remove_user(url: str, name: str) -> int:
    """Take a person's access away at once: their role can no longer sign in, their open
    connections are closed, the role is dropped and their unsaved drafts deleted. Their cases
    stay, for the coordinators. Returns how many drafts were deleted."""
    name = check_name(name)
    with connect(url) as con, con.cursor() as cur:
        prefix = org_prefix(cur)
        login = user_role(prefix, name)
        if not cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
            raise UserError("org.error.no_such_user", name=name)
        cur.execute(f"ALTER ROLE {_q(login)} NOLOGIN PASSWORD NULL")
        for group in ("volunteers", "coordinators"):
            cur.execute(f"REVOKE {_q(group_role(prefix, group))} FROM {_q(login)}")
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (login,)
        )
        dropped = cur.execute("DELETE FROM drafts WHERE username = %s", (login,)).rowcount
        cur.execute(f"DROP ROLE {_q(login)}")
    return dropped


def assign(url: str, case: str, name: str, passphrase: str | None = None) -> str:
    """Give a case to a person: they see and change it from now on (its creator still does).

    ``case`` is the case's code (``K7M-4QX``, as the case list shows it) or its full id.
    Returns the full id. The assignment is audited (action ``assign``, by the administrator),
    so the master key is needed to seal the entry's time.
    """
    name = check_name(name)
    with connect(url) as con, con.cursor() as cur:
        case_id = _case_named(cur, case)
        prefix = org_prefix(cur)
        if role_of(cur, prefix, name) is None:
            raise UserError("org.error.no_such_user", name=name)
        keys = _keyring(cur, passphrase)
        found = cur.execute(
            "UPDATE cases SET assigned_to = %s WHERE id = %s", (user_role(prefix, name), case_id)
        ).rowcount
        if not found:
            raise UserError("store.error.unknown_case", id=case_id)
        cur.execute(
            "INSERT INTO audit (case_id, action, stamp) VALUES (%s, 'assign', %s)",
            (case_id, _stamp(keys, case_id, "assign")),
        )
    return case_id


def _case_named(cur, typed: str) -> str:
    """The full id of the case ``typed`` names: its id, or its code (plain messages if no case
    or two cases have that code; a longer code from the case list tells two apart)."""
    from ddkit.store.codes import id_range, parse_code
    from ddkit.store.errors import UnknownCase
    from ddkit.store.listing import pick
    from ddkit.store.records import check_case_id

    try:
        return check_case_id(typed)
    except UnknownCase:
        signs = parse_code(typed)
        if signs is None:
            raise
    lo, hi = id_range(signs)
    rows = cur.execute("SELECT id FROM cases WHERE id >= %s AND id < %s", (lo, hi)).fetchall()
    return pick([row[0] for row in rows], typed)


def _keyring(cur, passphrase: str | None):
    """The store's keys from the master key (checked against the store's verifier)."""
    from ddkit.store.crypto import KdfParams, Keyring, derive_kek, resolve_passphrase

    meta = {k: bytes(v) for k, v in cur.execute("SELECT key, value FROM meta").fetchall()}
    keys = Keyring(derive_kek(resolve_passphrase(passphrase), KdfParams.from_json(meta["kdf"])))
    keys.check(meta["verifier"])
    return keys


def _stamp(keys, case_id: str, action: str) -> bytes:
    """An audit entry's sealed time, exactly as the store seals its own (``_audit_row``)."""
    from datetime import UTC

    from ddkit.store.crypto import aad, seal

    moment = datetime.now(UTC).isoformat().encode()
    return seal(keys.stamps, moment, aad("audit", case_id, action), minimum=64)


def members(url: str) -> list[Member]:
    """Everyone who may sign in, by name."""
    with connect(url) as con, con.cursor() as cur:
        prefix = org_prefix(cur)
        rows = cur.execute(
            "SELECT u.rolname, g.rolname FROM pg_roles u JOIN pg_auth_members m"
            " ON m.member = u.oid JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE u.rolcanlogin AND g.rolname IN (%s, %s) ORDER BY u.rolname",
            (group_role(prefix, "volunteers"), group_role(prefix, "coordinators")),
        ).fetchall()
    return [
        Member(
            name_of(prefix, login),
            "coordinator" if group.endswith("_coordinators") else "volunteer",
        )  # fmt: skip
        for login, group in rows
    ]


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: when, who, what, which case. Never what the case holds."""

    when: datetime | None
    user: str | None
    action: str
    case_id: str


def audit(url: str, passphrase: str | None = None, case_id: str | None = None,
          user: str | None = None) -> list[AuditEntry]:  # fmt: skip
    """The audit log, oldest first, for one case and/or one person if asked.

    The times are sealed like everything else in the store: the master key opens them.
    """
    from ddkit.store.crypto import aad, unseal
    from ddkit.store.errors import IntegrityFailure
    from ddkit.store.records import check_case_id

    where, params = [], []
    if case_id is not None:
        where.append("case_id = %s")
        params.append(check_case_id(case_id))
    with connect(url) as con, con.cursor() as cur:
        prefix = org_prefix(cur)
        if user is not None:
            where.append("username = %s")
            params.append(user_role(prefix, user))
        keys = _keyring(cur, passphrase)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = cur.execute(
            "SELECT case_id, action, stamp, username FROM audit" + clause + " ORDER BY seq",  # noqa: S608
            params,
        ).fetchall()
    out = []
    for row_case, action, stamp, username in rows:
        try:
            when = datetime.fromisoformat(
                unseal(keys.stamps, bytes(stamp), aad("audit", row_case, action)).decode()
            )
        except IntegrityFailure:
            log.warning("integrity check failed (audit entry of case %s)", row_case)
            when = None
        out.append(AuditEntry(when, name_of(prefix, username), action, row_case))
    return out
