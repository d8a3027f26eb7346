"""The campaign plan: worked back from the key date, compressed when urgent, consent respected.

Every person in these tests is fictional.
"""

from datetime import date, timedelta

import pytest

from ddkit.assess import assess
from ddkit.campaign.plan import COLUMNS, LETTER_KINDS, STATUSES, key_date, letter_targets, plan
from ddkit.case import parse_case
from ddkit.i18n import LANGS

# Days to plan from: the practice cases' own assessment day, a day long before it, and the eve
# of most of their key dates (2026-12-07 .. 2026-12-12).
ON_DAYS = (date(2026, 12, 1), date(2026, 9, 1), date(2026, 12, 7))
PUBLIC_TASKS = ("petition_launch", "call_in", "press", "vigil", "letters_mass_personal")


def fictional(**sections):
    """A fictional case for a test (no real person)."""
    data = {"fictional": True, "person": {"name": "Prueba Ficticia", "a_number": "A000000999"}}
    data.update(sections)
    return parse_case(data)


def plans(practice_cases):
    for name, case in sorted(practice_cases.items()):
        for on in ON_DAYS:
            assessment = assess(case, on=on)
            yield name, case, assessment, plan(case, assessment, on)


def test_every_practice_case_gets_a_plan_with_no_task_after_its_key_date(practice_cases):
    for name, _case, _assessment, table in plans(practice_cases):
        assert list(table.columns) == list(COLUMNS), name
        on, last = table.attrs["on"], table.attrs["horizon"]
        assert len(table) >= 1
        assert all(on <= day <= last for day in table["date"]), name
        key = table.attrs["key_date"]
        if key is not None:
            assert key == last
            assert all(day <= key for day in table["date"]), name
        assert set(table["status"]) <= set(STATUSES)
        assert list(table["date"]) == sorted(table["date"])


def test_urgent_cases_get_a_compressed_plan_that_ends_on_the_key_date(practice_cases):
    urgent = 0
    for name, _case, assessment, table in plans(practice_cases):
        if assessment.has("urgent"):
            urgent += 1
            assert table.attrs["compressed"], name
            span = (table.attrs["key_date"] - table.attrs["on"]).days
            assert span <= 14
            assert table["date"].max() <= table.attrs["key_date"]
    assert urgent >= 3  # the practice cases do include urgent ones


def test_a_roomy_plan_is_not_compressed_and_spreads_tasks_out():
    case = fictional(proceedings={"stage": "in_proceedings", "next_hearing": "2027-03-01"})
    table = plan(case, assess(case, on=date(2026, 12, 1)), date(2026, 12, 1))
    assert not table.attrs["compressed"]
    letters = table[table["task"].str.startswith("letters_")]
    assert set(letters["date"]) == {date(2027, 3, 1) - timedelta(days=14)}
    request = table[table["task"] == "request_opla_pd_request"].iloc[0]
    assert request["date"] == date(2027, 3, 1) - timedelta(days=10)
    assert table.loc[table["task"] == "legal_consult", "date"].iloc[0] == date(2026, 12, 4)


def test_nothing_public_is_planned_without_consent_to_a_public_campaign(practice_cases):
    for name, case, _assessment, table in plans(practice_cases):
        public_rows = table[table["public"]]
        public_ids = [t for t in table["task"] if t.startswith(PUBLIC_TASKS)]
        if not case.consent.public_campaign:
            assert public_rows.empty and not public_ids, name
        else:
            assert set(public_ids) == set(public_rows["task"])


def test_the_congressional_inquiry_needs_consent_to_congressional_contact(practice_cases):
    for name, case, _assessment, table in plans(practice_cases):
        if not case.consent.congressional_contact:
            assert "congressional_inquiry" not in set(table["task"]), name


