"""Members of Congress by ZIP code or state, from the public data shipped with the kit.

The kit ships a trimmed copy of two public-domain data sets in ``ddkit/data/congress/``
(``SOURCE.yaml`` says where each comes from, its date and its license):

- the members of Congress and their offices (unitedstates/congress-legislators, CC0);
- Census ZIP code tabulation areas (ZCTAs) and the 119th Congress districts each touches.

About 15% of ZIP codes cross a district line, so a look-up by ZIP code lists every district
it touches and the person confirms theirs (DOMAIN.md section 6). ``ddkit congress update``
refreshes the copy from a newer download (:mod:`ddkit.campaign.congress_copy`); the refreshed
copy lives in the kit's data folder and is used while it is at least as new as the shipped one.

Nothing is read when this module is imported: the files load on the first look-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from ddkit.errors import UserError
from ddkit.i18n import t
from ddkit.values import US_STATES, normalize_zip

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "congress"
# Puerto Rico's member of the House is its Resident Commissioner (48 U.S.C. 891); DC and the
# other territories elect a Delegate (2 U.S.C. 25a, 48 U.S.C. 1711, 1731, 1751). Neither
# votes on the House floor, and none of them has senators.
RESIDENT_COMMISSIONER = frozenset({"PR"})


@dataclass(frozen=True)
class DistrictOffice:
    """A member's office back home."""

    city: str
    state: str
    address: str = ""
    suite: str = ""
    building: str = ""
    zip: str = ""
    phone: str = ""

    def street(self) -> str:
        """Building, street and suite on one line."""
        return ", ".join(x for x in (self.building, self.address, self.suite) if x)


@dataclass(frozen=True)
class Member:
    """A current member of Congress, from their latest term."""

    bioguide: str
    name: str
    chamber: str  # "sen" or "rep"
    state: str
    district: int | None  # House only; 0 is an at-large seat, a delegate or PR
    party: str = ""
    phone: str = ""
    address: str = ""
    contact_form: str = ""
    url: str = ""
    offices: tuple[DistrictOffice, ...] = ()
    votes: bool = True  # False for DC's and the territories' delegates

    @property
    def role(self) -> str:
        """``senator``, ``representative``, ``delegate`` or ``resident_commissioner``."""
        if self.chamber == "sen":
            return "senator"
        if self.votes:
            return "representative"
        return "resident_commissioner" if self.state in RESIDENT_COMMISSIONER else "delegate"

    def title(self, lang: str = "en") -> str:
        """The member's title in ``lang``: Senator, Representative, Delegate..."""
        return t(f"campaign.congress.role.{self.role}", lang)

    def office_name(self, lang: str = "en") -> str:
        """The office as a letter's sender line writes it: "Office of Senator ..."."""
        return t(f"campaign.congress.office_name.{self.role}", lang, name=self.name,
                 seat=self.seat())  # fmt: skip

    def office_phrase(self, lang: str = "en") -> str:
        """The office inside a sentence: "the office of Senator ..."."""
        return t(f"campaign.congress.office_phrase.{self.role}", lang, name=self.name,
                 seat=self.seat())  # fmt: skip

    def seat(self) -> str:
        """``TX`` for a senator, ``TX-35`` for a House member, ``VT`` for an at-large seat."""
        return self.state if self.district is None else seat_name(self.state, self.district)


@dataclass(frozen=True)
class Source:
    """Where the data comes from and how old it is (shown with every member)."""

    snapshot: date  # the members' data
    legislators_commit: str
    zcta_date: date
    zcta_commit: str
    folder: Path

    def note(self, lang: str = "en") -> str:
        """One sentence: both sources, their dates and licenses, and "verify before use"."""
        return t(
            "campaign.congress.source",
            lang,
            snapshot=self.snapshot.isoformat(),
            zcta_date=self.zcta_date.isoformat(),
        )

    def to_dict(self) -> dict[str, str]:
        return {
            "as_of": self.snapshot.isoformat(),
            "members_source": "unitedstates/congress-legislators",
            "members_commit": self.legislators_commit,
            "members_license": "CC0-1.0",
            "zip_source": "U.S. Census Bureau ZCTAs and 119th Congress districts "
            "(OpenSourceActivismTech/us-zipcodes-congress)",
            "zip_as_of": self.zcta_date.isoformat(),
            "zip_license": "public domain (US Government work)",
        }


