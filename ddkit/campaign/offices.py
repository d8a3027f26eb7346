"""Which ICE field office to call: look up by state, and by county where a state is split.

The table ships as data (``ddkit/data/ice-field-offices.csv``) with its source and "as of"
date in ``ice-field-offices.yaml``. Offices move and numbers change, so every answer carries
the note "verify before you call". Texas, California and New York are split between offices
by county (``field-office-counties.csv``). For California and New York the source names every
county or "the rest of the state"; for Texas it names only regions ("North Texas", ...), so
the kit lists the possible offices and says it cannot tell, rather than guess.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ddkit.errors import UserError
from ddkit.i18n import t

_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Office:
    """One ICE ERO field office, as our source lists it."""

    office: str
    address: str
    city: str
    state: str
    zip: str
    phone: str | None
    area: str
    covers: tuple[str, ...]  # states and territories it covers whole
    splits: str | None  # the split state it covers part of, if any

    def to_dict(self, as_of: str, source: str) -> dict[str, str | None]:
        """The documented JSON shape of ``ddkit offices --format json``."""
        return {
            "office": self.office,
            "address": self.address,
            "city": self.city,
            "state": self.state,
            "zip": self.zip,
            "phone": self.phone,
            "area": self.area,
            "as_of": as_of,
            "source": source,
        }


@dataclass(frozen=True)
class County:
    """A county of a split state and the office that covers it (``None``: unknown)."""

    state: str
    name: str
    fips: str
    office: str | None
    basis: str  # listed, rest_of_state or unknown
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """The answer to a lookup: one office, or the candidates and why the kit cannot choose.

    ``status`` is ``found``, ``county_needed`` (a split state, no county given) or
    ``county_unknown`` (the source does not say which office covers that county).
    """

    state: str
    county: str | None
    offices: tuple[Office, ...]
    status: str


@dataclass(frozen=True)
class Table:
    """The field-office table with its source note."""

    offices: tuple[Office, ...]
    counties: tuple[County, ...]
    source: str
    as_of: str
    split_states: tuple[str, ...]

    def states(self) -> tuple[str, ...]:
        """Every state and territory code the table covers, sorted."""
        codes = {c for o in self.offices for c in o.covers}
        codes |= {o.splits for o in self.offices if o.splits}
        return tuple(sorted(codes))

    def office(self, name: str) -> Office:
        return next(o for o in self.offices if o.office == name)


def _covers(area: str, own_state: str, aliases: dict[str, str]) -> tuple[tuple[str, ...], bool]:
    """Read an area_of_responsibility: whole states covered, and whether it covers part of its own.

    >>> _covers("North Texas, OK", "TX", {})
    (('OK',), True)
    >>> _covers("Northern CA, HI, Guam", "CA", {"Guam": "GU"})
    (('HI', 'GU'), True)
    """
    whole: list[str] = []
    partial = False
    for token in (part.strip() for part in re.split(r"[,;]", area)):
        if re.fullmatch(r"[A-Z]{2}", token):
            whole.append(token)
        elif token in aliases:
            whole.append(aliases[token])
        elif token:
            partial = True  # words such as "North Texas" or a list of counties
    return tuple(whole), partial and own_state not in whole


def _read_csv(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def table() -> Table:
    """The shipped field-office table (read once)."""
    meta = yaml.safe_load((_DATA / "ice-field-offices.yaml").read_text(encoding="utf-8"))
    aliases = meta["offices"]["aliases"]
    offices = []
    for row in _read_csv(meta["offices"]["file"]):
        whole, partial = _covers(row["area_of_responsibility"], row["state"], aliases)
        offices.append(
            Office(
                office=row["office"],
                address=row["address"],
                city=row["city"],
                state=row["state"],
                zip=row["zip"],
                phone=row["phone"] or None,
                area=row["area_of_responsibility"],
                covers=whole,
                splits=row["state"] if partial else None,
            )
        )
    counties = tuple(
        County(
            state=row["state"],
            name=row["county"],
            fips=row["fips"],
            office=row["office"] or None,
            basis=row["basis"],
            aliases=tuple(a for a in row["aliases"].split(";") if a),
        )
        for row in _read_csv(meta["counties"]["file"])
    )
    return Table(
        offices=tuple(offices),
        counties=counties,
        source=" ".join(meta["offices"]["source"].split()),
        as_of=str(meta["offices"]["as_of"]),
        split_states=tuple(meta["counties"]["split_states"]),
    )


def county_key(name: str) -> str:
    """Fold a county name for matching: case, accents, punctuation and the word "county".

    >>> county_key("  St. Lawrence County ")
    'saint lawrence'
    >>> county_key("Condado de Los Ángeles")
    'los angeles'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\b(county|condado de|condado)\b", " ", text)
    text = re.sub(r"\bst\b", "saint", text)
    return " ".join(text.split())


def counties(state: str) -> tuple[County, ...]:
    """The counties of a split state (empty for a state that is not split)."""
    return tuple(c for c in table().counties if c.state == state)


def _find_county(state: str, name: str) -> County:
    wanted = county_key(name)
    for county in counties(state):
        if wanted in {county_key(n) for n in (county.name, *county.aliases)}:
            return county
    choices = ", ".join(c.name for c in counties(state))
    raise UserError("campaign.offices.bad_county", state=state, choices=choices)


def find_office(state: str, county: str | None = None) -> Match:
    """The field office for a state (and county, where the state is split).

    Raises :class:`~ddkit.errors.UserError` listing the choices for an unknown state, or for a
    county that is not in the state.

    >>> find_office("ga").offices[0].office
    'Atlanta'
    >>> find_office("CA", "Imperial").offices[0].office
    'San Diego'
    >>> find_office("TX", "Travis").status
    'county_unknown'
    """
    tab = table()
    code = (state or "").strip().upper()
    if code not in tab.states():
        raise UserError("campaign.offices.bad_state", choices=", ".join(tab.states()))
    if code not in tab.split_states:
        whole = tuple(o for o in tab.offices if code in o.covers)
        return Match(state=code, county=None, offices=whole, status="found")
    candidates = tuple(o for o in tab.offices if o.splits == code)
    if not county or not county.strip():
        return Match(state=code, county=None, offices=candidates, status="county_needed")
    found = _find_county(code, county)
    if found.office is None:
        return Match(state=code, county=found.name, offices=candidates, status="county_unknown")
    return Match(state=code, county=found.name, offices=(tab.office(found.office),), status="found")


def office_text(office: Office, lang: str = "en") -> str:
    """An office as a few plain lines: name, address, phone (or that it is missing), area."""
    phone = (
        t("campaign.offices.phone", lang, phone=office.phone)
        if office.phone
        else t("campaign.offices.no_phone", lang)
    )
    return "\n".join(
        (
            office.office,
            f"  {office.address}, {office.city}, {office.state} {office.zip}",
            f"  {phone}",
            "  " + t("campaign.offices.area", lang, area=office.area),
        )
    )
