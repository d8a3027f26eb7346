"""Campaign trackers in the encrypted case store: calls, letters, signatures, tasks done.

Every person, caller and note here is fictional.
"""

import json
import multiprocessing
import sqlite3
import stat
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign import tracker_files
from ddkit.campaign.plan import plan
from ddkit.campaign.trackers import (
    Entry,
    Tracker,
    letters_progress,
    make_action,
    make_entry,
    plan_targets,
)
from ddkit.errors import UserError
from ddkit.store import open_store
from ddkit.store.errors import IntegrityFailure, UnknownCase
from ddkit.store.schema import SCHEMA_VERSION
from ddkit.store.tracker_exports import export_trackers
from tests.test_store import PASSPHRASE, fictional_case, open_test_store

TODAY = date(2026, 12, 1)
CALLER = "Carmela Llamadora-Inventada"
NOTE = "Dijo que la oficina ya recibió la carta del pastor (ficticio)"
TABLES = ("tracker_calls", "tracker_letters", "tracker_signatures", "tracker_actions")


@pytest.fixture
def store(tmp_path):
    with open_test_store(tmp_path / "store.db") as opened:
        yield opened


def fill(store, case_id):
    store.log(case_id, make_entry("call", 3, on=date(2026, 11, 29), today=TODAY, caller=CALLER,
                                  note=NOTE))  # fmt: skip
    store.log(case_id, make_entry("call", 1, on=TODAY, today=TODAY))
    store.log(case_id, make_entry("letter", 2, "family_member", TODAY, today=TODAY))
    store.log(case_id, make_entry("signature", 40, on=TODAY, today=TODAY))
    store.mark_done(case_id, "legal_consult", on=TODAY, note="Consulta hecha (ficticia)")


def rows(path, case_id=None) -> dict[str, int]:
    with sqlite3.connect(path) as con:
        where = f" WHERE case_id = '{case_id}'" if case_id else ""
        return {t: con.execute(f"SELECT count(*) FROM {t}{where}").fetchone()[0] for t in TABLES}  # noqa: S608


# ---------------------------------------------------------------- what a volunteer logs


def test_make_entry_accepts_good_input():
    entry = make_entry("letter", "3", "faith_leader", date(2026, 11, 30), today=TODAY)
    assert (entry.what, entry.count, entry.on, entry.kind) == ("letter", 3, date(2026, 11, 30),
                                                                "faith_leader")  # fmt: skip
    call = make_entry("call", today=TODAY, caller="  Ana\u202e ", note="")
    assert (call.count, call.on, call.caller, call.note) == (1, TODAY, "Ana", None)


@pytest.mark.parametrize(
    ("args", "extra", "key"),
    [
        (("call", "0"), {}, "campaign.track.bad_count"),
        (("call", "two"), {}, "campaign.track.bad_count"),
        (("call", "100001"), {}, "campaign.track.bad_count"),
        (("letter", 1, None), {}, "campaign.track.kind_needed"),
        (("letter", 1, "cousin"), {}, "campaign.track.bad_kind"),
        (("call", 1, "family_member"), {}, "campaign.track.kind_not_allowed"),
        (("signature", 1, None, date(2026, 12, 2)), {}, "campaign.track.future_date"),
        (("signature", 1), {"caller": "Ana"}, "campaign.track.caller_for_calls"),
        (("call", 1), {"note": "x" * 1001}, "campaign.track.note_too_long"),
        (("shout", 1), {}, "campaign.track.bad_what"),
    ],
)
def test_bad_counts_kinds_dates_and_texts_get_clear_errors(args, extra, key):
    with pytest.raises(UserError) as err:
        make_entry(*args, today=TODAY, **extra)
    assert err.value.key == key
    assert err.value.message("es") != err.value.message("en")


def test_a_task_done_must_be_a_task_of_the_plan():
    assert make_action("press", today=TODAY, tasks=["press"]).task == "press"
    with pytest.raises(UserError, match="bad_task"):
        make_action("wash_the_car", today=TODAY, tasks=["press"])


# ---------------------------------------------------------------- the store


