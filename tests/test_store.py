"""The case store's promises: saved means committed, same key same case, drafts, purge, demo.

Every person here is fictional. Helpers at the top are shared by the other store tests.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import date, timedelta

import pytest

from ddkit.case import Case, parse_case
from ddkit.store import (
    BadSetting,
    CaseSummary,
    DemoRefused,
    KeyFileError,
    NoPassphrase,
    SharedFolder,
    StoreBusy,
    StoreUnavailable,
    UnknownCase,
    WeakPassphrase,
    WrongPassphrase,
    open_store,
    store_target,
)
from ddkit.store.crypto import KdfParams, create_key_file
from ddkit.store.engine import shared_folder_reason
from ddkit.store.memory import MemoryStore

from .conftest import PRACTICE_DIR

PASSPHRASE = "practice passphrase for tests"
# Cheap Argon2id settings so that tests open stores quickly; the kit's own defaults are
# checked in test_store_crypto.py.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)


def fictional_case(n: int = 1, **changes) -> Case:
    """A fictional person with every sensitive field filled in, different for each ``n``."""
    data = {
        "fictional": True,
        "person": {
            "name": f"Lucía Inventada Nº{n} (fictional)",
            "aliases": [f"Lucy Madeup {n}"],
            "a_number": f"A98765{n:04d}",
            "date_of_birth": f"1981-0{1 + n % 9}-{10 + n % 19}",
            "country_of_birth": "Ejemplia",
            "languages": ["Spanish"],
            "address": f"{100 + n} Imaginary Lane, Springfield",
            "phone": f"555-01{n:02d}",
            "email": f"lucia{n}@example.org",
        },
        "custody": {"detained": n % 2 == 1, "facility": "Nowhere Processing Center", "state": "TX"},
        "proceedings": {"stage": "in_proceedings", "next_hearing": "2026-12-08"},
        "criminal_history": [{"offense": "Invented misdemeanor", "disposition": "dismissed"}],
        "equities": {"us_citizen_children": n % 4, "serious_health_condition": True},
        "story": f"Fictional story number {n}: a made-up life for practice.",
    }
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        holder = data
        for part in parents:
            holder = holder.setdefault(part, {})
        holder[leaf] = value
    return parse_case(data)


def open_test_store(path, passphrase: str = PASSPHRASE, **options):
    """A real (SQLite, encrypted) store at ``path``, with cheap Argon2id settings."""
    options.setdefault("kdf", FAST_KDF)
    return open_store(path, passphrase, demo=False, **options)


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DDKIT_PASSPHRASE", "DDKIT_KEY_FILE", "DDKIT_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DDKIT_ALLOW_SHARED_FOLDER", raising=False)


@pytest.fixture
def store(tmp_path, clean_env):
    with open_test_store(tmp_path / "store.db") as opened:
        yield opened


# ------------------------------------------------------------------ save and load


def test_a_saved_case_loads_back_identical(store):
    case = fictional_case(1)
    case_id = store.save(case)
    assert len(case_id) == 32 and int(case_id, 16) >= 0
    assert store.load(case_id) == case


def test_every_practice_case_round_trips(store, practice_cases):
    ids = {name: store.save(case) for name, case in practice_cases.items()}
    assert len(set(ids.values())) == len(practice_cases) >= 10
    for name, case_id in ids.items():
        assert store.load(case_id) == practice_cases[name]


def test_the_same_idempotency_key_never_makes_a_second_case(store):
    case = fictional_case(1)
    first = store.save(case, idempotency_key="draft-1")
    assert store.save(case, idempotency_key="draft-1") == first
    assert [s.id for s in store.list()] == [first]


def test_saving_changed_answers_under_the_same_key_updates_that_case(store):
    first = store.save(fictional_case(1), idempotency_key="draft-1")
    changed = fictional_case(1, person__country_of_birth="Otrolandia")
    assert store.save(changed, idempotency_key="draft-1") == first
    assert store.load(first) == changed
    assert len(store.list()) == 1


def test_saving_with_a_case_id_replaces_that_case(store):
    case_id = store.save(fictional_case(1))
    edited = fictional_case(1, custody__detained=False, proceedings__stage="final_order")
    assert store.save(edited, case_id=case_id) == case_id
    assert store.load(case_id) == edited
    (summary,) = store.list()
    assert (summary.detained, summary.stage) == (False, "final_order")
    assert [a for _, _, a in store.audit_log()] == ["create", "update"]


def test_saving_over_an_unknown_id_fails_plainly(store):
    with pytest.raises(UnknownCase):
        store.save(fictional_case(1), case_id="0" * 32)
    assert store.list() == []


def test_loading_an_unknown_or_malformed_id_fails_plainly(store):
    with pytest.raises(UnknownCase) as err:
        store.load("f" * 32)
    assert "ZZZ-ZZZ" in err.value.message("en")  # named by its code
    for typed in ("../../etc/passwd", "Lucía Inventada"):
        with pytest.raises(UnknownCase) as err:
            store.load(typed)
        assert typed not in err.value.message("en")  # what was typed may be a name
        assert "six letters and digits like K7M-4QX" in err.value.message("en")


def test_save_refuses_something_that_is_not_a_case(store):
    with pytest.raises(TypeError):
        store.save({"person": {"name": "x"}})


def test_sql_in_every_field_is_stored_literally(store):  # DB-11
    evil = "Robert'); DROP TABLE cases;--"
    case = fictional_case(
        1,
        person__name=evil,
        person__address=evil,
        custody__facility=evil,
        story=evil,
        equities__community_ties=evil,
    )
    case_id = store.save(case)
    assert store.load(case_id).person.name == evil
    assert len(store.list()) == 1


# ------------------------------------------------------------------ the list


def test_the_list_says_stage_detention_and_flags_but_no_names(store):
    case_id = store.save(
        fictional_case(1, attorney__name="Abogada Ficticia", consent__public_campaign=True)
    )
    (summary,) = store.list()
    assert isinstance(summary, CaseSummary)
    assert summary.id == case_id
    assert (summary.stage, summary.detained, summary.fictional) == ("in_proceedings", True, True)
    assert summary.flags == ("fictional", "has_attorney", "consent_public_campaign")
    assert summary.created == summary.updated == date.today().strftime("%Y-%m")
    text = repr(summary.to_dict())
    for secret in ("Lucía", "A987650001", "1981", "Imaginary", "Abogada", "Nowhere"):
        assert secret not in text


# ------------------------------------------------------------------ delete and purge


def test_a_deleted_case_is_gone_and_the_others_stay(store):
    keep, gone = store.save(fictional_case(1)), store.save(fictional_case(2))
    store.delete(gone)
    with pytest.raises(UnknownCase):
        store.load(gone)
    with pytest.raises(UnknownCase):
        store.delete(gone)
    assert [s.id for s in store.list()] == [keep]
    assert store.load(keep) == fictional_case(1)


def test_after_delete_the_same_key_makes_a_new_case(store):
    first = store.save(fictional_case(1), idempotency_key="k")
    store.delete(first)
    second = store.save(fictional_case(1), idempotency_key="k")
    assert second != first and store.load(second) == fictional_case(1)


def test_purge_all_removes_every_case_and_draft(store):
    for n in range(3):
        store.save(fictional_case(n))
    store.save_draft("d1", {"person": {"name": "Borrador Ficticio"}}, "person")
    assert store.purge_all() == 3
    assert store.list() == [] and store.draft_ids() == []
    assert [a for _, _, a in store.audit_log()].count("delete") == 3


# ------------------------------------------------------------------ drafts


def test_a_draft_comes_back_with_its_step_and_replaces_the_previous_one(store):
    store.save_draft("d-1", {"person": {"name": "Primera Versión (fictional)"}}, "person")
    data = {"person": {"name": "Segunda (fictional)", "date_of_birth": date(1990, 5, 1)}}
    store.save_draft("d-1", data, "custody")
    assert store.load_draft("d-1") == (
        {"person": {"name": "Segunda (fictional)", "date_of_birth": "1990-05-01"}},
        "custody",
    )
    assert store.draft_ids() == ["d-1"]
    store.delete_draft("d-1")
    store.delete_draft("d-1")  # deleting twice is fine
    with pytest.raises(UnknownCase):
        store.load_draft("d-1")


@pytest.mark.parametrize("bad", ["", "a/b", "../x", "x" * 65, "name with spaces"])
def test_a_draft_id_must_be_a_plain_token(store, bad):
    with pytest.raises(BadSetting):
        store.save_draft(bad, {}, "person")


# ------------------------------------------------------------------ passphrases


def test_reopening_with_the_passphrase_finds_the_cases(tmp_path, clean_env):
    with open_test_store(tmp_path / "s.db") as first:
        case_id = first.save(fictional_case(1))
    with open_test_store(tmp_path / "s.db") as again:
        assert again.load(case_id) == fictional_case(1)


def test_a_wrong_passphrase_gets_a_plain_message_without_hints(tmp_path, clean_env):
    open_test_store(tmp_path / "s.db").close()
    messages = set()
    for wrong in ("practice passphrase for test", "PRACTICE PASSPHRASE FOR TESTS", "x" * 40):
        with pytest.raises(WrongPassphrase) as err:
            open_test_store(tmp_path / "s.db", wrong)
        messages.add((err.value.message("en"), err.value.message("es")))
    assert messages == {
        (
            "The passphrase does not open this case store.",
            "Esa contraseña no abre este archivo de casos.",
        )
    }


def test_the_passphrase_comes_from_the_environment_or_a_key_file(tmp_path, clean_env, monkeypatch):
    with pytest.raises(NoPassphrase):
        open_store(tmp_path / "s.db", demo=False)
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    open_store(tmp_path / "s.db", demo=False, kdf=FAST_KDF).close()
    monkeypatch.delenv("DDKIT_PASSPHRASE")
    key_file = create_key_file(tmp_path / "store.key")
    assert key_file.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("DDKIT_KEY_FILE", str(key_file))
    open_store(tmp_path / "k.db", demo=False, kdf=FAST_KDF).close()
    with pytest.raises(WrongPassphrase):
        open_store(tmp_path / "s.db", demo=False)


def test_a_key_file_others_can_read_is_refused(tmp_path, clean_env, monkeypatch):
    key_file = create_key_file(tmp_path / "store.key")
    key_file.chmod(0o644)
    monkeypatch.setenv("DDKIT_KEY_FILE", str(key_file))
    with pytest.raises(KeyFileError):
        open_store(tmp_path / "s.db", demo=False)


def test_a_new_store_refuses_a_short_passphrase(tmp_path, clean_env):
    with pytest.raises(WeakPassphrase) as err:
        open_test_store(tmp_path / "s.db", "short")
    assert "12" in err.value.message("es")


# ------------------------------------------------------------------ where the store lives


def test_the_default_store_is_in_the_data_folder(monkeypatch, tmp_path):
    url, path = store_target()
    assert path == tmp_path / "ddkit-data" / "store.db"
    assert url.startswith("sqlite")
    monkeypatch.setenv("DDKIT_DATABASE_URL", f"sqlite:///{tmp_path}/other.db")
    assert store_target()[1] == tmp_path / "other.db"
    monkeypatch.setenv("DDKIT_DATABASE_URL", "postgresql+psycopg://ddkit@db.example/ddkit")
    assert store_target() == ("postgresql+psycopg://ddkit@db.example/ddkit", None)


@pytest.mark.parametrize(
    "folder", ["Dropbox", "OneDrive - Org", "Google Drive", "Library/Mobile Documents", "Nextcloud"]
)
def test_a_synced_folder_is_refused(tmp_path, clean_env, folder):  # DB-8
    with pytest.raises(SharedFolder) as err:
        open_test_store(tmp_path / folder / "store.db")
    assert "DDKIT_ALLOW_SHARED_FOLDER" in err.value.message("en")
    assert not (tmp_path / folder).exists()


def test_a_network_file_system_is_refused(tmp_path):  # DB-8
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/share {tmp_path}/net nfs4 rw 0 0\n")
    assert shared_folder_reason(tmp_path / "net" / "store.db", str(mounts)) == "nfs4"
    assert shared_folder_reason(tmp_path / "local" / "store.db", str(mounts)) is None


def test_a_synced_folder_can_be_allowed_with_a_warning(tmp_path, clean_env, monkeypatch):
    monkeypatch.setenv("DDKIT_ALLOW_SHARED_FOLDER", "1")
    with pytest.warns(UserWarning, match="shared or synced"):
        open_test_store(tmp_path / "Dropbox" / "store.db").close()


# ------------------------------------------------------------------ demo mode


def test_demo_mode_keeps_practice_cases_in_memory_only(tmp_path, monkeypatch, clean_env):
    monkeypatch.setenv("DDKIT_DEMO", "1")
    store = open_store()
    assert isinstance(store, MemoryStore) and store.demo
    with pytest.raises(DemoRefused) as err:
        store.save(fictional_case(1, fictional=False))
    assert "fictional: true" in err.value.message("en")
    case_id = store.save(fictional_case(1), idempotency_key="k")
    assert store.save(fictional_case(1), idempotency_key="k") == case_id
    assert store.load(case_id) == fictional_case(1)
    assert [s.id for s in store.list()] == [case_id]
    store.save_draft("d", {"person": {"name": "x"}}, "person")
    assert store.load_draft("d") == ({"person": {"name": "x"}}, "person")
    store.delete(case_id)
    assert store.list() == []
    assert not list((tmp_path / "ddkit-data").rglob("*.db"))


DEMO_ONLY = textwrap.dedent(
    """
    import json, sys
    from datetime import date, timedelta
    from ddkit.case import load_case
    from ddkit.store import open_store
    from ddkit.store.trackers import Entry
    store = open_store(demo=True)
    case_id = store.save(load_case(sys.argv[1]), idempotency_key="k")
    store.list(), store.case_list(), store.load(case_id), store.find(case_id)
    store.save_draft("d-1", {"person": {"name": "x"}}, "person")
    store.load_draft("d-1"), store.draft_ids()
    store.log(case_id, Entry("call", 3, date.today() - timedelta(days=1)))
    store.mark_done(case_id, "congressional_inquiry")
    store.tracker(case_id).per_day("call")
    store.set_retention(30)
    store.purge_expired()
    store.withdraw_consent(case_id)
    store.delete(case_id)
    print(json.dumps(sorted(sys.modules)))
    """
)


def test_the_demo_store_never_loads_sqlalchemy():
    # The workshop's kernels use only the demo store (modules 03 and 06): SQLAlchemy is ~0.3 s
    # of each kernel's start that nothing there needs (issue 13).
    case = PRACTICE_DIR / "01_detained_father.yaml"
    argv = [sys.executable, "-c", DEMO_ONLY, str(case)]
    run = subprocess.run(argv, capture_output=True, text=True, check=True)
    modules = set(json.loads(run.stdout))
    assert "ddkit.store.memory" in modules
    assert not {m for m in modules if m.split(".")[0] == "sqlalchemy"}
    assert "ddkit.store.schema" not in modules


def test_demo_true_wins_even_with_a_passphrase(tmp_path, clean_env):
    assert open_store(tmp_path / "s.db", PASSPHRASE, demo=True).demo
    assert not (tmp_path / "s.db").exists()


# ------------------------------------------------------------------ retention


def test_retention_purges_cases_unchanged_for_too_long(store):  # CRY-11
    old = store.save(fictional_case(1))
    store.save_draft("d1", {"person": {"name": "x"}}, "person")
    assert store.purge_expired() == []  # no retention set: keep until deleted
    store.set_retention(30)
    assert store.purge_expired() == []
    later = date.today() + timedelta(days=31)
    from datetime import UTC, datetime

    assert store.purge_expired(now=datetime(later.year, later.month, later.day, tzinfo=UTC)) == [
        old
    ]
    assert store.list() == [] and store.draft_ids() == []
    assert store.audit_log()[-1][1:] == (old, "expire")


def test_retention_from_the_environment_runs_when_the_store_opens(tmp_path, clean_env, monkeypatch):
    with open_test_store(tmp_path / "s.db") as first:
        first.save(fictional_case(1))
    monkeypatch.setenv("DDKIT_RETENTION_DAYS", "0")
    with open_test_store(tmp_path / "s.db") as kept:
        assert len(kept.list()) == 1
    monkeypatch.setenv("DDKIT_RETENTION_DAYS", "soon")
    with pytest.raises(BadSetting):
        open_test_store(tmp_path / "s.db")


# ------------------------------------------------------------------ busy, failures, backups


def test_a_save_that_cannot_get_the_lock_says_so_and_saves_nothing(tmp_path, clean_env):  # DB-3
    store = open_test_store(tmp_path / "s.db", busy_timeout_ms=50, attempts=2)
    holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another volunteer's long write
    try:
        with pytest.raises(StoreBusy) as err:
            store.save(fictional_case(1), idempotency_key="k")
        assert "Save again" in err.value.message("en")
        assert store.retries == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.list() == []
    case_id = store.save(fictional_case(1), idempotency_key="k")  # the form kept the answers
    assert [s.id for s in store.list()] == [case_id]
    store.close()


def test_a_writer_waits_for_a_short_lock_instead_of_failing(tmp_path, clean_env):
    store = open_test_store(tmp_path / "s.db", busy_timeout_ms=50, attempts=8)
    holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        case_id = store.save(fictional_case(1))
    finally:
        release.join()
        holder.close()
    assert store.retries >= 1 and store.load(case_id) == fictional_case(1)
    store.close()


def test_a_disk_failure_shows_no_personal_data(store, monkeypatch, caplog):  # DEP-4
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error: A987650001"))

    monkeypatch.setattr(store._engine, "raw_connection", broken)
    monkeypatch.setattr(store._engine, "connect", broken)
    monkeypatch.setattr(store._engine, "begin", broken)
    caplog.set_level(logging.INFO, logger="ddkit.store")
    for call in (lambda: store.save(fictional_case(1)), store.list):
        with pytest.raises(StoreUnavailable) as err:
            call()
        assert "A987650001" not in err.value.message("en") + err.value.message("es")
    assert "OperationalError" in caplog.text and "A987650001" not in caplog.text


def test_a_backup_holds_every_save_and_a_plain_copy_does_not(tmp_path, store):  # DB-9
    ids = [store.save(fictional_case(n)) for n in range(3)]
    naive = tmp_path / "copy.db"
    shutil.copy(store.path, naive)  # the file alone, while saves sit in store.db-wal
    con = sqlite3.connect(naive)
    try:
        copied = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    except sqlite3.DatabaseError:
        copied = 0
    con.close()
    assert copied < len(ids)
    backup = store.backup(tmp_path / "backup.db")
    assert backup.stat().st_mode & 0o777 == 0o600
    with pytest.raises(BadSetting):
        store.backup(backup)  # never over an existing file
    with open_test_store(backup) as restored:
        assert sorted(s.id for s in restored.list()) == sorted(ids)
        assert restored.load(ids[0]) == fictional_case(0)
    assert store.audit_log()[-1][1:] == ("*", "backup")
