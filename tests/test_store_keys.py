"""A save's idempotency key, folded into the case it made (schema 3).

A case saved under a key gets an id derived from the key, so the id's own index finds a
retried save: a save writes no key table. The ``save_keys`` view still shows every key with its
one case. Keys that cannot name their case by id (updates, a taken code, a purged case, stores
made before schema 3) keep a row in ``extra_keys``. The fixture ``tests/fixtures/store-v2`` is a
store written by the kit at schema 2 (commit 27df96a): fictional cases, keys, a draft, a purge.
"""

import json
import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest

import ddkit.store.store as store_module
from ddkit.store.codes import case_code
from ddkit.store.schema import SCHEMA_VERSION
from ddkit.store.store import derived_id
from tests.test_store import fictional_case, open_test_store

V2 = Path(__file__).parent / "fixtures" / "store-v2"


def rows(path, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def keys_of(path) -> dict[str, str]:
    """The save_keys view: key fingerprint -> case id (one row per key, or the test fails)."""
    found = rows(path, "SELECT idem, case_id FROM save_keys")
    assert len(found) == len({idem for idem, _ in found}), "a key names two cases"
    return dict(found)


def test_a_keyed_save_names_its_case_by_id_and_writes_no_key_row(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        first = store.save(fictional_case(1), "draft-1")
        assert first == derived_id(store._keys, store._keys.tag("draft-1"))
        assert store.save(fictional_case(1), "draft-1") == first  # a retry: the same case
        again = store.save(fictional_case(2), "draft-1")  # changed answers: that case, updated
        assert again == first and store.load(first) == fictional_case(2)
        assert store.save(fictional_case(2), "draft-1") == first
        assert len(store.list()) == 1
        assert keys_of(path) == {store._keys.tag("draft-1"): first}
        tag = store._keys.tag("draft-1")
    assert rows(path, "SELECT count(*) FROM extra_keys") == [(0,)]
    assert rows(path, "SELECT idem FROM cases") == [(tag,)]  # a fingerprint, never the key
    assert "draft-1" not in Path(path).read_bytes().decode("latin-1")


def test_a_key_saved_again_after_its_case_was_deleted_makes_a_new_case(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        gone = store.save(fictional_case(1), "draft-1")
        store.delete(gone)
        fresh = store.save(fictional_case(1), "draft-1")
        assert fresh != gone
        assert store.save(fictional_case(1), "draft-1") == fresh  # and that one is kept
        assert [c.id for c in store.list()] == [fresh]
        assert keys_of(path) == {store._keys.tag("draft-1"): fresh}
        store.delete(fresh)
        assert keys_of(path) == {}
    assert {r[0] for r in rows(path, "SELECT id FROM retired")} == {gone, fresh}


def test_when_the_derived_ids_code_is_taken_the_case_gets_a_random_id(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        other = store.save(fictional_case(1), "draft-1")
        twin = other[:-1] + ("0" if other[-1] != "0" else "1")  # another id with the same code
        assert case_code(twin) == case_code(other)
        real = store_module.derived_id
        monkeypatch.setattr(
            store_module,
            "derived_id",
            lambda keys, idem: twin if idem == keys.tag("draft-2") else real(keys, idem),
        )
        made = store.save(fictional_case(2), "draft-2")
        assert made not in (other, twin) and case_code(made) != case_code(other)
        assert store.save(fictional_case(2), "draft-2") == made  # found through extra_keys
        assert store.save(fictional_case(3), "draft-2") == made
        assert store.load(made) == fictional_case(3) and store.load(other) == fictional_case(1)
        tag = store._keys.tag("draft-2")
        assert keys_of(path)[tag] == made and len(store.list()) == 2
    assert rows(path, "SELECT idem, case_id FROM extra_keys") == [(tag, made)]


def test_an_edit_under_its_own_key_keeps_one_case_per_key(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        made = store.save(fictional_case(1), "draft-1")
        other = store.save(fictional_case(2), "draft-2")
        # An edit of `made` under a key of its own, retried: one update.
        assert store.save(fictional_case(3), "edit-1", case_id=made) == made
        assert store.save(fictional_case(3), "edit-1", case_id=made) == made
        assert store.load(made) == fictional_case(3)
        # The key that made `made` now saves `other`: the key names that case only.
        assert store.save(fictional_case(4), "draft-1", case_id=other) == other
        assert store.save(fictional_case(4), "draft-1") == other  # a retry finds it
        assert store.load(other) == fictional_case(4) and store.load(made) == fictional_case(3)
        tag = store._keys.tag
        assert keys_of(path) == {tag("draft-1"): other, tag("draft-2"): other, tag("edit-1"): made}
        audit = [action for _, _, action in store.audit_log()]
        assert audit.count("create") == 2 and audit.count("update") == 2


# ------------------------------------------------------------------ a store of schema 2


@pytest.fixture
def v2_store(tmp_path):
    shutil.copy(V2 / "store.db", tmp_path / "store.db")
    return tmp_path / "store.db", json.loads((V2 / "ids.json").read_text())


def test_a_schema_2_store_is_upgraded_on_opening_and_keeps_every_key(v2_store):
    path, ids = v2_store
    before = rows(path, "SELECT idem, case_id, content FROM save_keys")
    assert rows(path, "SELECT value FROM meta WHERE key = 'schema_version'") == [(b"2",)]
    with open_test_store(path) as store:
        # The fixture's cases: draft-2 was edited under edit-2; draft-3 was deleted.
        assert store.load(ids["draft-1"]) == fictional_case(1)
        assert store.load(ids["draft-2"]) == fictional_case(5)
        assert store.load_draft("draft-4")[1] == "person"
        # A retried save under an old key finds its case; nothing new is made.
        assert store.save(fictional_case(1), "draft-1") == ids["draft-1"]
        assert store.save(fictional_case(5), "edit-2") == ids["draft-2"]
        assert len(store.list()) == 2
        # The deleted case's key makes a new case, as it did before.
        assert store.save(fictional_case(3), "draft-3") not in ids.values()
    assert rows(path, "SELECT value FROM meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION).encode(),)
    ]
    assert set(before) <= set(rows(path, "SELECT idem, case_id, content FROM save_keys"))
    assert rows(path, "SELECT count(*) FROM extra_keys") == [(len(before),)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "SELECT type FROM sqlite_master WHERE name = 'save_keys'") == [("view",)]


def test_deleting_a_case_of_a_schema_2_store_removes_its_keys(v2_store):
    path, ids = v2_store
    with open_test_store(path) as store:
        store.delete(ids["draft-2"])
        assert store.save(fictional_case(2), "draft-2") != ids["draft-2"]
    assert ids["draft-2"] not in keys_of(path).values()
    assert rows(path, "SELECT count(*) FROM extra_keys WHERE case_id = ?", ids["draft-2"]) == [(0,)]


def _open_and_save(path: str, n: int) -> str:
    with open_test_store(path) as store:
        return store.save(fictional_case(n), f"new-{n}")


def test_volunteers_opening_a_schema_2_store_at_once_upgrade_it_once(v2_store):
    path, _ = v2_store
    before = rows(path, "SELECT count(*) FROM save_keys")[0][0]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        made = pool.starmap(_open_and_save, [(str(path), n) for n in range(6, 12)])
    assert len(set(made)) == 6
    assert rows(path, "SELECT count(*) FROM extra_keys") == [(before,)]  # moved once
    assert rows(path, "SELECT count(*) FROM save_keys") == [(before + 6,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
