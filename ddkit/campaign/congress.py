"""Congressional offices: read the public-domain unitedstates/congress-legislators files.

The kit does not ship the list of members of Congress (it changes). Users download
``legislators-current`` and ``legislators-district-offices`` (YAML or JSON) from the
unitedstates/congress-legislators project on GitHub and point the kit at the folder. Look-ups
go by state and district; the kit never maps a ZIP code to a district, because one ZIP code
can straddle two: the user confirms the district (DOMAIN.md section 6).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ddkit.case import US_STATES
from ddkit.errors import UserError
from ddkit.i18n import t

CURRENT = "legislators-current"
DISTRICT_OFFICES = "legislators-district-offices"
SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class DistrictOffice:
    """A member's office back home."""

    city: str
    state: str
    address: str = ""
    suite: str = ""
    zip: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Member:
    """A current member of Congress (their latest term)."""

    bioguide: str
    name: str
    chamber: str  # "sen" or "rep"
    state: str
    district: int | None
    party: str = ""
    phone: str = ""
    address: str = ""
    url: str = ""
    offices: tuple[DistrictOffice, ...] = ()

    def title(self, lang: str = "en") -> str:
        """ "Senator" or "House member", in ``lang``."""
        return t(
            "campaign.congress.senator" if self.chamber == "sen" else "campaign.congress.house",
            lang,
        )


@dataclass(frozen=True)
class Congress:
    """The members read from the user's files."""

    members: tuple[Member, ...]

    def states(self) -> tuple[str, ...]:
        return tuple(sorted({m.state for m in self.members}))

    def districts(self, state: str) -> tuple[int, ...]:
        """The House districts of a state in this data (0 is an at-large seat)."""
        state = self._state(state)
        return tuple(
            sorted({m.district for m in self.members if m.state == state and m.chamber == "rep"})
        )

    def for_state(self, state: str, district: int | None = None) -> tuple[Member, ...]:
        """The senators for ``state`` and, once the user confirms it, the district's House member."""
        state = self._state(state)
        senators = tuple(m for m in self.members if m.state == state and m.chamber == "sen")
        if district is None:
            return senators
        if district not in self.districts(state):
            choices = ", ".join(str(d) for d in self.districts(state))
            raise UserError(
                "campaign.congress.bad_district", state=state, district=district, choices=choices
            )
        house = tuple(
            m
            for m in self.members
            if m.state == state and m.chamber == "rep" and m.district == district
        )
        return senators + house

    def _state(self, state: str) -> str:
        code = (state or "").strip().upper()
        if code not in US_STATES:
            raise UserError("campaign.congress.bad_state", choices=", ".join(US_STATES))
        return code


def where_to_get(lang: str = "en") -> str:
    """Where to download the data, and why the kit asks the user to confirm the district."""
    return t("campaign.congress.where", lang) + " " + t("campaign.congress.zip_note", lang)


def find_file(folder: str | Path, stem: str) -> Path | None:
    """The YAML or JSON file named ``stem`` in ``folder``, if there is one."""
    for suffix in SUFFIXES:
        path = Path(folder) / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def load_congress(folder: str | Path) -> Congress:
    """Read the members (and their district offices, when that file is there) from ``folder``."""
    current = find_file(folder, CURRENT)
    if current is None:
        raise UserError("campaign.congress.missing", where=t("campaign.congress.where"))
    offices_file = find_file(folder, DISTRICT_OFFICES)
    offices = load_district_offices(offices_file) if offices_file else {}
    return Congress(members=load_legislators(current, offices))


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except json.JSONDecodeError as exc:
        raise _bad(path, "unreadable", line=exc.lineno) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _bad(path, "unreadable", line=mark.line + 1 if mark else "?") from None
    except (OSError, UnicodeDecodeError):
        raise _bad(path, "unreadable", line="?") from None


class CongressDataError(UserError):
    """A congressional data file is malformed: names the file, the entry and what is missing."""

    def __init__(self, file: str, problem: str, **values: Any) -> None:
        super().__init__("campaign.congress.bad_file")
        self.file, self.problem, self.problem_values = file, problem, values

    def message(self, lang: str | None = None) -> str:
        what = t(f"campaign.congress.problem.{self.problem}", lang, **self.problem_values)
        return t("campaign.congress.bad_file", lang, file=self.file, problem=what)


def _bad(path: Path, problem: str, **values: Any) -> CongressDataError:
    return CongressDataError(path.name, problem, **values)


def _entries(path: Path) -> list[dict]:
    data = _read(path)
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise _bad(path, "not_list")
    return data


def _need(path: Path, n: int, entry: dict, *keys: str) -> Any:
    value: Any = entry
    for key in keys:
        if not isinstance(value, dict) or value.get(key) in (None, "", []):
            raise _bad(path, "entry", n=n, field=".".join(keys))
        value = value[key]
    return value


def load_legislators(
    path: str | Path, offices: dict[str, tuple[DistrictOffice, ...]] | None = None
) -> tuple[Member, ...]:
    """Read ``legislators-current`` (YAML or JSON); a malformed file fails naming what is wrong."""
    path = Path(path)
    offices = offices or {}
    members = []
    for n, entry in enumerate(_entries(path), start=1):
        bioguide = str(_need(path, n, entry, "id", "bioguide"))
        terms = _need(path, n, entry, "terms")
        term = terms[-1] if isinstance(terms, list) and isinstance(terms[-1], dict) else None
        if term is None:
            raise _bad(path, "entry", n=n, field="terms")
        chamber = _need(path, n, term, "type")
        state = str(_need(path, n, term, "state"))
        if chamber not in ("sen", "rep"):
            raise _bad(path, "entry", n=n, field="terms.type")
        district = term.get("district")
        if chamber == "rep" and not isinstance(district, int):
            raise _bad(path, "entry", n=n, field="terms.district")
        name = entry.get("name") or {}
        full = name.get("official_full") or " ".join(
            x for x in (name.get("first"), name.get("last")) if x
        )
        if not full:
            raise _bad(path, "entry", n=n, field="name")
        members.append(
            Member(
                bioguide=bioguide,
                name=str(full),
                chamber=chamber,
                state=state,
                district=district if chamber == "rep" else None,
                party=str(term.get("party") or ""),
                phone=str(term.get("phone") or ""),
                address=str(term.get("address") or ""),
                url=str(term.get("url") or ""),
                offices=offices.get(bioguide, ()),
            )
        )
    return tuple(members)


def load_district_offices(path: str | Path) -> dict[str, tuple[DistrictOffice, ...]]:
    """Read ``legislators-district-offices`` (YAML or JSON), keyed by ``id.bioguide``."""
    path = Path(path)
    found: dict[str, tuple[DistrictOffice, ...]] = {}
    for n, entry in enumerate(_entries(path), start=1):
        bioguide = str(_need(path, n, entry, "id", "bioguide"))
        rows = entry.get("offices") or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise _bad(path, "entry", n=n, field="offices")
        found[bioguide] = tuple(
            DistrictOffice(
                city=str(r.get("city") or ""),
                state=str(r.get("state") or ""),
                address=str(r.get("address") or ""),
                suite=str(r.get("suite") or ""),
                zip=str(r.get("zip") or ""),
                phone=str(r.get("phone") or ""),
            )
            for r in rows
        )
    return found
