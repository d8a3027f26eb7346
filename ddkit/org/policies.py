"""The organization's roles and row-level security, created (or brought up to date) by
``ddkit org init``. Every statement is safe to run again.

Who may do what, decided by PostgreSQL on every query, whatever the app does:

============  ===============================================  ==========================
table         a volunteer                                      a coordinator
============  ===============================================  ==========================
cases         rows they created or were assigned: read,        every row: read, change,
              change, delete                                   delete
drafts        their own                                        their own
save_keys     those of cases they may see (a view, see below)  every row
extra_keys    those of cases they may see                      every row
case tables   rows of cases they may see (trackers...)         every row
retired       read, add (ids of purged cases only)             read, add
audit         add rows; read their own                         add rows; read every row
meta          read                                             read
============  ===============================================  ==========================

Nobody changes or deletes an audit row: no role is granted it, and a trigger refuses it even
to the tables' owner. Who saved is written by triggers from ``current_user`` (the signed-in
role), never taken from the app: ``cases.created_by`` (kept forever), ``cases.updated_by``,
``audit.username``, ``drafts.username``. ``cases.assigned_to`` is changed only by
``ddkit org assign`` (the administrator).

Any other table with a ``case_id`` column (``extra_keys``, a tracker's calls, letters, actions)
gets the same rule: a row is visible exactly when its case is. ``save_keys`` is a view of
``cases`` and ``extra_keys`` read with the reader's own rights (``security_invoker``); a server
older than PostgreSQL 15 reads views with their owner's rights, so there members are not given
it (the kit never reads it; it is there for people checking the store).
"""

from __future__ import annotations

from ddkit.org.names import group_role
from ddkit.store import schema as s

ORG_VERSION = 1
# Tables whose rows follow their case's visibility through their ``case_id`` column.
NOT_CASE_KEYED = {"cases", "audit", "drafts", "meta"}


def _id(name: str) -> str:
    """A quoted SQL identifier (role names hold ``.``)."""
    return '"' + name.replace('"', '""') + '"'


def group_statements(prefix: str) -> list[str]:
    """Create the three group roles (no login) if missing."""
    members, volunteers, coordinators = (
        group_role(prefix, g) for g in ("members", "volunteers", "coordinators")
    )
    out = []
    for role, parent in ((members, None), (volunteers, members), (coordinators, members)):
        literal = role.replace("'", "''")
        out.append(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"'{literal}') THEN CREATE ROLE {_id(role)} NOLOGIN; END IF; END $$"
        )
        if parent:
            out.append(f"GRANT {_id(parent)} TO {_id(role)}")
    return out


IDENTITY_COLUMNS = [
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS created_by text",
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS updated_by text",
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS assigned_to text",
    "ALTER TABLE audit ADD COLUMN IF NOT EXISTS username text",
    "ALTER TABLE drafts ADD COLUMN IF NOT EXISTS username text",
    "CREATE INDEX IF NOT EXISTS cases_created_by ON cases (created_by)",
    "CREATE INDEX IF NOT EXISTS cases_assigned_to ON cases (assigned_to)",
    "CREATE INDEX IF NOT EXISTS audit_case_id ON audit (case_id)",
]

TRIGGERS = [
    """CREATE OR REPLACE FUNCTION ddkit_case_identity() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        NEW.created_by := current_user;
      ELSE
        NEW.created_by := OLD.created_by;
      END IF;
      NEW.updated_by := current_user;
      RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION ddkit_row_owner() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.username := current_user;
      RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION ddkit_audit_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit rows cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
    END $$""",
    "DROP TRIGGER IF EXISTS ddkit_case_identity ON cases",
    "CREATE TRIGGER ddkit_case_identity BEFORE INSERT OR UPDATE ON cases"
    " FOR EACH ROW EXECUTE FUNCTION ddkit_case_identity()",
    "DROP TRIGGER IF EXISTS ddkit_audit_owner ON audit",
    "CREATE TRIGGER ddkit_audit_owner BEFORE INSERT ON audit"
    " FOR EACH ROW EXECUTE FUNCTION ddkit_row_owner()",
    "DROP TRIGGER IF EXISTS ddkit_draft_owner ON drafts",
    "CREATE TRIGGER ddkit_draft_owner BEFORE INSERT OR UPDATE ON drafts"
    " FOR EACH ROW EXECUTE FUNCTION ddkit_row_owner()",
    "DROP TRIGGER IF EXISTS ddkit_audit_append_only ON audit",
    "CREATE TRIGGER ddkit_audit_append_only BEFORE UPDATE OR DELETE ON audit"
    " FOR EACH ROW EXECUTE FUNCTION ddkit_audit_is_append_only()",
    "DROP TRIGGER IF EXISTS ddkit_audit_no_truncate ON audit",
    "CREATE TRIGGER ddkit_audit_no_truncate BEFORE TRUNCATE ON audit"
    " FOR EACH STATEMENT EXECUTE FUNCTION ddkit_audit_is_append_only()",
]

