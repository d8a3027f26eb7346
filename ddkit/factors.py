"""Named checks on a case, used by the policy files' factor lists (``when: <name>``).

Each check answers one plain question about the case. The numbers they compare against come
from the policy file's ``params``, never from here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ddkit.case import Case
from ddkit.i18n import both

if TYPE_CHECKING:  # policy.py imports this module for the names of the checks
    from ddkit.policy import Policy

Check = Callable[..., bool]
PREDICATES: dict[str, Check] = {}


def check(fn: Check) -> Check:
    PREDICATES[fn.__name__] = fn
    return fn


def years_between(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end``.

    >>> years_between(date(2000, 3, 1), date(2010, 2, 28))
    9
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _convictions(case: Case):
    return [r for r in case.criminal_history if r.disposition == "convicted"]


def _live_records(case: Case):
    """Charges and convictions still standing (unknown outcomes count: ask the attorney).

    Dismissed or vacated charges and arrests with no charge are not weighed as factors; the
    Laken Riley Act check (``ddkit/law``) still counts them for detention.
    """
    gone = ("dismissed", "vacated", "arrested_only")
    return [r for r in case.criminal_history if r.disposition not in gone]


@check
def felony_or_long_sentence(case: Case, on: date, sentence_days: int) -> bool:
    return any(
        r.severity == "felony" or (r.sentence_days or 0) >= sentence_days
        for r in _convictions(case)
    )


@check
def harm_caused(case: Case, on: date) -> bool:
    return any(r.harm_caused for r in _live_records(case))


@check
def sophisticated_offense(case: Case, on: date) -> bool:
    return any(r.sophisticated for r in _live_records(case))


@check
def weapon_involved(case: Case, on: date) -> bool:
    return any(r.weapon for r in _live_records(case))


@check
def several_convictions(case: Case, on: date, count: int) -> bool:
    return len([r for r in _convictions(case) if r.severity != "infraction"]) >= count


@check
def any_conviction_or_charge(case: Case, on: date) -> bool:
    return bool(_live_records(case))


@check
def prior_removal(case: Case, on: date) -> bool:
    return case.proceedings.prior_removals > 0 or case.proceedings.stage == "final_order"


@check
def young_or_old(case: Case, on: date, under: int, over: int) -> bool:
    born = case.person.date_of_birth
    return born is not None and not under <= years_between(born, on) < over


@check
def present_at_least(case: Case, on: date, years: int) -> bool:
    entry = case.person.entry_date
    return entry is not None and years_between(entry, on) >= years


@check
def health_condition(case: Case, on: date) -> bool:
    return case.equities.serious_health_condition


@check
def crime_victim(case: Case, on: date) -> bool:
    return case.equities.crime_victim


@check
def family_impact(case: Case, on: date) -> bool:
    return case.has_children_or_caregiving()


@check
def primary_caregiver(case: Case, on: date) -> bool:
    return case.equities.primary_caregiver


@check
def relief_pending(case: Case, on: date) -> bool:
    return bool(case.proceedings.pending_relief)


@check
def military_service(case: Case, on: date) -> bool:
    return case.equities.military_service


@check
def offenses_long_ago(case: Case, on: date, years: int) -> bool:
    convictions = _convictions(case)
    return bool(convictions) and all(
        r.date is not None and years_between(r.date, on) >= years for r in convictions
    )


@check
def conviction_vacated(case: Case, on: date) -> bool:
    return any(r.disposition == "vacated" for r in case.criminal_history)


@check
def labor_or_tenant_dispute(case: Case, on: date) -> bool:
    return case.equities.labor_or_tenant_dispute


@check
def education_in_us(case: Case, on: date) -> bool:
    return case.equities.education_in_us


@check
def community_ties(case: Case, on: date) -> bool:
    return bool(case.equities.community_ties or case.equities.employment)


@check
def pregnant_or_nursing(case: Case, on: date) -> bool:
    return case.equities.pregnant_or_nursing


# ------------------------------------------------------------------ priority and factors


def priority_of(case: Case, policy: Policy) -> tuple[str | None, dict[str, str] | None]:
    """The 2021-style enforcement priority the facts point to, if the framework has any.

    National security cannot be judged from intake facts, so the kit never assigns it.
    """
    ids = {p.id for p in policy.priorities}
    if not ids:
        return None, None
    cutoff = policy.rule("border_security_entry_after")
    person = case.person
    if "public_safety" in ids and any(
        r.disposition in ("convicted", "pending") and (r.severity == "felony" or r.weapon)
        for r in case.criminal_history
    ):
        return "public_safety", both("assess.priority.public_safety")
    if (
        "border_security" in ids
        and cutoff
        and person.entry_manner == "without_inspection"
        and person.entry_date
        and person.entry_date > cutoff
    ):
        return "border_security", both("assess.priority.border_security", cutoff=cutoff.isoformat())
    return None, None


def factors_of(case: Case, on: date, policy: Policy) -> dict[str, tuple[str, ...]]:
    """The ids of the policy's aggravating and mitigating factors that hold for ``case``."""
    return {
        kind: tuple(
            f.id for f in getattr(policy.factors, kind) if PREDICATES[f.when](case, on, **f.params)
        )
        for kind in ("aggravating", "mitigating")
    }
