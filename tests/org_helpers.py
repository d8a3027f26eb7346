"""A throwaway organization database on the test PostgreSQL server, and its roles."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager

import pytest

SERVER = os.environ.get("DDKIT_TEST_POSTGRES_URL")
PASSPHRASE = "practice passphrase for tests only"
needs_postgres = pytest.mark.skipif(
    not SERVER, reason="set DDKIT_TEST_POSTGRES_URL to a PostgreSQL server to run these"
)


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def org_database():
    """A new, empty database; yields its administrator URL. Drops it and its roles after."""
    import psycopg

    from ddkit.org.db import drop_practice_database

    name = "ddkit_org_" + secrets.token_hex(4)
    with psycopg.connect(libpq(SERVER), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        drop_practice_database(SERVER, name)


def as_user(url: str, name: str) -> str:
    """The URL of ``name``'s role on the organization's database (the test server trusts it)."""
    from ddkit.org.db import url_for

    database = url.rsplit("/", 1)[1]
    return url_for(url, f"{database}.{name}", None)
