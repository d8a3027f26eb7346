"""Connecting to the organization's PostgreSQL server as its administrator.

The ``ddkit org`` commands and the hub use the administrator's URL: the role that owns the
store's tables (it created them at ``ddkit org init``) and may create roles. That URL is
never shown in a message or a log: it may hold a password.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit, urlunsplit

from ddkit.errors import UserError

ENV = "DDKIT_ORG_ADMIN_URL"


def admin_url(given: str | None = None) -> str:
    """The administrator's database URL: given, else ``DDKIT_ORG_ADMIN_URL``, else
    ``DDKIT_DATABASE_URL``. An SQLite store (a laptop's) is refused with a plain message.

    >>> admin_url("postgresql://admin@127.0.0.1/rrn")
    'postgresql+psycopg://admin@127.0.0.1/rrn'
    >>> admin_url("/home/ana/store.db")
    Traceback (most recent call last):
    ddkit.errors.UserError: org.error.sqlite
    """
    url = given or os.environ.get(ENV) or os.environ.get("DDKIT_DATABASE_URL") or ""
    url = url.strip()
    if not url:
        raise UserError("org.error.no_url")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme or scheme.startswith("sqlite"):
        raise UserError("org.error.sqlite")
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    raise UserError("org.error.not_postgres")


def libpq_url(url: str) -> str:
    """The same URL as psycopg takes it (no SQLAlchemy driver name).

    >>> libpq_url("postgresql+psycopg://admin@h:5432/rrn")
    'postgresql://admin@h:5432/rrn'
    """
    return "postgresql://" + url.split("://", 1)[1]


def database_of(url: str) -> str:
    """The database name in a URL.

    >>> database_of("postgresql+psycopg://a@h/rrn?sslmode=require")
    'rrn'
    """
    return urlsplit(url).path.lstrip("/") or "postgres"


def url_for(url: str, role: str, password: str | None) -> str:
    """``url`` with another role (and password): the address a user's server connects to.

    >>> url_for("postgresql+psycopg://admin:x@h:5432/rrn", "rrn.ana", "p/w")
    'postgresql+psycopg://rrn.ana:p%2Fw@h:5432/rrn'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host += f":{parts.port}"
    user = quote(role, safe="")
    if password is not None:
        user += ":" + quote(password, safe="")
    return urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, ""))


def connect(url: str, **options):
    """A psycopg connection; a failure says so plainly, without the URL (it may hold a password)."""
    import psycopg

    try:
        return psycopg.connect(libpq_url(url), **options)
    except psycopg.Error:
        raise UserError("org.error.connect") from None


def drop_practice_database(server_url: str, database: str) -> None:
    """Drop a practice or test organization database and every role made for it.

    For the bench and the tests, which make throwaway organizations on a development server:
    the roles are the group roles (``<database>_members``...) and the users
    (``<database>.<name>``); the groups go last, once no user is a member of them. Never
    pointed at an organization's real database by the kit itself.
    """
    import psycopg

    with psycopg.connect(libpq_url(server_url), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        roles = con.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname LIKE %s"
            " ORDER BY rolname LIKE '%%\\_members'",
            (database + ".%", database + "\\_%"),
        ).fetchall()
        for (role,) in roles:
            con.execute(f'DROP ROLE IF EXISTS "{role}"')
