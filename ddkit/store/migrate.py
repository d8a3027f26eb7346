"""Bringing a store's tables up to the kit's schema (:data:`ddkit.store.schema.SCHEMA_VERSION`).

Opening a store runs :func:`upgrade` in one write transaction, so a store is either wholly
upgraded or left as it was, and twenty volunteers opening an old store at once upgrade it
once (each looks again after taking the write lock).

- Version 1 to 2: the campaign trackers' tables are added.
- Version 2 to 3: a save's idempotency key is folded into the case it made. ``cases`` gains
  ``idem`` and ``content``; the old ``save_keys`` table's rows move to ``extra_keys`` unchanged
  (those cases keep their random ids, so their keys stay in ``extra_keys``); ``retired`` is
  added; ``save_keys`` becomes a view of both.
"""

from __future__ import annotations

from sqlalchemy import inspect, update

from ddkit.store import schema as s
from ddkit.store.errors import NeedsUpgrade

FOLDED_COLUMNS = ("idem", "content")


def is_current(conn) -> bool:
    """Whether every table and the ``save_keys`` view exist (read only: no lock taken)."""
    look = inspect(conn)
    return set(look.get_table_names()) >= set(s.metadata.tables) and "save_keys" in set(
        look.get_view_names()
    )


def upgrade(conn) -> None:
    """Create what is missing, moving a version-2 store's keys; in the caller's transaction."""
    postgres = conn.dialect.name == "postgresql"
    look = inspect(conn)
    tables = set(look.get_table_names())
    if postgres and "cases" in tables:  # one upgrade at a time; SQLite's write lock does this
        if not _owns_cases(conn):  # a member's server: only `ddkit org init` may change tables
            raise NeedsUpgrade()
        conn.exec_driver_sql("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE")
        look = inspect(conn)  # what the one before may have done
        tables = set(look.get_table_names())
    if is_current(conn):
        return
    if "cases" in tables:
        have = {c["name"] for c in look.get_columns("cases")}
        for column in FOLDED_COLUMNS:
            if column not in have:
                conn.exec_driver_sql(f"ALTER TABLE cases ADD COLUMN {column} VARCHAR(64)")
    s.metadata.create_all(conn)  # only the tables that are missing
    if "save_keys" in tables:  # the table of version 2: its keys name random ids
        conn.exec_driver_sql(
            "INSERT INTO extra_keys (idem, case_id, content)"
            " SELECT idem, case_id, content FROM save_keys"
        )
        conn.exec_driver_sql("DROP TABLE save_keys")
    if "save_keys" not in set(inspect(conn).get_view_names()):
        conn.exec_driver_sql(f"CREATE VIEW save_keys{_view_options(conn)} AS {s.SAVE_KEYS_VIEW}")
    # A new store records its version when it is first unlocked.
    conn.execute(
        update(s.meta)
        .where(s.meta.c.key == "schema_version")
        .values(value=str(s.SCHEMA_VERSION).encode())
    )


def _owns_cases(conn) -> bool:
    """Whether this role may alter ``cases`` (PostgreSQL: its owner, or a member of that role)."""
    return bool(
        conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables"
            " WHERE schemaname = current_schema() AND tablename = 'cases'"
        ).scalar()
    )


def invoker_views(conn) -> bool:
    """Whether this database applies the reader's own row security inside a view.

    PostgreSQL does from version 15 (``security_invoker``); before, a view reads with its
    owner's rights, so an organization's members are not given the view (see
    :mod:`ddkit.org.policies`). SQLite has no row security.
    """
    return conn.dialect.name == "postgresql" and conn.dialect.server_version_info >= (15,)


def _view_options(conn) -> str:
    return " WITH (security_invoker = true)" if invoker_views(conn) else ""