def test_consent_opens_the_public_tasks():
    sections = {
        "proceedings": {"stage": "final_order", "removal_date": "2027-02-01"},
        "equities": {"us_citizen_children": 2, "community_ties": "church choir"},
    }
    closed = fictional(**sections)
    opened = fictional(**sections, consent={"public_campaign": True, "congressional_contact": True})
    on = date(2026, 12, 1)
    closed_plan = plan(closed, assess(closed, on=on), on)
    opened_plan = plan(opened, assess(opened, on=on), on)
    assert not closed_plan["public"].any()
    assert "consent_talk" in set(closed_plan["task"])
    tasks = set(opened_plan["task"])
    assert {"petition_launch", "call_in_1", "press", "vigil", "congressional_inquiry"} <= tasks
    assert "letters_mass_personal" in tasks


def test_a_task_that_no_longer_fits_is_flagged_too_late_not_dropped():
    case = fictional(
        proceedings={"stage": "final_order", "removal_date": "2026-12-02"},
        consent={"public_campaign": True},
    )
    tomorrow_plan = plan(case, assess(case, on=date(2026, 12, 1)), date(2026, 12, 1))
    roomy_plan = plan(case, assess(case, on=date(2026, 9, 1)), date(2026, 9, 1))

    # Call-in days may fold into one when they fall on the same day; nothing else goes.
    def kept(table):
        return {t for t in table["task"] if not t.startswith("call_in_")}

    assert kept(tomorrow_plan) == kept(roomy_plan)
    assert "call_in_1" in set(tomorrow_plan["task"])
    late = tomorrow_plan[tomorrow_plan["status"] == "too_late"]
    assert "letters_organizational" in set(late["task"])
    assert all("2026-12-02" in note for note in late["note"])
    assert (roomy_plan["status"] == "todo").all()


def test_the_key_date_is_the_earliest_deadline_still_ahead():
    case = fictional(
        proceedings={
            "stage": "final_order",
            "under_supervision": True,
            "next_check_in": "2026-12-20",
            "removal_date": "2027-01-15",
        }
    )
    on = date(2026, 12, 1)
    assert key_date(case, assess(case, on=on), on) == (date(2026, 12, 20), "check_in")
    later = date(2026, 12, 21)
    assert key_date(case, assess(case, on=later), later) == (date(2027, 1, 15), "removal")


def test_without_a_known_date_the_plan_is_paced_over_a_horizon():
    case = fictional(custody={"detained": True})
    table = plan(case, assess(case, on=date(2026, 12, 1)), date(2026, 12, 1))
    assert table.attrs["key_date"] is None and table.attrs["key_event"] is None
    assert table["date"].max() <= table.attrs["horizon"]
    assert "request_release_request" in set(table["task"])


def test_letters_follow_the_equities():
    assert letter_targets(fictional(equities={"us_citizen_children": 1})) == {
        "family_member": 3,
        "teacher_counselor": 2,
    }
    caregiver = fictional(equities={"primary_caregiver": True, "community_ties": "mosque"})
    assert set(letter_targets(caregiver)) == {"family_member", "faith_leader", "organizational"}
    assert "mass_personal" in letter_targets(fictional(consent={"public_campaign": True}))
    assert set(letter_targets(fictional())) <= set(LETTER_KINDS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_speaks_each_language_and_is_deterministic(practice_cases, lang):
    case = practice_cases["02_final_order_mother"]
    assessment = assess(case, on=date(2026, 12, 1))
    first = plan(case, assessment, date(2026, 12, 1), lang=lang)
    again = plan(case, assessment, date(2026, 12, 1), lang=lang)
    assert first.equals(again)
    assert all(title.strip() for title in first["title"])
    assert first.attrs["lang"] == lang


def test_titles_differ_between_languages(practice_cases):
    case = practice_cases["01_detained_father"]
    assessment = assess(case, on=date(2026, 12, 1))
    en = plan(case, assessment, lang="en")
    es = plan(case, assessment, lang="es")
    assert list(en["task"]) == list(es["task"])
    assert not set(en["title"]) & set(es["title"])
