"""Read a download of the upstream congressional data, checking every entry it relies on.

Three public-domain files make the kit's trimmed copy (see :mod:`ddkit.campaign.congress_copy`):

- ``legislators-current`` and ``legislators-district-offices`` (YAML or JSON) from the
  unitedstates/congress-legislators project (CC0), keyed by ``id.bioguide``;
- ``zccd.csv`` from OpenSourceActivismTech/us-zipcodes-congress: Census ZIP code tabulation
  areas (ZCTAs) and the 119th Congress districts they touch (``state_abbr,zcta,cd``; an
  at-large district is 0), built from Census files (US Government works).

A folder holds them directly or in ``congress-legislators/`` and ``zcta-congress/`` (the
layout of ``reference/``), each with an optional ``SNAPSHOT`` file (``<commit> <date>``).
Anything missing or malformed fails with :class:`CongressDataError`, naming the file and the
entry, key or column, so a broken or partial download never replaces a good copy.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ddkit.campaign.congress import DistrictOffice, Member
from ddkit.errors import UserError
from ddkit.i18n import t
from ddkit.values import US_STATES

CURRENT = "legislators-current"
DISTRICT_OFFICES = "legislators-district-offices"
ZCTA_FILE = "zccd.csv"
SUFFIXES = (".yaml", ".yml", ".json")
SUBFOLDERS = ("", "congress-legislators", "zcta-congress")
ZCTA_COLUMNS = ("state_abbr", "zcta", "cd")
# The 50 states and DC: a complete download has senators for every state and a House member
# or delegate for each of these, and ZCTAs in each of them.
STATES_51 = tuple(s for s in US_STATES if s not in ("PR", "GU", "VI", "MP", "AS"))
OFFICE_KEYS = ("address", "suite", "building", "city", "state", "zip", "phone")


class CongressDataError(UserError):
    """A congressional data file is missing or malformed: names the file and what is wrong."""

    def __init__(self, file: str, problem: str, **values: Any) -> None:
        super().__init__("campaign.congress.bad_file")
        self.file, self.problem, self.problem_values = file, problem, values

    def message(self, lang: str | None = None) -> str:
        what = t(f"campaign.congress.problem.{self.problem}", lang, **self.problem_values)
        return t("campaign.congress.bad_file", lang, file=self.file, problem=what)


@dataclass(frozen=True)
class Snapshot:
    """Where a file set came from: its commit and date (from ``SNAPSHOT``, or given)."""

    commit: str
    day: date


@dataclass(frozen=True)
class Download:
    """Everything read from one download, checked and ready to trim."""

    members: tuple[Member, ...]
    zctas: dict[str, tuple[tuple[str, int], ...]]  # ZCTA -> ((state, district), ...)
    legislators: Snapshot
    zcta: Snapshot


def _bad(path: Path | str, problem: str, **values: Any) -> CongressDataError:
    return CongressDataError(Path(path).name, problem, **values)


def find_file(folder: Path, name: str, suffixes: tuple[str, ...] = ("",)) -> Path | None:
    """``name`` (with one of ``suffixes``) in ``folder`` or its two known subfolders."""
    for sub in SUBFOLDERS:
        for suffix in suffixes:
            path = folder / sub / f"{name}{suffix}"
            if path.is_file():
                return path
    return None


def _need_file(folder: Path, name: str, suffixes: tuple[str, ...] = ("",)) -> Path:
    path = find_file(folder, name, suffixes)
    if path is None:
        raise _bad(name + suffixes[0], "missing_file", folder=folder.name or str(folder))
    return path


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


def _entries(path: Path) -> list[dict]:
    data = _read(path)
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise _bad(path, "not_list")
    return data


def _need(path: Path, n: int, entry: dict, *keys: str, within: str = "") -> Any:
    """``entry[keys[0]][keys[1]]...``, or an error naming entry ``n`` and the dotted key."""
    value: Any = entry
    for key in keys:
        if not isinstance(value, dict) or value.get(key) in (None, "", []):
            raise _bad(path, "entry", n=n, field=".".join((within, *keys) if within else keys))
        value = value[key]
    return value


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def read_legislators(path: Path, offices: dict[str, tuple[DistrictOffice, ...]]
                     ) -> tuple[Member, ...]:  # fmt: skip
    """Read ``legislators-current``: each member's latest term, with their district offices."""
    members, seen = [], set()
    for n, entry in enumerate(_entries(path), start=1):
        bioguide = _text(_need(path, n, entry, "id", "bioguide"))
        if bioguide in seen:
            raise _bad(path, "duplicate", n=n, field="id.bioguide")
        seen.add(bioguide)
        terms = _need(path, n, entry, "terms")
        term = terms[-1] if isinstance(terms, list) and isinstance(terms[-1], dict) else None
        if term is None:
            raise _bad(path, "entry", n=n, field="terms")
        chamber = _need(path, n, term, "type", within="terms")
        if chamber not in ("sen", "rep"):
            raise _bad(path, "entry", n=n, field="terms.type")
        state = _text(_need(path, n, term, "state", within="terms"))
        if state not in US_STATES:
            raise _bad(path, "entry", n=n, field="terms.state")
        district = term.get("district")
        if chamber == "rep" and (not isinstance(district, int) or isinstance(district, bool)):
            raise _bad(path, "entry", n=n, field="terms.district")
        name = entry.get("name") if isinstance(entry.get("name"), dict) else {}
        full = name.get("official_full") or " ".join(
            str(x) for x in (name.get("first"), name.get("last")) if x
        )
        if not full:
            raise _bad(path, "entry", n=n, field="name.official_full")
        members.append(
            Member(
                bioguide=bioguide,
                name=_text(full),
                chamber=chamber,
                state=state,
                district=district if chamber == "rep" else None,
                party=_text(_need(path, n, term, "party", within="terms")),
                phone=_text(term.get("phone")),
                address=_text(term.get("address")),
                contact_form=_text(term.get("contact_form")),
                url=_text(term.get("url")),
                offices=offices.get(bioguide, ()),
            )
        )
    # DC's and the territories' House members are delegates: their places have no senators.
    senate = {m.state for m in members if m.chamber == "sen"}
    return tuple(replace(m, votes=m.chamber == "sen" or m.state in senate) for m in members)