@dataclass(frozen=True)
class ZipMatch:
    """The districts a ZIP code touches: ``(state, district)`` pairs, sorted."""

    zip: str
    seats: tuple[tuple[str, int], ...]

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(sorted({state for state, _ in self.seats}))

    @property
    def crosses(self) -> bool:
        """Whether the ZIP code touches more than one district: the person confirms theirs."""
        return len(self.seats) > 1


@dataclass(frozen=True)
class Targets:
    """Whom to contact for one state (and district): senators and House members."""

    state: str
    district: int | None
    senators: tuple[Member, ...]
    house: tuple[tuple[int, tuple[Member, ...]], ...]  # (district, members); empty: vacant
    has_senators: bool

    @property
    def members(self) -> tuple[Member, ...]:
        return self.senators + tuple(m for _, ms in self.house for m in ms)


@dataclass(frozen=True)
class Lookup:
    """The answer to ``ddkit congress``: the ZIP code's districts, and whom to contact."""

    zip: ZipMatch | None
    targets: tuple[Targets, ...]  # one per state (a few ZIP codes cross a state line)

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(m for target in self.targets for m in target.members)

    @property
    def confirmed(self) -> bool:
        """Whether there is one district only (else the person confirms theirs)."""
        return sum(len(target.house) for target in self.targets) == 1


def seat_name(state: str, district: int) -> str:
    """A House seat as people write it: ``TX-35``; an at-large seat or delegate: ``VT``.

    >>> seat_name("TX", 35), seat_name("VT", 0)
    ('TX-35', 'VT')
    """
    return f"{state}-{district}" if district else state


