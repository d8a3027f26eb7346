"""Named questions about a case, used by the developments' ``applies_when`` lists.

Each check answers one plain question (is the person detained? did they enter without
inspection?). Numbers and lists a law or a court published (two years, the Laken Riley Act's
categories, the countries whose TPS ended) come from the development file's ``params``,
never from here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from ddkit.case import Case, OffenseCategory
from ddkit.factors import years_between

Check = Callable[..., bool]
PREDICATES: dict[str, Check] = {}


def check(fn: Check) -> Check:
    PREDICATES[fn.__name__] = fn
    return fn


def same_country(a: str | None, b: str | None) -> bool:
    """Whether two country names written by people are the same (case and accents ignored).

    >>> same_country("Haití", "haiti")
    True
    """
    if not a or not b:
        return False
    return _fold(a) == _fold(b)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@check
def detained(case: Case, on: date) -> bool:
    """The person is detained now."""
    return case.custody.detained


@check
def detained_at_least(case: Case, on: date, days: int) -> bool:
    """Detained, and the detention date shows at least ``days`` days (unknown date: no)."""
    since = case.custody.detained_since
    return case.custody.detained and since is not None and (on - since).days >= days


@check
def in_proceedings(case: Case, on: date) -> bool:
    """The case is in immigration court."""
    return case.proceedings.stage == "in_proceedings"


@check
def no_case_in_court(case: Case, on: date) -> bool:
    """No removal case and no order (a Notice to Appear would already register the person)."""
    return case.proceedings.stage == "none"


@check
def final_order(case: Case, on: date) -> bool:
    """There is a final order of removal."""
    return case.proceedings.stage == "final_order"


@check
def entered_without_inspection(case: Case, on: date) -> bool:
    """The person entered without inspection."""
    return case.person.entry_manner == "without_inspection"


@check
def paroled(case: Case, on: date) -> bool:
    """The person was paroled in."""
    return case.person.entry_manner == "parole"


@check
def entered_without_inspection_or_paroled(case: Case, on: date) -> bool:
    """The person entered without inspection or was paroled in (never admitted)."""
    return case.person.entry_manner in ("without_inspection", "parole")


@check
def not_known_admitted(case: Case, on: date) -> bool:
    """The intake does not say the person was inspected and admitted (unknown counts)."""
    return case.person.entry_manner != "inspected"


@check
def cannot_prove_presence(case: Case, on: date, years: int) -> bool:
    """Neither documents nor the entry date show ``years`` years here before ``on``.

    Unknown counts as a risk: with no date at all, the answer is yes.
    """
    shown = [
        day
        for day in (case.person.presence_proof_since, case.person.entry_date)
        if day is not None and years_between(day, on) >= years
    ]
    return not shown


@check
def record_in_categories(case: Case, on: date, categories: list[OffenseCategory]) -> bool:
    """Any arrest, charge, admission or conviction in one of ``categories``, whatever its outcome."""
    return any(r.category in categories for r in case.criminal_history)


@check
def born_in(case: Case, on: date, countries: list[str]) -> bool:
    """The country of birth is one of ``countries`` (names compared without case or accents)."""
    return any(same_country(case.person.country_of_birth, name) for name in countries)


@check
def protection_or_other_country(case: Case, on: date) -> bool:
    """Withholding or CAT was granted, or ICE names a country other than the country of birth."""
    p = case.proceedings
    if p.protection_granted in ("withholding", "cat"):
        return True
    return bool(p.removal_country) and not same_country(
        p.removal_country, case.person.country_of_birth
    )


class Termination(TypedDict):
    """One country whose TPS ended: the names people write for it, and the day it ended."""

    names: list[str]
    ended: date


@check
def tps_ended(case: Case, on: date, terminations: list[Termination]) -> bool:
    """The person's TPS country is one whose TPS had ended by ``on``."""
    country = case.immigration.tps_country
    return any(
        on >= item["ended"] and any(same_country(country, name) for name in item["names"])
        for item in terminations
    )