def read_district_offices(path: Path) -> dict[str, tuple[DistrictOffice, ...]]:
    """Read ``legislators-district-offices``, keyed by ``id.bioguide``."""
    found: dict[str, tuple[DistrictOffice, ...]] = {}
    for n, entry in enumerate(_entries(path), start=1):
        bioguide = _text(_need(path, n, entry, "id", "bioguide"))
        rows = _need(path, n, entry, "offices")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise _bad(path, "entry", n=n, field="offices")
        for row in rows:
            for key in ("city", "state"):
                if not row.get(key):
                    raise _bad(path, "entry", n=n, field=f"offices.{key}")
        found[bioguide] = tuple(
            DistrictOffice(**{key: _text(row.get(key)) for key in OFFICE_KEYS}) for row in rows
        )
    return found


def read_zctas(path: Path) -> dict[str, tuple[tuple[str, int], ...]]:
    """Read ``zccd.csv``: every ZCTA and the districts (state, number) it touches, sorted."""
    found: dict[str, set[tuple[str, int]]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ZCTA_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise _bad(path, "column", column=missing[0])
            for n, row in enumerate(reader, start=2):
                state, zcta, cd = (str(row.get(c) or "").strip() for c in ZCTA_COLUMNS)
                if not re.fullmatch(r"\d{5}", zcta):
                    raise _bad(path, "row", n=n, column="zcta")
                if state not in US_STATES:
                    raise _bad(path, "row", n=n, column="state_abbr")
                if not re.fullmatch(r"\d{1,2}", cd):
                    raise _bad(path, "row", n=n, column="cd")
                found.setdefault(zcta, set()).add((state, int(cd)))
    except (OSError, UnicodeDecodeError, csv.Error):
        raise _bad(path, "unreadable", line="?") from None
    return {zcta: tuple(sorted(seats)) for zcta, seats in found.items()}


def read_snapshot(folder: Path, sibling: Path, as_of: date | None) -> Snapshot:
    """The ``SNAPSHOT`` beside ``sibling`` (``<commit> <ISO date>``), else the date ``as_of``."""
    path = sibling.parent / "SNAPSHOT"
    if not path.is_file():
        if as_of is None:
            raise _bad("SNAPSHOT", "no_snapshot", folder=sibling.parent.name or str(folder))
        return Snapshot(commit="", day=as_of)
    try:
        commit, stamp = path.read_text(encoding="utf-8").split()[:2]
        day = date.fromisoformat(stamp[:10])
    except (OSError, UnicodeDecodeError, ValueError):
        raise _bad(path, "snapshot") from None
    if not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        raise _bad(path, "snapshot")
    return Snapshot(commit=commit, day=day)


def check_complete(members: tuple[Member, ...], zctas: dict, files: tuple[Path, Path]) -> None:
    """Refuse a partial download: every state needs senators, a House seat and ZCTAs."""
    senators = {m.state for m in members if m.chamber == "sen"}
    house = {m.state for m in members if m.chamber == "rep"}
    with_zctas = {state for seats in zctas.values() for state, _ in seats}
    for state in STATES_51:
        if state != "DC" and state not in senators:
            raise _bad(files[0], "partial_senate", state=state)
        if state not in house:
            raise _bad(files[0], "partial_house", state=state)
        if state not in with_zctas:
            raise _bad(files[1], "partial_zctas", state=state)


def read_download(folder: str | Path, as_of: date | None = None, complete: bool = True
                  ) -> Download:  # fmt: skip
    """Read and check a whole download folder (``complete``: refuse one that lacks a state)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise _bad(folder, "not_folder")
    current = _need_file(folder, CURRENT, SUFFIXES)
    offices_file = _need_file(folder, DISTRICT_OFFICES, SUFFIXES)
    zcta_file = _need_file(folder, ZCTA_FILE)
    snapshots = (read_snapshot(folder, current, as_of), read_snapshot(folder, zcta_file, as_of))
    members = read_legislators(current, read_district_offices(offices_file))
    zctas = read_zctas(zcta_file)
    if complete:
        check_complete(members, zctas, (current, zcta_file))
    return Download(members, zctas, legislators=snapshots[0], zcta=snapshots[1])
