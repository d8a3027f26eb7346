"""The case store on a real PostgreSQL server (DDKIT_DATABASE_URL), for organizations that
outgrow one laptop.

Runs when ``DDKIT_TEST_POSTGRES_URL`` names a server where the test may create databases
(``.ci/run`` starts a throwaway one); elsewhere it skips and says why.
"""

import os
import secrets

import pytest

from ddkit.store import open_store
from ddkit.store.errors import WrongPassphrase

SERVER = os.environ.get("DDKIT_TEST_POSTGRES_URL")
PASSPHRASE = "practice passphrase for tests only"
pytestmark = pytest.mark.skipif(
    not SERVER, reason="set DDKIT_TEST_POSTGRES_URL to a PostgreSQL server to run these"
)


@pytest.fixture
def url():
    import psycopg

    name = "ddkit_test_" + secrets.token_hex(4)
    admin = SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield SERVER.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_every_practice_case_round_trips_through_postgres(url, practice_cases):
    store = open_store(url, PASSPHRASE)
    ids = {name: store.save(case) for name, case in practice_cases.items()}
    for name, case_id in ids.items():
        assert store.load(case_id) == practice_cases[name]
    assert len(store.list()) == len(practice_cases)
    store.close()


def test_the_server_holds_no_plaintext_names_or_a_numbers(url, practice_cases):
    import psycopg

    store = open_store(url, PASSPHRASE)
    for case in practice_cases.values():
        store.save(case)
    store.close()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        tables = [r[0] for r in con.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]  # fmt: skip
        dump = "\n".join(
            str(row)
            for table in tables
            for row in con.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        )
    for case in practice_cases.values():
        assert case.person.name not in dump
        if case.person.a_number:
            assert case.person.a_number not in dump and case.person.a_number[1:] not in dump


def test_idempotent_saves_drafts_and_purge_on_postgres(url, practice_cases):
    case = practice_cases["01_detained_father"]
    store = open_store(url, PASSPHRASE)
    first = store.save(case, idempotency_key="form-1")
    assert store.save(case, idempotency_key="form-1") == first
    store.save_draft("draft-1", {"person": {"name": "Ana Ficticia"}}, "person")
    assert store.load_draft("draft-1") == ({"person": {"name": "Ana Ficticia"}}, "person")
    store.delete(first)
    assert store.list() == []
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(url, "not the passphrase at all, sorry").list()


def test_case_codes_find_their_case_on_postgres_and_the_list_opens_names(url, practice_cases):
    from ddkit.store.codes import case_code

    store = open_store(url, PASSPHRASE)
    ids = {store.save(case): case for case in practice_cases.values()}
    entries = {e.id: e for e in store.case_list()}
    assert set(entries) == set(ids)
    for case_id, case in ids.items():
        assert store.find(case_code(case_id).lower()) == case_id  # a range of ids on the key
        assert entries[case_id].name == case.person.name
    store.close()