@dataclass
class Congress:
    """The members and the ZIP code table of one copy of the data."""

    members: tuple[Member, ...]
    source: Source
    _zcta_text: str = field(repr=False, default="")
    _zips: dict[str, tuple[tuple[str, int], ...]] | None = field(repr=False, default=None)
    _by_seat: dict | None = field(repr=False, default=None)
    _states: tuple[str, ...] = field(repr=False, default=())

    # ------------------------------------------------------------ ZIP codes

    def zip_index(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Every ZCTA and the districts it touches (built on first use)."""
        if self._zips is None:
            from ddkit.campaign.congress_files import parse_zctas

            self._zips = parse_zctas(self._zcta_text)
        return self._zips

    def for_zip(self, zip_code: str) -> ZipMatch:
        """The districts a ZIP code touches; a malformed or unknown one is a clear error."""
        code = check_zip(zip_code)
        seats = self.zip_index().get(code)
        if not seats:
            raise UserError("campaign.congress.unknown_zip")
        return ZipMatch(code, seats)

    # ------------------------------------------------------------ states and districts

    def _seats(self) -> dict[tuple[str, str, int | None], tuple[Member, ...]]:
        """The members by (state, chamber, district), built once: look-ups read a dict."""
        if self._by_seat is None:
            seats: dict[tuple[str, str, int | None], list[Member]] = {}
            for m in self.members:
                seats.setdefault((m.state, m.chamber, m.district), []).append(m)
            self._by_seat = {key: tuple(ms) for key, ms in seats.items()}
            self._states = tuple(s for s in US_STATES if any(k[0] == s for k in seats))
        return self._by_seat

    def states(self) -> tuple[str, ...]:
        self._seats()
        return self._states

    def districts(self, state: str) -> tuple[int, ...]:
        """The House seats of a state: from the members and from the ZIP table (vacancies)."""
        state = self.check_state(state)
        seats = {m.district for m in self.members if m.state == state and m.chamber == "rep"}
        seats |= {d for zs in self.zip_index().values() for s, d in zs if s == state}
        return tuple(sorted(seats))

    def targets(self, state: str, district: int | str | None = None,
                seats: tuple[int, ...] | None = None) -> Targets:  # fmt: skip
        """The senators of ``state`` and its House members: of one ``district``, of the
        districts in ``seats``, or of every district."""
        state = self.check_state(state)
        chosen = seats if seats is not None else self.districts(state)
        if district is not None and str(district).strip() != "":
            number = district_number(district)
            if number not in chosen:
                choices = ", ".join(str(d) for d in chosen)
                raise UserError("campaign.congress.bad_district", state=state, choices=choices)
            chosen = (number,)
        senators = self._seats().get((state, "sen", None), ())
        house = tuple((d, self.house(state, d)) for d in chosen)
        return Targets(state, chosen[0] if len(chosen) == 1 else None, senators, house,
                       has_senators=bool(senators))  # fmt: skip

    def house(self, state: str, district: int) -> tuple[Member, ...]:
        """The House member of a district (none if the seat is vacant in the data)."""
        return self._seats().get((state, "rep", district), ())

    def lookup(self, zip_code: str | None = None, state: str | None = None,
               district: int | str | None = None) -> Lookup:  # fmt: skip
        """Whom to contact for a ZIP code or a state, and (once confirmed) a district.

        A ZIP code gives every district it touches; ``district`` keeps one of them (an error
        lists the choices when the ZIP code is not in it).
        """
        if zip_code is None:
            if not state:
                raise UserError("campaign.congress.need_zip_or_state")
            return Lookup(None, (self.targets(state, district),))
        match = self.for_zip(zip_code)
        seats = match.seats
        if district is not None and str(district).strip() != "":
            number = district_number(district)
            seats = tuple(s for s in seats if s[1] == number)
            if not seats:
                choices = ", ".join(seat_name(*s) for s in match.seats)
                raise UserError("campaign.congress.district_not_in_zip", choices=choices)
        targets = tuple(
            self.targets(st, seats=tuple(d for s, d in seats if s == st))
            for st in sorted({s for s, _ in seats})
        )
        return Lookup(match, targets)

    def member(self, bioguide: str) -> Member:
        """The member with this bioguide id (shown by ``ddkit congress``)."""
        wanted = (bioguide or "").strip().upper()
        for m in self.members:
            if m.bioguide == wanted:
                return m
        raise UserError("campaign.congress.unknown_member")

    def check_state(self, state: str | None) -> str:
        code = (state or "").strip().upper()
        if code not in self.states():
            raise UserError("campaign.congress.bad_state", choices=", ".join(self.states()))
        return code


def check_zip(zip_code: str | None) -> str:
    """A ZIP code as 5 digits (ZIP+4 is cut to 5), or a clear error that does not repeat it.

    >>> check_zip(" 78704-1234 ")
    '78704'
    """
    try:
        code = normalize_zip(zip_code)
    except ValueError:
        code = None
    if not code:
        raise UserError("campaign.congress.bad_zip")
    return code


def district_number(district: int | str) -> int:
    """A district number; ``AL`` (how some lists write an at-large seat) is 0.

    >>> district_number("07"), district_number("al")
    (7, 0)
    """
    text = str(district).strip().upper()
    if text in ("AL", "AT-LARGE", "AT LARGE"):
        return 0
    if not re.fullmatch(r"\d{1,2}", text):
        raise UserError("campaign.congress.bad_district_number")
    return int(text)


@cache
def _load(folder: str, stamp: float) -> Congress:
    """One copy, read and indexed, kept in the kit's data cache (:mod:`ddkit.datacache`).

    Reading the copy and indexing its ZIP codes took ~0.15 s of every kernel of module 06
    (issue 13). The cache is keyed by the copy's four files and the code that reads them.
    """
    from ddkit import datacache
    from ddkit.campaign import congress_files

    path = Path(folder)
    files = [path / name for name in congress_files.FILES]
    code = [Path(__file__), Path(congress_files.__file__)]
    data = datacache.load(
        "congress", files + code, lambda: _indexed(congress_files.parse_copy(path))
    )
    # The same bytes may have been cached from another checkout of the kit: say where they are.
    data.source = replace(data.source, folder=path)
    return data


def _indexed(data: Congress) -> Congress:
    """The copy with its look-ups built (the ZIP code table, the seats), ready to keep."""
    data.zip_index()
    data._seats()
    data._zcta_text = ""  # parsed into the index above
    return data


def copy_in_use() -> Path:
    """The folder the kit reads: a refreshed copy in the data folder, else the shipped one."""
    from ddkit.campaign.congress_copy import refreshed_copy

    return refreshed_copy() or SHIPPED


def congress() -> Congress:
    """The members and ZIP code table the kit uses now (read once per copy)."""
    folder = copy_in_use()
    try:
        stamp = (folder / "SOURCE.yaml").stat().st_mtime
        return _load(str(folder), stamp)
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError("campaign.congress.damaged_copy") from None
