"""Property tests: any mapping either validates or raises the clear error; nothing crashes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddkit.case import Case, CaseError, parse_case

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["A123456789", "2020-02-30", "in_proceedings", "TX", "yes", "<b>x</b>"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
SECTION_KEYS = {
    "person": ["name", "a_number", "date_of_birth", "entry_date", "entry_manner", "aliases"],
    "custody": ["detained", "facility", "state", "detained_since"],
    "proceedings": ["stage", "next_hearing", "prior_removals", "pending_relief"],
    "equities": ["us_citizen_children", "primary_caregiver", "community_ties"],
    "consent": ["public_campaign", "congressional_contact"],
}
near_cases = st.fixed_dictionaries(
    {
        section: st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))
        for section, keys in SECTION_KEYS.items()
    },
    optional={"criminal_history": st.lists(values, max_size=3), "extra": values},
)


def check(data):
    try:
        case = parse_case(data)
    except CaseError as exc:
        assert exc.problems
        for lang in ("en", "es"):
            text = exc.message(lang)
            assert text and "Traceback" not in text
        return
    assert isinstance(case, Case)
    assert case.person.a_number is None or len(case.person.a_number) == 10


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_value_validates_or_raises_the_clear_error(data):
    check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_cases)
def test_any_near_case_validates_or_raises_the_clear_error(data):
    check(data)
