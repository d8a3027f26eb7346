"""The law as dated, sourced, place-aware data.

Each legal development (a court decision, a statute, an agency practice) is one YAML file in
``ddkit/law/developments/``: when it happened and was in force, where it holds (the whole
country, some federal circuits, some states), how sure we are (``confirmed``, ``reported``,
``unverified``), where it was reported, which cases it touches and what it changes in an
assessment. The assessment applies them on the day asked, for the place the person is held.

The whole legal data has one review date, :func:`reviewed`; every output shows it, and an
assessment more than 90 days after it warns that the law may have changed.

    >>> from ddkit.law import reviewed, circuit_of
    >>> reviewed().isoformat(), circuit_of("TX")
    ('2026-12-02', '5')
"""

from ddkit.law.facts import Fact, Forms
from ddkit.law.loader import (
    LawError,
    changed_since,
    check_all,
    circuit_of,
    circuits,
    developments,
    forms,
    in_force,
    load_development_file,
    review,
    reviewed,
)
from ddkit.law.schema import Development, Effect

__all__ = [
    "Development",
    "Effect",
    "Fact",
    "Forms",
    "LawError",
    "changed_since",
    "check_all",
    "circuit_of",
    "circuits",
    "developments",
    "forms",
    "in_force",
    "load_development_file",
    "review",
    "reviewed",
]
