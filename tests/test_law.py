"""The legal data: loading, strict validation, the review date, circuits and form facts."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from ddkit.case import US_STATES
from ddkit.law import (
    LawError,
    circuit_of,
    forms,
    load_development_file,
    reviewed,
)
from ddkit.law.loader import DATA_DIR, load_circuits_file, load_forms_file
from ddkit.law.schema import EFFECT_KINDS

FIXTURES = Path(__file__).parent / "fixtures" / "law"
BROKEN = FIXTURES / "broken"
GOOD = FIXTURES / "good" / "example-development.yaml"


def test_the_legal_data_has_one_review_date():
    assert reviewed() == date(2026, 12, 2)


# ------------------------------------------------------------------ circuits


@pytest.mark.parametrize(
    ("state", "circuit"),
    [("TX", "5"), ("LA", "5"), ("MS", "5"), ("NY", "2"), ("CA", "9"), ("GU", "9"), ("MP", "9"),
     ("PR", "1"), ("VI", "3"), ("DC", "dc"), ("FL", "11"), ("MN", "8"), ("IL", "7")],
)  # fmt: skip
def test_a_state_maps_to_its_federal_circuit(state, circuit):
    assert circuit_of(state) == circuit


def test_every_state_and_territory_has_a_circuit_except_american_samoa():
    unmapped = [code for code in US_STATES if circuit_of(code) is None]
    assert unmapped == ["AS"]


@pytest.mark.parametrize("value", [None, "", "XX", "Texas", 5, "T X"])
def test_an_unknown_state_has_no_circuit_and_never_raises(value):
    assert circuit_of(value) is None


def test_state_codes_are_read_loosely():
    assert circuit_of(" tx ") == "5"


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _circuits_data():
    return yaml.safe_load((DATA_DIR / "circuits.yaml").read_text(encoding="utf-8"))


def test_a_circuit_map_missing_a_state_is_rejected(tmp_path):
    data = _circuits_data()
    data["circuits"]["5"] = ["LA", "MS"]
    with pytest.raises(LawError, match=r"circuits.yaml: -: state 'TX' is missing"):
        load_circuits_file(_write(tmp_path, "circuits.yaml", data))


def test_a_circuit_map_listing_a_state_twice_is_rejected(tmp_path):
    data = _circuits_data()
    data["circuits"]["4"].append("TX")
    with pytest.raises(LawError, match="'TX' is listed twice"):
        load_circuits_file(_write(tmp_path, "circuits.yaml", data))


# ------------------------------------------------------------------ form facts


def test_the_stay_of_removal_facts_are_all_there_in_both_languages():
    stay = forms().i246
    assert stay.fee.amount == 155
    assert stay.proposed_fee.amount == 755 and stay.proposed_fee.status == "proposed"
    names = set(stay.facts())
    assert names >= {"fee", "payment", "refundable", "passport", "does_not_stop_removal",
                     "where_to_file", "in_person", "proposed_fee"}  # fmt: skip
    for name, fact in stay.facts().items():
        assert fact("en") and fact("es") and fact("en") != fact("es"), name
        assert fact.confidence in ("confirmed", "reported", "unverified")
        assert fact.as_of <= reviewed()
        if fact.confidence != "unverified":
            assert fact.sources, name
    assert "does not stop removal" in stay.does_not_stop_removal("en")
    assert "$155" in stay.fee("es")


def _forms_data():
    return yaml.safe_load((DATA_DIR / "forms.yaml").read_text(encoding="utf-8"))


def test_a_confirmed_fact_without_a_source_is_rejected(tmp_path):
    data = _forms_data()
    data["i246"]["payment"].update(confidence="confirmed", sources=[])
    with pytest.raises(LawError, match="i246.payment: a confirmed fact needs at least one source"):
        load_forms_file(_write(tmp_path, "forms.yaml", data))


def test_a_fee_whose_sentence_does_not_state_the_amount_is_rejected(tmp_path):
    data = _forms_data()
    data["i246"]["fee"]["amount"] = 200
    with pytest.raises(LawError, match=r"i246.fee: the en text must state the amount \(200\)"):
        load_forms_file(_write(tmp_path, "forms.yaml", data))


# ------------------------------------------------------------------ the development format


def test_the_example_development_uses_every_kind_of_effect():
    development = load_development_file(GOOD)
    assert {e.kind for e in development.effects} == set(EFFECT_KINDS)
    assert development.jurisdiction.circuits == ("5",)
    assert [c.check for c in development.applies_when] == ["detained", "cannot_prove_presence"]


def test_a_place_specific_development_depends_on_knowing_the_place():
    where = load_development_file(GOOD).jurisdiction
    assert where.covers("TX", "5") is True
    assert where.covers("NY", "2") is False
    assert where.covers(None, None) is None


def test_in_force_intervals_exclude_their_end():
    development = load_development_file(GOOD)
    assert not development.in_force_on(date(2026, 2, 5))
    assert development.in_force_on(date(2026, 2, 6))
    assert development.in_force_on(date(2026, 9, 30))
    assert not development.in_force_on(date(2026, 10, 1))


def test_what_changed_after_a_day_counts_starts_and_ends():
    development = load_development_file(GOOD)
    assert development.changed_after(date(2026, 9, 1))  # it stopped on 2026-10-01
    assert not development.changed_after(date(2026, 10, 1))


BROKEN_CASES = [
    ("unknown-key", "colour", "Extra inputs"),
    ("duplicate-key", "line 10", "duplicate key 'date'"),
    ("bad-date", "date", "date"),
    ("missing-spanish", "title.es", "required"),
    ("interval-backwards", "in_force.0", "'until' must come after 'from'"),
    ("no-in-force", "in_force", "at least 1"),
    ("id-mismatch", "id", "must match the file name"),
    ("insecure-source", "sources.0.url", "pattern"),
    ("no-sources", "sources", "at least 1"),
    ("bad-confidence", "confidence", "'confirmed', 'reported' or 'unverified'"),
    ("unknown-check", "applies_when.0.check", "unknown check 'speaks_english'"),
    ("bad-params", "applies_when.1", "params of 'cannot_prove_presence': years"),
    ("unknown-param", "applies_when.1", "months: Extra inputs"),
    ("unknown-flag", "effects.0.flag", "unknown flag 'no_bail_risk'"),
    ("unknown-intervention", "effects.2.caution", "unknown intervention 'bond_hearing'"),
    ("unknown-circuit", "jurisdiction.circuits", "unknown circuit '12'"),
    ("unknown-state", "jurisdiction.states", "unknown state 'XX'"),
    ("two-jurisdictions", "jurisdiction", "exactly one of: national, circuits, states"),
    ("two-kinds", "effects.4", "exactly one of: flag, lift"),
    ("no-text", "effects.2", "a caution needs its text"),
    ("unknown-placeholder", "effects.1.text", "unknown placeholder {court}"),
    ("placeholders-differ", "effects.1.text", "different placeholders"),
    ("no-effects", "effects", "at least 1"),
    ("if-flags-on-flag", "effects.0", "if_flags works on reasons"),
    ("not-a-mapping", "-", "mapping"),
    ("not-yaml", "line 4", ""),
]


@pytest.mark.parametrize(
    ("fixture", "key", "words"), BROKEN_CASES, ids=[c[0] for c in BROKEN_CASES]
)
def test_a_broken_development_file_is_rejected_with_its_name_and_key(fixture, key, words):
    with pytest.raises(LawError) as caught:
        load_development_file(BROKEN / f"{fixture}.yaml")
    message = str(caught.value)
    assert message.startswith(f"{fixture}.yaml: {key}:"), message
    assert words in message


def test_every_broken_fixture_is_tested():
    assert {p.stem for p in BROKEN.glob("*.yaml")} == {c[0] for c in BROKEN_CASES}