# The case a row belongs to is visible to the one asking (its own policies apply inside).
_CASE_VISIBLE = "EXISTS (SELECT 1 FROM cases c WHERE c.id = {table}.case_id)"
_MINE = "(created_by = current_user OR assigned_to = current_user)"


def _policy(table: str, name: str, role: str, command: str, using: str | None,
            check: str | None) -> list[str]:  # fmt: skip
    sql = f"CREATE POLICY {name} ON {_id(table)} AS PERMISSIVE FOR {command} TO {_id(role)}"
    if using:
        sql += f" USING ({using})"
    if check:
        sql += f" WITH CHECK ({check})"
    return [f"DROP POLICY IF EXISTS {name} ON {_id(table)}", sql]


def policy_statements(prefix: str, case_tables: list[str]) -> list[str]:
    """Turn on row-level security and (re)create every policy."""
    members, volunteers, coordinators = (
        group_role(prefix, g) for g in ("members", "volunteers", "coordinators")
    )
    out: list[str] = []
    for table in ("cases", "audit", "drafts", *case_tables):
        out.append(f"ALTER TABLE {_id(table)} ENABLE ROW LEVEL SECURITY")
    out += _policy("cases", "ddkit_volunteer", volunteers, "ALL", _MINE, _MINE)
    out += _policy("cases", "ddkit_coordinator", coordinators, "ALL", "true", "true")
    mine = "username = current_user"
    out += _policy("drafts", "ddkit_own", members, "ALL", mine, mine)
    out += _policy("audit", "ddkit_add", members, "INSERT", None, "username = current_user")
    out += _policy("audit", "ddkit_read_own", volunteers, "SELECT", "username = current_user", None)
    out += _policy("audit", "ddkit_read_all", coordinators, "SELECT", "true", None)
    for table in case_tables:
        visible = _CASE_VISIBLE.format(table=_id(table))
        out += _policy(table, "ddkit_case_visible", members, "ALL", visible, visible)
    return out


def grant_statements(prefix: str, database: str, case_tables: list[str],
                     invoker_views: bool = True) -> list[str]:  # fmt: skip
    """What the member roles may do at all; the policies above then pick the rows."""
    members = _id(group_role(prefix, "members"))
    data_columns = ", ".join(_id(c.name) for c in s.cases.c)
    changeable = ", ".join(_id(c.name) for c in s.cases.c if c.name != "id")
    out = [
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {_id(database)} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {_id(database)} TO {members}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {members}",
        f"REVOKE ALL ON cases, audit, drafts, meta, retired, save_keys FROM {members}",
        f"GRANT SELECT, DELETE ON cases TO {members}",
        f"GRANT INSERT ({data_columns}) ON cases TO {members}",
        f"GRANT UPDATE ({changeable}) ON cases TO {members}",
        f"GRANT SELECT, INSERT ON audit TO {members}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON drafts TO {members}",
        f"GRANT SELECT ON meta TO {members}",
        f"GRANT SELECT, INSERT ON retired TO {members}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {members}",
    ]
    for table in case_tables:  # extra_keys among them
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_id(table)} TO {members}")
    if invoker_views:
        out.append(f"GRANT SELECT ON save_keys TO {members}")
    return out


def case_keyed_tables(cur) -> list[str]:
    """Tables (other than the store's own) whose rows name a case in a ``case_id`` column."""
    rows = cur.execute(
        "SELECT c.table_name FROM information_schema.columns c"
        " JOIN information_schema.tables t"
        " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = 'public' AND c.column_name = 'case_id'"
        " AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"  # not the save_keys view
    ).fetchall()
    return [name for (name,) in rows if name not in NOT_CASE_KEYED]


def all_statements(prefix: str, database: str, case_tables: list[str],
                   invoker_views: bool = True) -> list[str]:  # fmt: skip
    """Every statement of ``ddkit org init`` after the store's own tables exist."""
    return [
        *group_statements(prefix),
        *IDENTITY_COLUMNS,
        *TRIGGERS,
        *policy_statements(prefix, case_tables),
        *grant_statements(prefix, database, case_tables, invoker_views),
    ]
