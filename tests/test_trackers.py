"""Campaign trackers: letters by kind, calls per day, signatures; stored privately and atomically."""

import json
import multiprocessing
import stat
from datetime import date

import pytest

from ddkit.assess import assess
from ddkit.campaign import trackers
from ddkit.campaign.plan import plan
from ddkit.campaign.trackers import (
    Entry,
    FileTrackerStore,
    MemoryTrackerStore,
    Tracker,
    letters_progress,
    make_entry,
    plan_targets,
)
from ddkit.errors import UserError

TODAY = date(2026, 12, 1)


def test_make_entry_accepts_good_input():
    entry = make_entry("letter", "3", "faith_leader", date(2026, 11, 30), today=TODAY)
    assert entry == Entry("letter", 3, date(2026, 11, 30), "faith_leader")
    assert make_entry("call", today=TODAY) == Entry("call", 1, TODAY, None)


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("call", "0"), "campaign.track.bad_count"),
        (("call", "-4"), "campaign.track.bad_count"),
        (("call", "two"), "campaign.track.bad_count"),
        (("call", "100001"), "campaign.track.bad_count"),
        (("letter", 1, None), "campaign.track.kind_needed"),
        (("letter", 1, "cousin"), "campaign.track.bad_kind"),
        (("call", 1, "family_member"), "campaign.track.kind_not_allowed"),
        (("signature", 1, None, date(2026, 12, 2)), "campaign.track.future_date"),
    ],
)
def test_bad_counts_kinds_and_dates_get_clear_errors(args, key):
    with pytest.raises(UserError) as err:
        make_entry(*args, today=TODAY)
    assert err.value.key == key
    assert err.value.message("es") != err.value.message("en")


@pytest.mark.parametrize("case_id", ["../etc", "a/b", "", "Ana María", "x" * 65, "-lead"])
def test_a_case_id_that_is_not_a_safe_name_is_refused(case_id):
    with pytest.raises(UserError, match="bad_case_id"):
        trackers.check_case_id(case_id)


def test_the_file_store_keeps_counts_privately(tmp_path):
    store = FileTrackerStore(tmp_path / "trackers")
    store.add("case-7", Entry("letter", 2, TODAY, "family_member"))
    store.add("case-7", Entry("call", 4, TODAY))
    store.add("case-7", Entry("call", 1, date(2026, 11, 29)))
    store.add("case-7", Entry("signature", 25, TODAY))
    tracker = FileTrackerStore(tmp_path / "trackers").load("case-7")
    assert tracker.letters() == {"family_member": 2}
    assert tracker.per_day("call") == {date(2026, 11, 29): 1, TODAY: 4}
    assert tracker.total("signature") == 25
    path = store.path("case-7")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []
    assert json.loads(path.read_text())["version"] == 1


def test_a_missing_tracker_is_empty_and_the_default_store_is_in_the_data_dir(tmp_path):
    store = trackers.default_store()
    assert isinstance(store, FileTrackerStore)
    assert store.load("case-9").entries == []


def test_a_damaged_file_is_reported_and_left_untouched(tmp_path):
    store = FileTrackerStore(tmp_path)
    store.path("case-1").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError) as err:
        store.add("case-1", Entry("call", 1, TODAY))
    assert "case-1" in err.value.message("en")
    assert store.path("case-1").read_text(encoding="utf-8") == "{not json"


def test_demo_mode_keeps_trackers_in_memory(monkeypatch, tmp_path):
    monkeypatch.setenv("DDKIT_DEMO", "1")
    store = trackers.default_store()
    assert isinstance(store, MemoryTrackerStore)
    store.add("demo-1", Entry("call", 2, TODAY))
    assert store.load("demo-1").total("call") == 2
    assert not (tmp_path / "ddkit-data" / "trackers").exists()


def _log_calls(root, n):
    store = FileTrackerStore(root)
    for _ in range(n):
        store.add("shared-case", Entry("call", 1, TODAY))


def test_volunteers_logging_at_once_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_log_calls, args=(tmp_path, 25)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert all(w.exitcode == 0 for w in workers)
    assert FileTrackerStore(tmp_path).load("shared-case").total("call") == 100


def test_letters_progress_sets_collected_beside_the_plan_targets(practice_cases):
    case = practice_cases["02_final_order_mother"]  # fictional
    table = plan(case, assess(case, on=TODAY), TODAY)
    targets = plan_targets(table)
    assert targets["family_member"] == 3 and targets["mass_personal"] == 100
    tracker = Tracker("c", [Entry("letter", 2, TODAY, "family_member")])
    progress = letters_progress(tracker, targets)
    row = progress.set_index("kind").loc["family_member"]
    assert (row["collected"], row["target"]) == (2, 3)
    assert set(progress["kind"]) == set(targets)
