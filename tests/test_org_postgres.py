"""The organization's store on a real PostgreSQL server: roles, row-level security, identity on
every save, the audit log, and the ``ddkit org`` commands (issue 12, section 2).

Everything is checked from the database's side, connected as each person's own role: what
PostgreSQL refuses does not depend on the app behaving well.
"""

from __future__ import annotations

import pytest

from ddkit.cli import main
from ddkit.store import UnknownCase, WrongPassphrase, open_store
from tests.org_helpers import PASSPHRASE, as_user, libpq, needs_postgres, org_database
from tests.test_store import fictional_case

pytestmark = needs_postgres


@pytest.fixture(scope="module")
def org():
    """An organization with volunteers ana and bea and coordinator cora; a case by each volunteer."""
    from ddkit.case import load_case
    from ddkit.org.admin import add_user, init_org
    from tests.conftest import practice_case_files

    files = practice_case_files()
    with org_database() as url:
        init_org(url, PASSPHRASE)
        for name, role in (("ana", "volunteer"), ("bea", "volunteer"), ("cora", "coordinator")):
            add_user(url, name, role)
        stores = {
            name: open_store(as_user(url, name), PASSPHRASE) for name in ("ana", "bea", "cora")
        }
        ids = {
            "ana": stores["ana"].save(load_case(files[0]), idempotency_key="ana-1"),
            "bea": stores["bea"].save(load_case(files[1]), idempotency_key="bea-1"),
        }
        yield {"url": url, "stores": stores, "ids": ids, "names": {
            "ana": load_case(files[0]).person.name, "bea": load_case(files[1]).person.name}}  # fmt: skip
        for store in stores.values():
            store.close()


def sql(url: str, name: str | None = None):
    import psycopg

    return psycopg.connect(libpq(as_user(url, name) if name else url), autocommit=True)


# ---------------------------------------------------------------- who sees what


def test_each_volunteer_lists_only_their_own_cases_and_a_coordinator_all(org):
    ids, stores = org["ids"], org["stores"]
    assert [s.id for s in stores["ana"].list()] == [ids["ana"]]
    assert [s.id for s in stores["bea"].list()] == [ids["bea"]]
    assert {s.id for s in stores["cora"].list()} >= {ids["ana"], ids["bea"]}
    with pytest.raises(UnknownCase):
        stores["bea"].load(ids["ana"])
    assert stores["cora"].load(ids["ana"]).person.name == org["names"]["ana"]


def test_connected_as_b_a_s_rows_are_not_there_and_cannot_be_changed(org):
    a_case = org["ids"]["ana"]
    with sql(org["url"], "bea") as con:
        assert con.execute("SELECT * FROM cases WHERE id = %s", (a_case,)).fetchall() == []
        assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
        assert con.execute("SELECT * FROM save_keys WHERE case_id = %s", (a_case,)).fetchall() == []
        assert con.execute(
            "UPDATE cases SET stage = 'none' WHERE id = %s", (a_case,)).rowcount == 0  # fmt: skip
        assert con.execute("DELETE FROM cases WHERE id = %s", (a_case,)).rowcount == 0
    with sql(org["url"]) as admin:
        assert admin.execute("SELECT count(*) FROM cases WHERE id = %s", (a_case,)).fetchone()[0]


def test_nobody_updates_or_deletes_audit_rows_not_even_the_owner(org):
    import psycopg

    for who in ("bea", "cora", None):
        with sql(org["url"], who) as con:
            for statement in ("UPDATE audit SET action = 'x'", "DELETE FROM audit",
                              "TRUNCATE audit"):  # fmt: skip
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    con.execute(statement)
    with sql(org["url"]) as admin:
        assert admin.execute("SELECT count(*) FROM audit").fetchone()[0] >= 2


