"""Policies as dated data: shipped frameworks, in-force dates, and broken files rejected."""

from datetime import date
from pathlib import Path

import pytest

from ddkit.policy import PolicyError, get_policy, load_policy_file, policies, policy_on, timeline

BROKEN = Path(__file__).parent / "fixtures" / "policies" / "broken"


def test_the_2021_memo_and_todays_framework_ship():
    assert {"mayorkas-2021", "enforcement-2025"} <= set(policies())


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        ("2021-11-28", False),
        ("2021-11-29", True),
        ("2022-06-23", True),
        ("2022-06-24", False),
        ("2023-06-22", False),
        ("2023-06-23", True),
        ("2025-01-19", True),
        ("2025-01-20", False),
    ],
)
def test_the_2021_memo_was_in_force_only_in_its_two_intervals(day, in_force):
    assert get_policy("mayorkas-2021").in_force_on(date.fromisoformat(day)) is in_force


def test_the_default_policy_is_the_one_in_force_that_day():
    assert policy_on(date(2024, 5, 1)).id == "mayorkas-2021"
    assert policy_on(date(2025, 1, 20)).id == "enforcement-2025"
    assert policy_on(date(2026, 11, 28)).id == "enforcement-2025"


def test_the_2021_memo_carries_its_priorities_and_factor_ids():
    memo = get_policy("mayorkas-2021")
    assert [p.id for p in memo.priorities] == [
        "national_security",
        "public_safety",
        "border_security",
    ]
    assert [f.id for f in memo.factors.aggravating] == [
        "offense_gravity",
        "harm_caused",
        "sophistication",
        "weapon",
        "serious_prior_record",
    ]
    assert [f.id for f in memo.factors.mitigating] == [
        "age",
        "lengthy_presence",
        "health_condition",
        "victim_or_witness",
        "family_impact",
        "relief_eligibility",
        "military_or_public_service",
        "rehabilitation",
        "vacated_or_expunged",
        "workplace_or_tenant_rights",
    ]
    assert memo.rule("border_security_entry_after") == date(2020, 11, 1)


def test_todays_framework_has_no_priorities_and_carries_the_2025_cautions():
    current = get_policy("enforcement-2025")
    assert current.priorities == []
    assert {c.id for c in current.cautions} >= {"check_in_arrests", "dismissal_expedited_removal"}
    assert current.rule("expedited_removal_presence_years") == 2


def test_every_policy_and_timeline_event_cites_a_dated_source():
    for policy in policies().values():
        assert policy.sources
        assert all(s.url.startswith("https://") and s.accessed for s in policy.sources)
    for event in timeline():
        assert event.source["url"].startswith("https://") and event.source["accessed"]


def test_unknown_policy_ids_list_the_known_ones():
    with pytest.raises(KeyError, match="mayorkas-2021"):
        get_policy("morton-1999")


@pytest.mark.parametrize(
    ("fixture", "key", "words"),
    [
        ("unknown-key", "colour", "Extra inputs"),
        ("duplicate-key", "line", "duplicate key 'issued'"),
        ("bad-date", "issued", "date"),
        ("missing-spanish", "title.es", "required"),
        ("interval-backwards", "in_force.0", "'until' must come after 'from'"),
        ("unknown-check", "factors.mitigating.1.when", "unknown check 'speaks_english'"),
        ("id-mismatch", "id", "must match the file name"),
        ("insecure-source", "sources.0.url", "pattern"),
        ("not-a-mapping", "-", "mapping"),
        ("not-yaml", "line", ""),
        ("no-in-force", "in_force", "at least 1"),
    ],
)
def test_a_broken_policy_file_is_rejected_with_its_name_and_key(fixture, key, words):
    with pytest.raises(PolicyError) as caught:
        load_policy_file(BROKEN / f"{fixture}.yaml")
    message = str(caught.value)
    assert message.startswith(f"{fixture}.yaml: {key}")
    assert words in message


def test_every_broken_fixture_is_tested():
    tested = {
        "unknown-key", "duplicate-key", "bad-date", "missing-spanish", "interval-backwards",
        "unknown-check", "id-mismatch", "insecure-source", "not-a-mapping", "not-yaml",
        "no-in-force",
    }  # fmt: skip
    assert {p.stem for p in BROKEN.glob("*.yaml")} == tested
