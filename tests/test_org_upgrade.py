"""An organization's store of schema 2 on PostgreSQL, brought to schema 3 by ``ddkit org init``
(the keys folded into their cases, see ``ddkit/store/migrate.py``).

A schema-2 store is made by taking a current one back: the ``save_keys`` table it had, filled
with every key, and no ``extra_keys``, ``retired`` or folded columns.
"""

from __future__ import annotations

import pytest

from ddkit.store import open_store
from ddkit.store.errors import NeedsUpgrade
from tests.org_helpers import PASSPHRASE, as_user, libpq, needs_postgres, org_database
from tests.test_store import fictional_case

pytestmark = needs_postgres

BACK_TO_SCHEMA_2 = [
    "DROP VIEW save_keys",
    "CREATE TABLE save_keys (idem VARCHAR(64) PRIMARY KEY, case_id VARCHAR(32) NOT NULL,"
    " content VARCHAR(64) NOT NULL)",
    "INSERT INTO save_keys SELECT idem, id, content FROM cases WHERE idem IS NOT NULL"
    " UNION ALL SELECT idem, case_id, content FROM extra_keys",
    "DROP TABLE extra_keys",
    "DROP TABLE retired",
    "ALTER TABLE cases DROP COLUMN idem, DROP COLUMN content",
    "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
]


def sql(url: str):
    import psycopg

    return psycopg.connect(libpq(url), autocommit=True)


def test_org_init_upgrades_a_schema_2_store_and_members_keep_their_keys():
    from ddkit.org.admin import add_user, init_org

    with org_database() as url:
        init_org(url, PASSPHRASE)
        for name in ("ana", "bea"):
            add_user(url, name, "volunteer")
        with open_store(as_user(url, "ana"), PASSPHRASE) as ana:
            made = ana.save(fictional_case(1), "ana-1")
        with open_store(as_user(url, "bea"), PASSPHRASE) as bea:
            hers = bea.save(fictional_case(2), "bea-1")
        with sql(url) as admin:
            for statement in BACK_TO_SCHEMA_2:
                admin.execute(statement)

        # A volunteer's server started before the administrator upgraded: a plain message.
        with pytest.raises(NeedsUpgrade):
            open_store(as_user(url, "ana"), PASSPHRASE)

        init_org(url, PASSPHRASE)
        with sql(url) as admin:
            assert admin.execute("SELECT count(*) FROM extra_keys").fetchone()[0] == 2
            assert admin.execute(
                "SELECT relrowsecurity FROM pg_class WHERE relname = 'extra_keys'"
            ).fetchone()[0]
        with open_store(as_user(url, "ana"), PASSPHRASE) as ana:
            assert ana.save(fictional_case(1), "ana-1") == made  # her retried save: no new case
            assert ana.load(made) == fictional_case(1)
            assert [c.id for c in ana.list()] == [made]
            ana.delete(made)  # she may retire the ids of cases she purges
            again = ana.save(fictional_case(1), "ana-1")
            assert again != made
            newer = ana.save(fictional_case(3), "ana-2")  # a new key: folded into its case
        with sql(as_user(url, "ana")) as con:
            assert con.execute("SELECT case_id FROM save_keys").fetchall() in (
                [(again,), (newer,)],
                [(newer,), (again,)],
            )  # her keys only, not bea's
            theirs = con.execute("SELECT * FROM extra_keys WHERE case_id = %s", (hers,))
            assert theirs.fetchall() == []  # bea's key moved to extra_keys: still hers only
        with sql(url) as admin:
            folded = admin.execute("SELECT id FROM cases WHERE idem IS NOT NULL").fetchall()
            assert folded == [(newer,)]
