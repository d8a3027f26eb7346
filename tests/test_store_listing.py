"""My cases: the list with names opened in the kernel, short case codes, finding a case again.

Every person here is fictional. Each test runs on the encrypted store and on the demo store.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest

from ddkit.store import AmbiguousCode, UnknownCase
from ddkit.store.codes import ALPHABET, LONG, case_code, codes_for, id_range, parse_code
from ddkit.store.memory import MemoryStore
from ddkit.store.records import bundle, unbundle
from tests.test_store import fictional_case, open_test_store

ON = date(2026, 12, 2)
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$")


@pytest.fixture(params=["encrypted", "demo"])
def store(request, tmp_path):
    store = (
        open_test_store(tmp_path / "store.db") if request.param == "encrypted" else MemoryStore()
    )
    yield store
    store.close()


def test_the_alphabet_has_no_zero_o_one_or_i_and_codes_are_spoken_in_threes():
    assert len(ALPHABET) == 32 == len(set(ALPHABET))
    assert not set("0O1I") & set(ALPHABET)
    for _ in range(200):
        assert CODE.match(case_code(uuid.uuid4().hex))


def test_a_code_is_the_start_of_its_id_so_a_range_of_ids_finds_it():
    for _ in range(200):
        case_id = uuid.uuid4().hex
        for length in (6, LONG):
            lo, hi = id_range(parse_code(case_code(case_id, length)))
            assert lo <= case_id < hi
    assert parse_code(" k7m 4qx ") == "K7M4QX"
    assert parse_code("K7M-4QX-R2A-B") is None and parse_code("K7M") is None
    assert parse_code("<script>") is None and parse_code(None) is None


def test_the_list_holds_every_case_and_draft_with_its_name_code_stage_and_next_date(store):
    ids = [store.save(fictional_case(n)) for n in (1, 2, 3)]
    store.save_draft("d-1", {"person": {"name": "Borrador Inventado (fictional)"},
                             "proceedings": {"next_check_in": "2026-12-20"}}, "custody")  # fmt: skip
    entries = store.case_list(ON)
    assert len(entries) == 4
    assert [e.id for e in entries if not e.draft] == ids[::-1]  # most recently changed first
    by_id = {e.id: e for e in entries}
    for n, case_id in enumerate(ids, start=1):
        entry = by_id[case_id]
        assert entry.name == fictional_case(n).person.name
        assert entry.code == case_code(case_id) and CODE.match(entry.code)
        assert (entry.stage, entry.next_day, entry.next_event) == (
            "in_proceedings", date(2026, 12, 8), "hearing"
        )  # fmt: skip
        assert entry.fictional and not entry.damaged
        assert entry.name not in repr(entry)  # never into a log by accident
    draft = by_id["d-1"]
    assert draft.draft and draft.name == "Borrador Inventado (fictional)"
    assert (draft.next_day, draft.next_event, draft.stage) == (
        date(2026, 12, 20),
        "check_in",
        "none",
    )
    assert len({e.code for e in entries}) == 4


def test_a_date_already_past_is_not_the_next_one():
    store = MemoryStore()
    case = fictional_case(1, proceedings={"stage": "in_proceedings", "next_hearing": "2026-11-01"})
    store.save(case)
    assert store.case_list(ON)[0].next_day is None


def test_searching_finds_a_part_of_the_name_or_of_the_code(store):
    store.save(fictional_case(1))
    store.save(fictional_case(2))
    entries = store.case_list(ON)
    assert [e for e in entries if e.matches("nº2")] == [e for e in entries if "Nº2" in e.name]
    code = entries[0].code
    assert [e.id for e in entries if e.matches(code.lower().replace("-", " "))] == [entries[0].id]
    assert all(e.matches("  ") for e in entries)
    assert not any(e.matches("nobody at all") for e in entries)


def test_a_case_opens_by_its_code_typed_any_way_or_by_its_full_id(store):
    case_id = store.save(fictional_case(1))
    code = case_code(case_id)
    for typed in (code, code.lower(), code.replace("-", ""), f" {code[:3]} {code[4:]} "):
        assert store.find(typed) == case_id
    assert store.find(case_id.upper()) == case_id
    assert store.lookup(code) == ("case", case_id)
    store.save_draft("d-7", {"person": {"name": "Ana (fictional)"}}, "person")
    assert store.lookup(case_code("d-7")) == ("draft", "d-7")
    assert store.lookup("d-7") == ("draft", "d-7")


def test_an_unknown_or_malformed_code_says_so_without_repeating_anything_else(store):
    store.save(fictional_case(1))
    free = next(c for c in ("ZZZ-ZZZ", "YYY-YYY") if not store.ids_with_code(parse_code(c)))
    with pytest.raises(UnknownCase) as missing:
        store.find(free)
    assert free in missing.value.message("en")
    for typed in ("Lucía Inventada", "K7M-0QX", "x" * 500, 12):
        with pytest.raises(UnknownCase) as bad:
            store.lookup(typed)
        text = bad.value.message("es")
        assert "Lucía" not in text and "0QX" not in text and "xxxx" not in text


def _colliding_ids(monkeypatch, module, first: str):
    """Make the store's random ids: one that shares ``first``'s code, then fresh ones."""
    twin = first[:8] + ("0" if first[8] != "0" else "1") + first[9:]
    assert case_code(twin) == case_code(first) and twin != first
    fresh = iter([uuid.UUID(twin), *(uuid.uuid4() for _ in range(10))])
    monkeypatch.setattr(module.uuid, "uuid4", lambda: next(fresh))
    return twin


def test_a_new_case_never_takes_a_code_already_used(store, monkeypatch):
    import ddkit.store.memory
    import ddkit.store.store

    module = ddkit.store.memory if store.demo else ddkit.store.store
    first = store.save(fictional_case(1))
    twin = _colliding_ids(monkeypatch, module, first)
    second = store.save(fictional_case(2))
    assert second != twin and case_code(second) != case_code(first)
    assert store.load(second) == fictional_case(2)


def test_two_cases_sharing_a_code_get_long_codes_and_the_short_one_is_not_guessed():
    # Only possible across servers or users; built by hand here on the demo store.
    store = MemoryStore()
    first = store.save(fictional_case(1))
    twin = first[:8] + ("0" if first[8] != "0" else "1") + first[9:]
    store._cases[twin] = (fictional_case(2), *store._cases[first][1:])
    with pytest.raises(AmbiguousCode) as clash:
        store.find(case_code(first))
    assert case_code(first) in clash.value.message("es")
    entries = {e.id: e.code for e in store.case_list(ON)}
    assert entries == codes_for([first, twin])
    assert all(len(code.replace("-", "")) == LONG for code in entries.values())
    assert store.find(entries[twin]) == twin and store.find(entries[first]) == first


def test_a_damaged_case_is_listed_as_damaged_and_the_others_still_show(tmp_path):
    import sqlite3

    store = open_test_store(tmp_path / "store.db")
    good, bad = store.save(fictional_case(1)), store.save(fictional_case(2))
    store.close()
    with sqlite3.connect(tmp_path / "store.db") as con:
        blob = con.execute("SELECT sealed FROM cases WHERE id = ?", (bad,)).fetchone()[0]
        pieces = dict(unbundle(blob))
        name = bytearray(pieces["person.name"])
        name[-5] ^= 1  # the name is what the list opens (damage elsewhere shows on opening)
        pieces["person.name"] = bytes(name)
        con.execute("UPDATE cases SET sealed = ? WHERE id = ?", (bundle(pieces.items()), bad))
    with open_test_store(tmp_path / "store.db") as store:
        entries = {e.id: e for e in store.case_list(ON)}
    assert entries[good].name == fictional_case(1).person.name and not entries[good].damaged
    assert entries[bad].damaged and entries[bad].name is None


def test_withdrawing_consent_is_one_call_and_is_audited(store):
    case_id = store.save(fictional_case(1, consent={"public_campaign": True,
                                                    "congressional_contact": True}))  # fmt: skip
    case = store.withdraw_consent(case_id, ON)
    assert store.load(case_id) == case
    assert (case.consent.public_campaign, case.consent.congressional_contact) == (False, False)
    assert case.consent.withdrawn_on == ON
    assert store.audit_log()[-1][1:] == (case_id, "consent_withdrawn")