def test_a_round_trip_through_the_store(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        case_id = store.save(fictional_case(1))
        other = store.save(fictional_case(2))
        fill(store, case_id)
        store.log(other, make_entry("call", 9, today=TODAY))
    with open_test_store(path) as store:  # read back by a new process's worth of objects
        tracker = store.tracker(case_id)
    assert tracker.per_day("call") == {date(2026, 11, 29): 3, TODAY: 1}
    assert tracker.letters() == {"family_member": 2} and tracker.total("signature") == 40
    assert tracker.done("legal_consult") and not tracker.done("press")
    first = tracker.entries[0]
    assert (first.caller, first.note, first.on) == (CALLER, NOTE, date(2026, 11, 29))
    assert len({e.id for e in tracker.entries}) == 5
    assert rows(path, case_id) == dict.fromkeys(TABLES, 1) | {"tracker_calls": 2}


def test_an_entry_logged_by_mistake_can_be_removed(store):
    case_id = store.save(fictional_case(1))
    entry_id = store.mark_done(case_id, "press", on=TODAY)
    assert store.tracker(case_id).done("press")
    store.remove_entry(case_id, entry_id)
    assert not store.tracker(case_id).done("press")
    with pytest.raises(UnknownCase):
        store.remove_entry(case_id, entry_id)


def test_trackers_belong_to_a_stored_case(store):
    with pytest.raises(UnknownCase):
        store.log("0" * 32, make_entry("call", today=TODAY))
    with pytest.raises(UnknownCase):
        store.tracker("not a case id")


def test_purging_a_case_removes_its_tracker_rows_and_only_its(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        gone, kept = store.save(fictional_case(1)), store.save(fictional_case(2))
        fill(store, gone)
        fill(store, kept)
        store.delete(gone)
        assert sum(rows(path, gone).values()) == 0
        assert sum(rows(path, kept).values()) == 5
        assert store.tracker(kept).total("call") == 4
        store.purge_all()
    assert sum(rows(path).values()) == 0


def test_expired_cases_take_their_trackers_with_them(store, tmp_path):
    from datetime import UTC, datetime, timedelta

    case_id = store.save(fictional_case(1))
    fill(store, case_id)
    store.set_retention(30)
    assert store.purge_expired(now=datetime.now(UTC) + timedelta(days=31)) == [case_id]
    assert sum(rows(tmp_path / "store.db").values()) == 0


def test_no_plaintext_caller_name_or_note_in_the_database_files(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        case_id = store.save(fictional_case(1))
        fill(store, case_id)
        files = [p for p in tmp_path.iterdir() if p.name.startswith("store.db")]
        data = b"".join(p.read_bytes() for p in files)
        for secret in (CALLER, NOTE, "Carmela", "2026-11-29", "family_member", "legal_consult"):
            assert secret.encode() not in data, secret
        store.delete(case_id)


def test_a_sealed_entry_moved_to_another_case_fails_its_integrity_check(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        victim, thief = store.save(fictional_case(1)), store.save(fictional_case(2))
        store.log(victim, make_entry("call", 1, today=TODAY, caller=CALLER))
        with sqlite3.connect(path) as con:
            con.execute("UPDATE tracker_calls SET case_id = ?", (thief,))
        with pytest.raises(IntegrityFailure):
            store.tracker(thief)


def test_an_old_store_gains_the_tracker_tables_and_loses_nothing(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        case_id = store.save(fictional_case(1))
        store.save_draft("d-1", {"person": {"name": "Ana"}}, "person")
    with sqlite3.connect(path) as con:  # what a store made by the kit's schema version 1 holds
        for table in TABLES:
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (b"1",))
    with open_test_store(path) as store:
        assert store.load(case_id) == fictional_case(1)
        assert store.load_draft("d-1")[1] == "person"
        store.log(case_id, make_entry("call", 2, today=TODAY))
        assert store.tracker(case_id).total("call") == 2
    with sqlite3.connect(path) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version[0] == str(SCHEMA_VERSION).encode()
        assert set(TABLES) <= {r[0] for r in con.execute("SELECT name FROM sqlite_master")}


def _log_calls(path, case_id, n):
    with open_test_store(path) as store:
        for _ in range(n):
            store.log(case_id, make_entry("call", 1, today=TODAY))


def test_volunteers_logging_at_once_lose_nothing(tmp_path):
    path = tmp_path / "store.db"
    with open_test_store(path) as store:
        case_id = store.save(fictional_case(1))
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_log_calls, args=(path, case_id, 25)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert all(w.exitcode == 0 for w in workers)
    with open_test_store(path) as store:
        assert store.tracker(case_id).total("call") == 100


def test_demo_mode_keeps_trackers_in_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("DDKIT_DEMO", "1")
    store = open_store()
    case_id = store.save(fictional_case(1))
    fill(store, case_id)
    assert store.tracker(case_id).total("call") == 4 and store.tracker(case_id).done(
        "legal_consult"
    )
    with pytest.raises(UnknownCase):
        store.log("0" * 32, make_entry("call", today=TODAY))
    store.delete(case_id)
    with pytest.raises(UnknownCase):
        store.tracker(case_id)
    assert not (tmp_path / "ddkit-data" / "store.db").exists()


# ---------------------------------------------------------------- the old tracker files


def old_file(folder, old_id, entries):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{old_id}.json"
    path.write_text(json.dumps({"version": 1, "case_id": old_id, "entries": entries}))
    (folder / f"{old_id}.lock").write_text("")
    return path


OLD = [{"what": "letter", "kind": "faith_leader", "count": 2, "on": "2026-11-20"},
       {"what": "call", "kind": None, "count": 5, "on": "2026-11-21"}]  # fmt: skip


def test_old_tracker_files_are_imported_once_then_shredded(store, tmp_path):
    case_id = store.save(fictional_case(1))
    folder = tmp_path / "ddkit-data" / "trackers"
    path = old_file(folder, case_id, OLD)
    left = old_file(folder, "case-0042", OLD[1:])
    shredded = []
    real_shred = tracker_files.shred
    tracker_files.shred = lambda p: (shredded.append(p.read_bytes()), real_shred(p))
    try:
        moved = tracker_files.import_all(store)
    finally:
        tracker_files.shred = real_shred
    assert moved.imported == (case_id,) and moved.left == ("case-0042",)
    assert not path.exists() and left.exists() and not (folder / f"{case_id}.lock").exists()
    assert shredded and b"faith_leader" in shredded[0]  # it was read before the overwrite
    tracker = store.tracker(case_id)
    assert tracker.letters() == {"faith_leader": 2} and tracker.total("call") == 5
    # A crash after the commit, before the file went: the same file again adds nothing.
    old_file(folder, case_id, OLD)
    tracker_files.import_all(store)
    assert store.tracker(case_id).total("call") == 5
    assert tracker_files.attach(store, "case-0042", case_id) == 1
    assert store.tracker(case_id).total("call") == 10 and not left.exists()


def test_the_shredder_overwrites_before_deleting(tmp_path):
    path = tmp_path / "old.json"
    path.write_text("secret counts")
    seen = []
    real_unlink = type(path).unlink

    def spy(self, missing_ok=False):
        seen.append(self.read_bytes())
        return real_unlink(self, missing_ok=missing_ok)

    type(path).unlink = spy
    try:
        tracker_files.shred(path)
    finally:
        type(path).unlink = real_unlink
    assert seen == [b"\0" * len("secret counts")] and not path.exists()


def test_a_damaged_old_file_is_reported_and_left_untouched(store, tmp_path):
    case_id = store.save(fictional_case(1))
    folder = tmp_path / "ddkit-data" / "trackers"
    folder.mkdir(parents=True)
    (folder / f"{case_id}.json").write_text("{not json")
    with pytest.raises(UserError) as err:
        tracker_files.import_all(store)
    assert f"{case_id}.json" in err.value.message("en")
    assert (folder / f"{case_id}.json").read_text() == "{not json"


# ---------------------------------------------------------------- exports and charts


def test_the_export_goes_through_the_safe_writers_and_hides_callers_unless_full(store, tmp_path):
    case_id = store.save(fictional_case(1))
    store.log(case_id, make_entry("call", 1, today=TODAY, caller="=HYPERLINK(1)", note=NOTE))
    redacted = export_trackers(store, tmp_path, "csv")
    text = redacted.read_text(encoding="utf-8-sig")
    assert "HYPERLINK" not in text and NOTE not in text and redacted.name.startswith("trackers-")
    assert stat.S_IMODE(redacted.stat().st_mode) == 0o600
    full = export_trackers(store, tmp_path, "csv", full=True, passphrase=PASSPHRASE)
    text = full.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and NOTE in text
    with pytest.raises(Exception, match="passphrase"):
        export_trackers(store, tmp_path, "xlsx", full=True, passphrase="wrong wrong wrong")
    assert [a for _, _, a in store.audit_log()][-2:] == ["export_trackers", "export_trackers_full"]


def test_letters_progress_sets_collected_beside_the_plan_targets(practice_cases):
    case = practice_cases["02_final_order_mother"]  # fictional
    table = plan(case, assess(case, on=TODAY), TODAY)
    targets = plan_targets(table)
    assert targets["family_member"] == 3 and targets["mass_personal"] == 100
    tracker = Tracker("c", [Entry("letter", 2, TODAY, "family_member")])
    row = letters_progress(tracker, targets).set_index("kind").loc["family_member"]
    assert (row["collected"], row["target"]) == (2, 3)