def test_a_volunteer_cannot_pose_as_someone_else_or_assign_themself(org):
    import psycopg

    b_case = org["ids"]["bea"]
    with sql(org["url"], "bea") as con:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE cases SET created_by = 'x' WHERE id = %s", (b_case,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE cases SET assigned_to = current_user WHERE id = %s", (b_case,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        # An audit row always carries the role that wrote it, whatever the row says.
        con.execute(
            "INSERT INTO audit (case_id, action, stamp, username) VALUES ('x', 'probe', 'x', 'cora')"
        )
    with sql(org["url"]) as admin:
        who = admin.execute("SELECT username FROM audit WHERE action = 'probe'").fetchone()[0]
    assert who.endswith(".bea")


def test_drafts_are_private_to_their_author(org):
    stores = org["stores"]
    stores["ana"].save_draft("draft-ana", {"person": {"name": "Ana Ficticia"}}, "person")
    assert "draft-ana" in stores["ana"].draft_ids()
    assert "draft-ana" not in stores["bea"].draft_ids()
    assert "draft-ana" not in stores["cora"].draft_ids()
    with pytest.raises(UnknownCase):
        stores["bea"].load_draft("draft-ana")


# ---------------------------------------------------------------- identity and audit


def test_every_save_and_open_is_recorded_with_the_user_and_never_the_contents(org):
    from ddkit.case import load_case
    from ddkit.org.admin import audit
    from tests.conftest import practice_case_files

    stores, url = org["stores"], org["url"]
    case_id = stores["ana"].save(load_case(practice_case_files()[2]))
    stores["bea"].save(load_case(practice_case_files()[3]))
    stores["ana"].save(load_case(practice_case_files()[4]), case_id=case_id)
    stores["cora"].load(case_id)
    with pytest.raises(UnknownCase):
        stores["bea"].load(case_id)
    with sql(url) as admin:
        row = admin.execute(
            "SELECT created_by, updated_by FROM cases WHERE id = %s", (case_id,)
        ).fetchone()
        dump = str(admin.execute("SELECT * FROM audit").fetchall())
    assert row[0].endswith(".ana") and row[1].endswith(".ana")
    entries = [(e.user, e.action) for e in audit(url, PASSPHRASE, case_id=case_id)]
    assert entries == [("ana", "create"), ("ana", "update"), ("cora", "open"),
                       ("bea", "open_missing")]  # fmt: skip
    assert all(e.when is not None for e in audit(url, PASSPHRASE, case_id=case_id))
    for name in org["names"].values():
        assert name not in dump
    assert {e.action for e in audit(url, PASSPHRASE, user="bea")} >= {"create", "open_missing"}


def test_a_case_is_assigned_by_the_code_the_case_list_shows(org, capsys, monkeypatch):
    from ddkit.org.admin import assign
    from ddkit.store.codes import case_code

    stores = org["stores"]
    case_id = stores["ana"].save(fictional_case(7), idempotency_key="ana-code")
    code = case_code(case_id)
    assert (
        assign(org["url"], " " + code.lower().replace("-", " ") + " ", "bea", PASSPHRASE) == case_id
    )
    assert stores["bea"].load(case_id) == fictional_case(7)
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert main(["org", "assign", code, "cora", "--database-url", org["url"]]) == 0
    assert capsys.readouterr().out.strip() == f"Case {code} ({case_id}) is assigned to cora."
    for typed, says in (("ZZZ-ZZZ", "No case or draft has the code ZZZ-ZZZ"),
                        ("Lucía Inventada", "That is not a case code")):  # fmt: skip
        assert main(["org", "assign", typed, "bea", "--database-url", org["url"]]) == 2
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err and "Lucía" not in err


def test_assigning_a_case_shares_it_with_that_volunteer_only(org):
    from ddkit.case import load_case
    from ddkit.org.admin import assign
    from tests.conftest import practice_case_files

    stores = org["stores"]
    case_id = stores["ana"].save(load_case(practice_case_files()[5]))
    with pytest.raises(UnknownCase):
        stores["bea"].load(case_id)
    assign(org["url"], case_id, "bea", PASSPHRASE)
    assert stores["bea"].load(case_id) == load_case(practice_case_files()[5])
    stores["bea"].save(load_case(practice_case_files()[6]), case_id=case_id)
    assert stores["ana"].load(case_id) == load_case(practice_case_files()[6])  # still the creator's
    with sql(org["url"]) as admin:
        row = admin.execute(
            "SELECT created_by, updated_by FROM cases WHERE id = %s", (case_id,)
        ).fetchone()
    assert row[0].endswith(".ana") and row[1].endswith(".bea")


# ---------------------------------------------------------------- set-up and people


def test_init_brings_over_an_existing_store_and_runs_twice(monkeypatch, practice_cases):
    from ddkit.org.admin import add_user, init_org

    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    with org_database() as url:
        before = open_store(url)  # a plain PostgreSQL store from before the org server
        old = before.save(practice_cases["01_detained_father"])
        before.close()
        assert init_org(url) == init_org(url)
        add_user(url, "ana", "volunteer")
        add_user(url, "cora", "coordinator")
        with open_store(as_user(url, "ana")) as ana, open_store(as_user(url, "cora")) as cora:
            assert ana.list() == []  # nobody created it as far as the server knows
            assert cora.load(old) == practice_cases["01_detained_father"]
        with pytest.raises(WrongPassphrase):
            init_org(url, "not the organization's master key")


def test_a_tracker_table_keyed_by_case_follows_its_case(monkeypatch, practice_cases):
    from ddkit.org.admin import add_user, init_org

    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    with org_database() as url:
        open_store(url).close()
        with sql(url) as admin:
            admin.execute("CREATE TABLE calls (id serial PRIMARY KEY, case_id text, note text)")
        init_org(url)
        add_user(url, "ana", "volunteer")
        add_user(url, "bea", "volunteer")
        with open_store(as_user(url, "ana")) as ana:
            case_id = ana.save(practice_cases["01_detained_father"])
        with sql(url, "ana") as con:
            con.execute("INSERT INTO calls (case_id, note) VALUES (%s, 'called')", (case_id,))
        with sql(url, "bea") as con:
            assert con.execute("SELECT * FROM calls").fetchall() == []
            import psycopg

            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute("INSERT INTO calls (case_id, note) VALUES (%s, 'x')", (case_id,))


def test_removing_a_volunteer_keeps_their_cases_for_coordinators(monkeypatch, practice_cases):
    import psycopg

    from ddkit.errors import UserError
    from ddkit.org.admin import add_user, init_org, members, remove_user

    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    with org_database() as url:
        init_org(url)
        add_user(url, "ana", "volunteer")
        add_user(url, "cora", "coordinator")
        ana = open_store(as_user(url, "ana"))
        case_id = ana.save(practice_cases["02_final_order_mother"])
        ana.save_draft("draft-1", {"person": {"name": "Ana Ficticia"}}, "person")
        assert remove_user(url, "ana") == 1
        ana.close()
        assert [m.name for m in members(url)] == ["cora"]
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(libpq(as_user(url, "ana"))).close()
        with open_store(as_user(url, "cora")) as cora:
            assert cora.load(case_id) == practice_cases["02_final_order_mother"]
        with pytest.raises(UserError) as err:
            add_user(url, "ana", "volunteer")  # a newcomer called ana would inherit her cases
        assert err.value.key == "org.error.name_was_used"


# ---------------------------------------------------------------- the command line


def test_the_org_commands_from_the_shell(monkeypatch, capsys, practice_cases):
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    with org_database() as url:
        assert main(["org", "init", "--database-url", url]) == 0
        monkeypatch.setenv("DDKIT_ORG_ADMIN_URL", url)
        assert main(["org", "add-user", "Ana", "--role", "volunteer"]) == 0
        assert main(["org", "add-user", "bea", "--role", "volunteer"]) == 0
        assert main(["org", "add-user", "cora", "--role", "coordinator", "--lang", "es"]) == 0
        capsys.readouterr()
        assert main(["org", "users"]) == 0
        assert capsys.readouterr().out.split() == [
            "ana", "volunteer", "bea", "volunteer", "cora", "coordinator"]  # fmt: skip
        with open_store(as_user(url, "ana")) as ana:
            case_id = ana.save(practice_cases["03_check_in_worker"])
        assert main(["org", "assign", case_id, "bea"]) == 0
        assert main(["org", "remove-user", "bea"]) == 0
        capsys.readouterr()
        assert main(["org", "audit", "--case", case_id]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [line.split("  ")[1:3] for line in lines] == [["ana", "created"],
                                                              ["postgres", "assigned"]]  # fmt: skip
        assert main(["org", "assign", case_id, "nobody"]) == 2
        assert "nobody" in capsys.readouterr().err
