"""What ``docs/deploy.md`` says about backups, tried on a real PostgreSQL server: a ``pg_dump`` of
the organization's store holds no name, A-number or date of birth; restored into another
database it opens with the master key and with nothing else; ``ddkit org init`` on the restored
copy checks the key first.

Needs ``DDKIT_TEST_POSTGRES_URL`` and the ``pg_dump`` and ``pg_restore`` programs.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ddkit.store import WrongPassphrase, open_store
from tests.org_helpers import PASSPHRASE, as_user, libpq, needs_postgres, org_database

pytestmark = [
    needs_postgres,
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="pg_dump and pg_restore are not installed",
    ),
]
WRONG_KEY = "not the organization's master key"


def dump(url: str, *options: str) -> bytes:
    return subprocess.run(
        ["pg_dump", "--no-owner", *options, libpq(url)], check=True, capture_output=True
    ).stdout


@pytest.fixture(scope="module")
def org():
    """An organization with volunteer ana and coordinator cora, and three cases saved by ana."""
    from ddkit.case import load_case
    from ddkit.org.admin import add_user, init_org
    from tests.conftest import practice_case_files

    cases = [load_case(f) for f in practice_case_files()[:3]]
    with org_database() as url:
        init_org(url, PASSPHRASE)
        add_user(url, "ana", "volunteer")
        add_user(url, "cora", "coordinator")
        with open_store(as_user(url, "ana"), PASSPHRASE) as store:
            ids = [store.save(case) for case in cases]
        yield {"url": url, "ids": ids, "cases": cases}


def secrets_of(case) -> list[str]:
    """The name, each long word of it, the A-number with and without its A, the birth date."""
    person = case.person
    words = [w for w in person.name.split() if len(w) >= 4]
    born = person.date_of_birth.isoformat() if person.date_of_birth else ""
    return [person.name, *words, person.a_number, person.a_number[1:], born]


def test_a_dump_holds_the_cases_but_no_name_number_or_birth_date(org):
    text = dump(org["url"], "--format=plain").decode("utf-8", "replace")
    assert all(case_id in text for case_id in org["ids"])  # the dump does hold the cases
    for case in org["cases"]:
        assert case.person.a_number and case.person.name
        for secret in filter(None, secrets_of(case)):
            assert secret not in text, "a dump must hold ciphertext only"


def test_a_restored_copy_opens_with_the_master_key_and_only_with_it(org, tmp_path):
    from ddkit.org.admin import init_org

    archive = tmp_path / "org.dump"
    archive.write_bytes(dump(org["url"], "--format=custom"))
    with org_database() as copy:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={libpq(copy)}", str(archive)],
            check=True,
            capture_output=True,
        )
        with pytest.raises(WrongPassphrase):
            init_org(copy, WRONG_KEY)
        init_org(copy, PASSPHRASE)  # the doc's restore step: roles, policies, the key checked
        # The roles are the organization's (the store keeps its prefix): same people, same rules.
        database = org["url"].rsplit("/", 1)[1]
        for name in ("ana", "cora"):
            user_url = as_user(copy, name).replace(f"{copy.rsplit('/', 1)[1]}.", f"{database}.")
            with pytest.raises(WrongPassphrase):
                open_store(user_url, WRONG_KEY)
            with open_store(user_url, PASSPHRASE) as store:
                assert sorted(s.id for s in store.list()) == sorted(org["ids"])
                assert store.load(org["ids"][0]).person.name == org["cases"][0].person.name
