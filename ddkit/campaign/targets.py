"""The campaign's targets for one case: the ICE field office to file at, and whom in Congress.

**The field office.** A request goes to the office with jurisdiction over the case: the office
with custody when the person is detained (the detention state and county), otherwise the
office for where the person lives (8 CFR 241.6; DOMAIN.md sections 4 and 8, D11: filing at
the wrong office is a listed reason for rejecting a stay request, Form I-246). Where the person
lives is ``person.state``, else the state of the home ZIP code. Texas, California and New York
are split between offices by county: the kit uses the detention county when it has one, or a
county the user gives. The shipped ZIP code table holds states and districts, not counties, so
for a home in a split state the kit asks for the county and never guesses it; for Texas, where
its source names only regions, it lists the candidate offices and says it cannot tell.

**Congress.** The home ZIP code gives the districts (:mod:`ddkit.campaign.congress`); a ZIP
code that crosses a district line needs the person to confirm theirs. Nothing here is
addressed to a congressional office without ``consent.congressional_contact``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ddkit.case import Case
from ddkit.errors import UserError
from ddkit.i18n import t


@dataclass(frozen=True)
class FilingOffice:
    """Where the case's requests are filed, and how the kit knows (or why it cannot tell).

    ``basis``: ``custody`` (detained) or ``home``. ``status``: ``found``, ``county_needed``,
    ``county_unknown`` (as :class:`~ddkit.campaign.offices.Match`), ``state_unknown`` (the case
    gives no state), ``zip_states`` (the home ZIP code crosses a state line) or ``zip_unknown``
    (the ZIP code table does not hold it).
    """

    basis: str
    status: str
    state: str | None
    county: str | None
    offices: tuple  # the office, or the candidates
    states: tuple[str, ...] = ()  # a ZIP code's states, when it crosses a state line

    @property
    def office(self):
        """The one office to file at, or ``None`` when the kit cannot tell."""
        return self.offices[0] if self.status == "found" and len(self.offices) == 1 else None

    def names(self) -> str:
        return ", ".join(o.office for o in self.offices)

    def where(self, lang: str = "en") -> str:
        """``Harris County, TX`` or ``TX``, in ``lang``."""
        if self.county:
            return t("campaign.filing.where_county", lang, county=self.county, state=self.state)
        return self.state or ""

    def text(self, lang: str = "en") -> str:
        """One sentence: the office and why, or what is missing and the candidates."""
        key = f"campaign.filing.{self.basis}_{self.status}"
        return t(key, lang, office=self.names(), state=self.state or "", where=self.where(lang),
                 states=", ".join(self.states))  # fmt: skip


def home_case(zip_code: str) -> Case:
    """A case that says only where the person lives (for ``ddkit offices --zip``)."""
    from ddkit.case import parse_case

    return parse_case({"fictional": True, "person": {"name": "-", "zip": zip_code}})


def home_state(case: Case) -> tuple[str | None, tuple[str, ...], str | None]:
    """The home state: ``person.state``, else the ZIP code's state.

    Returns ``(state, states_of_the_zip, problem)``; ``problem`` is ``state_unknown`` when the
    case gives neither, ``zip_unknown`` for a ZIP code the table does not hold, and
    ``zip_states`` when the ZIP code crosses a state line.
    """
    person = case.person
    if person.state:
        return person.state, (), None
    if not person.zip:
        return None, (), "state_unknown"
    from ddkit.campaign.congress import congress

    try:
        states = congress().for_zip(person.zip).states
    except UserError:
        return None, (), "zip_unknown"
    if len(states) == 1:
        return states[0], states, None
    return None, states, "zip_states"


def filing_office(case: Case, county: str | None = None) -> FilingOffice:
    """The field office for the case: custody if detained, else home (see the module).

    ``county`` is the county the user gives, for a home in a split state (the case has a
    county only for detention).
    """
    from ddkit.campaign.offices import find_office, table

    detained = case.custody.detained
    basis = "custody" if detained else "home"
    states: tuple[str, ...] = ()
    if detained:
        state, problem = case.custody.state, None if case.custody.state else "state_unknown"
        county = county or case.custody.county
    else:
        state, states, problem = home_state(case)
    if problem:
        candidates = tuple(o for o in table().offices if any(s in o.covers or s == o.splits
                                                             for s in states))  # fmt: skip
        return FilingOffice(basis, problem, None, None, candidates, states)
    match = find_office(state, county)
    return FilingOffice(basis, match.status, match.state, match.county, match.offices, states)


# ---------------------------------------------------------------- Congress


@dataclass(frozen=True)
class CaseCongress:
    """The members of Congress for a case, or why the kit has none to name.

    ``status``: ``found`` (one district), ``confirm`` (the ZIP code crosses a district line:
    the person confirms theirs), ``state_only`` (a home state but no ZIP code: the senators
    only), ``zip_unknown``, ``no_place`` (no ZIP code or state) or ``no_consent`` (nothing is
    addressed to a congressional office without ``consent.congressional_contact``).
    """

    status: str
    lookup: object | None = None  # a ddkit.campaign.congress.Lookup
    source: object | None = None  # its Source: date and origin, shown with the members

    @property
    def members(self) -> tuple:
        return self.lookup.members if self.lookup is not None else ()

    def text(self, lang: str = "en") -> str:
        """One sentence for the plan: whose offices to ask, and how old the data is."""
        senators = [m for m in self.members if m.chamber == "sen"]
        house = [m for m in self.members if m.chamber == "rep"]
        key = f"campaign.note.congress_{self.status}"
        text = t(key, lang, senators=_names(senators, lang), house=_names(house, lang, " / "))
        if self.source is not None:
            text += " " + t("campaign.note.congress_as_of", lang,
                            day=self.source.snapshot.isoformat())  # fmt: skip
        return text


def _names(members, lang: str, sep: str = ", ") -> str:
    return sep.join(f"{m.name} ({m.title(lang)}, {m.seat()})" for m in members) or "—"


def congress_for_case(case: Case, district: int | str | None = None) -> CaseCongress:
    """The members for the person's home ZIP code (and the district, once confirmed)."""
    if not case.consent.congressional_contact:
        return CaseCongress("no_consent")
    from ddkit.campaign.congress import congress

    data = congress()
    if case.person.zip:
        try:
            data.for_zip(case.person.zip)
        except UserError:
            return CaseCongress("zip_unknown", None, data.source)
        found = data.lookup(zip_code=case.person.zip, district=district)
        return CaseCongress("found" if found.confirmed else "confirm", found, data.source)
    if case.person.state:
        found = data.lookup(state=case.person.state)
        senators = tuple(replace(target, house=()) for target in found.targets)
        return CaseCongress("state_only", replace(found, targets=senators), data.source)
    return CaseCongress("no_place")


def plan_notes(case: Case, lang: str) -> dict[str, str]:
    """Notes the plan adds to its tasks: where to file, whom in Congress, how old the data is."""
    notes = {}
    where = filing_office(case).text(lang)
    for task in ("request_stay_of_removal", "request_pd_request", "request_release_request"):
        notes[task] = where
    notes["congressional_inquiry"] = congress_for_case(case).text(lang)
    try:
        from ddkit.law import reviewed

        notes["legal_consult"] = t("law.reviewed", lang, day=reviewed().isoformat())
    except ImportError:  # pragma: no cover - a kit without its legal data
        pass
    return notes
